// The instrumentation-overhead summary of `ferry bench` from given rounds (no
// timing): per-round ratios against the plain run of the same round, their
// median and 95% interval, the verdict against each target, µs per probe
// event, and a failed side printed as FAILED instead of a ratio.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Rounds, Sample } from "../../bench/interleave.js";
import { formatInstrument, summarizeInstrument } from "../../bench/instrument-overhead.js";
import type { InstrumentSide } from "../../bench/instrument-overhead.js";

/** Samples whose CPU ms are `cpu` (wall twice that: a loaded machine). */
const ms = (cpu: number[], events?: number): Sample[] => cpu.map((c) => ({ cpu: c, wall: 2 * c, ...(events === undefined ? {} : { events }) }));

// Five rounds; round 3 was slow for everything (the load changed), which pairing cancels.
const ROUNDS: Rounds<InstrumentSide> = {
  plain: ms([100, 100, 200, 100, 100]),
  probes: ms([101, 100, 202, 102, 101]),
  count: ms([120, 125, 250, 124, 126]),
  coverage: ms([160, 150, 300, 156, 154]),
  "plain-probe": ms([10, 10, 20, 10, 10]),
  // The global probe: 5 ms once a run plus 1.9 µs per event (round 3: twice that).
  every: ms([205, 205, 410, 205, 205], 100_000),
  "every-long": ms([585, 585, 1170, 585, 585], 300_000),
};
const PARAMS = { main: 25, probe: 14, probeLong: 17 };

describe("instrument overhead summary", () => {
  it("pairs each side with plain of the same round: median ratio, interval, verdict", () => {
    const r = summarizeInstrument(ROUNDS, PARAMS, 1, 5);
    assert.ok(!("error" in r.probes_idle) && !("error" in r.monitor_count) && !("error" in r.monitor_coverage));
    assert.deepEqual(r.probes_idle.cpu, { ratio: 1.01, lo: 1, hi: 1.02, n: 5 }); // 5 pairs: the interval is the whole range
    assert.equal(r.monitor_count.cpu?.ratio, 1.25);
    assert.equal(r.monitor_count.verdict, "met"); // 1.20..1.26 <= 1.3
    assert.equal(r.monitor_coverage.cpu?.ratio, 1.54);
    assert.equal(r.monitor_coverage.verdict, "unclear"); // 1.50..1.60 straddles 1.5
    assert.equal(r.probes_idle.verdict, "met"); // 1.00..1.02 <= 1.03
  });

  it("gives µs per global-probe event as the slope between two parameters, and the setup a run pays once", () => {
    const r = summarizeInstrument(ROUNDS, PARAMS, 1, 5);
    assert.ok(!("error" in r.every_instruction));
    assert.equal(r.every_instruction.events, 100_000);
    assert.equal(r.every_instruction.us_per_event.ratio, 1.9); // (585 - 205) ms / 200,000 events
    assert.equal(r.every_instruction.setup_ms.ratio, 5); // 205 - 10 - 190 ms
    assert.match(formatInstrument(r), /--monitor count\s+CPU 1\.250 \(95% CI 1\.200-1\.260, 5 pairs\); wall 1\.250 .* target <= 1\.30: met/);
    assert.match(formatInstrument(r), /1\.900 µs\/event .*slope between 100000 and 300000 events a run\), plus 5\.0 ms once a run/);
  });

  it("reports a failed side with its error and no ratio", () => {
    const r = summarizeInstrument(ROUNDS, PARAMS, 1, 5, { coverage: "VM failure" });
    assert.ok("error" in r.monitor_coverage);
    assert.equal(r.monitor_coverage.error, "VM failure");
    assert.match(formatInstrument(r), /--monitor coverage\s+FAILED: VM failure/);
  });
});
