// The instrumentation-overhead summary of `ferry bench` from given times (no
// timing): medians, ratios against the plain run of the same parameter, ns
// per probe event, and a failed side printed as FAILED instead of a ratio.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { formatInstrument, summarizeInstrument } from "../../bench/instrument-overhead.js";

const TIMES = {
  plain: [100, 104, 102],
  probes: [103, 101, 102],
  count: [120, 130, 125],
  coverage: [140, 150, 145],
  "plain-probe": [10, 10, 10],
  every: [210, 200, 190],
};

describe("instrument overhead summary", () => {
  it("takes medians and ratios against plain, and ns per global-probe event", () => {
    const r = summarizeInstrument(TIMES, 100_000, { main: 32, probe: 20 }, 3);
    assert.equal(r.plain_ms, 102);
    assert.deepEqual(r.probes_idle, { ms: 102, ratio: 1, target: 1.03 });
    assert.equal(r.monitor_count.ratio, 1.225);
    assert.equal(r.monitor_coverage.ratio, 1.422);
    assert.equal(r.every_instruction.ratio, 20);
    assert.equal(r.every_instruction.ns_per_event, 1900); // (200 - 10) ms / 100,000 events
    assert.match(formatInstrument(r), /--monitor count\s+125\.0 ms\s+vs\s+102\.0 ms plain\s+ratio 1\.225\s+\(target <= 1\.30\)/);
  });

  it("reports a failed side with its error and no ratio", () => {
    const r = summarizeInstrument({ ...TIMES, coverage: [] }, 100_000, { main: 32, probe: 20 }, 3, { coverage: "VM failure" });
    assert.equal(r.monitor_coverage.error, "VM failure");
    assert.match(formatInstrument(r), /--monitor coverage\s+FAILED: VM failure/);
  });
});
