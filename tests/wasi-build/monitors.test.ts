// The WASI build's own monitor options, run directly under node:wasi:
// `ferry-wasi.wasm --monitor LIST [--monitor-out PATH] app.wasm args` writes
// the raw rows (to PATH in a preopened directory, else stderr), which the
// host's decoders turn into the very report `ferry run --monitor` writes;
// bad monitor options are one line, exit 2.

import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wasiVmPath } from "../../host/runtimes/wasi.js";
import { projectRoot } from "../../host/vm.js";
import { parseRows, reportFromRows } from "../../instrument/raw-report.js";
import { reportJson } from "../../instrument/report.js";

const root = projectRoot();
const vm = wasiVmPath();
const runner = join(root, "dist", "tests", "wasi-build", "node-wasi-runner.js");
const skip = existsSync(vm) ? false : `${vm} is not built`;
let dir = "";

/** Runs the WASI build with the temporary directory preopened as "."; returns exit code, stderr. */
function wasiVm(args: string[]): { status: number; stderr: string } {
  const r = spawnSync(process.execPath, ["--no-warnings", runner, vm, ...args], { cwd: dir, encoding: "utf8" });
  return { status: r.status ?? -1, stderr: r.stderr };
}

describe("ferry-wasi.wasm --monitor", { skip }, () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ferry-wasi-mon-"));
    copyFileSync(join(root, "..", "shared", "workloads", "bench", "fib.wasm"), join(dir, "fib.wasm"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes raw rows that decode to the JS host's report", () => {
    const r = wasiVm(["--monitor", "count,profile,calls", "--monitor-out", "rows.json", "fib.wasm", "15"]);
    assert.equal(r.status, 0, r.stderr);
    const rows = parseRows(readFileSync(join(dir, "rows.json"), "utf8"));
    assert.deepEqual(Object.keys(rows.monitors), ["count", "profile", "calls"]);
    const js = spawnSync(process.execPath, [join(root, "bin", "ferry.js"), "run", "--monitor", "count,profile,calls", "--monitor-out", join(dir, "js.json"),
      join(dir, "fib.wasm"), "--", "15"], { encoding: "utf8" });
    assert.equal(js.status, 0, js.stderr);
    assert.equal(reportJson(reportFromRows(rows).report), readFileSync(join(dir, "js.json"), "utf8"));
  });

  it("without --monitor-out, the rows go to stderr", () => {
    const r = wasiVm(["--monitor", "count", "fib.wasm", "10"]);
    assert.equal(r.status, 0, r.stderr);
    const rows = parseRows(r.stderr.trim());
    assert.ok(rows.monitors.count![0]! > 0);
  });

  const BAD: Array<[string[], RegExp]> = [
    [["--monitor", "count,bogus", "fib.wasm"], /^ferry: unknown monitor "bogus"/],
    [["--monitor", ",", "fib.wasm"], /^ferry: --monitor needs at least one monitor name/],
    [["--monitor-out", "x.json", "fib.wasm"], /^ferry: --monitor-out needs --monitor LIST/],
    [["--monitor", "count", "--resume", "x.snap"], /^ferry: --resume takes its monitors from the snapshot/],
  ];
  for (const [args, message] of BAD) {
    it(`refuses ${args.join(" ")}: one line, exit 2`, () => {
      const r = wasiVm(args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    });
  }
});
