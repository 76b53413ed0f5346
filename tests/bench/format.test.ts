// `ferry bench` output and loop with a fake runner (no timing): the table,
// the JSON shape, medians over alternating runs, and checksum verification.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { RuntimeResult } from "../../bench/format.js";
import { formatJson, formatTable } from "../../bench/format.js";
import type { RunRequest, Runner } from "../../bench/runner.js";
import { parseReport } from "../../bench/runner.js";
import { gmean, median } from "../../bench/stats.js";
import { ChecksumError, runSuite } from "../../bench/suite.js";
import { WORKLOADS } from "../../bench/workloads.js";

const RESULT: RuntimeResult = {
  runtime: "node",
  results: [
    { workload: "fib", native_ms: 100, ferry_ms: 2000, ratio: 20 },
    { workload: "pi", native_ms: 200, ferry_ms: 1000, ratio: 5 },
  ],
  gmean_ratio: 10,
};

/** A runner that prints the right (or a wrong) checksum and takes the times it is given, in call order. */
function fakeRunner(times: number[], wrong = false): { runner: Runner; calls: RunRequest[] } {
  const calls: RunRequest[] = [];
  const runner: Runner = (req) => {
    calls.push(req);
    const w = WORKLOADS.find((x) => req.module.endsWith(`/${x.name}.wasm`))!;
    const line = req.args[0] === String(w.small) ? w.smallLine : w.largeLine;
    return { ms: times[calls.length - 1]!, compileMs: 1, maxRssKb: req.native ? 1000 : 2000, stdout: `info\n${wrong ? "garbage" : line}\n` };
  };
  return { runner, calls };
}

describe("bench statistics", () => {
  it("takes medians and geometric means", () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(gmean([2, 8]), 4);
  });
});

describe("bench output", () => {
  it("prints a table with one row per workload and the geometric mean", () => {
    const lines = formatTable(RESULT).split("\n");
    assert.equal(lines[0], "runtime: node");
    assert.match(lines[1]!, /^workload\s+native ms\s+ferry ms\s+ratio$/);
    assert.match(lines[2]!, /^fib\s+100\.0\s+2000\.0\s+20\.0x$/);
    assert.match(lines[3]!, /^pi\s+200\.0\s+1000\.0\s+5\.0x$/);
    assert.match(lines[4]!, /^geomean\s+10\.0x$/);
  });

  it("prints one JSON object for one runtime and an array for several", () => {
    const one = JSON.parse(formatJson([RESULT]));
    assert.equal(one.runtime, "node");
    assert.deepEqual(one.results[0], { workload: "fib", native_ms: 100, ferry_ms: 2000, ratio: 20 });
    assert.equal(one.gmean_ratio, 10);
    const two = JSON.parse(formatJson([RESULT, { ...RESULT, runtime: "bun" }]));
    assert.ok(Array.isArray(two));
    assert.deepEqual(two.map((r: RuntimeResult) => r.runtime), ["node", "bun"]);
  });

  it("parses the worker's report line from stderr", () => {
    const report = parseReport('noise\nFERRY_BENCH {"ms":12.5,"max_rss_kb":100,"rss_source":"maxRSS"}\n');
    assert.equal(report.ms, 12.5);
    assert.throws(() => parseReport("worker crashed\n"), /no FERRY_BENCH line/);
  });
});

describe("bench loop", () => {
  const fib = WORKLOADS.filter((w) => w.name === "fib");

  it("alternates native and Ferry runs and reports medians and the ratio", () => {
    // Call order: native, ferry, ferry, native, native, ferry.
    const { runner, calls } = fakeRunner([10, 100, 300, 30, 20, 200]);
    const r = runSuite({ runtime: "node", workloads: fib, quick: true, runs: 3 }, runner);
    assert.deepEqual(calls.map((c) => c.native), [true, false, false, true, true, false]);
    assert.deepEqual(calls[0]!.args, ["37"]);
    assert.deepEqual(r.results, [{ workload: "fib", native_ms: 20, ferry_ms: 200, ratio: 10 }]);
    assert.equal(r.gmean_ratio, 10);
    assert.equal(r.ferryRssKb, 2000);
  });

  it("rejects a run whose checksum line is wrong", () => {
    const { runner } = fakeRunner([1, 1], true);
    assert.throws(() => runSuite({ runtime: "node", workloads: fib, quick: false, runs: 1 }, runner), ChecksumError);
  });
});
