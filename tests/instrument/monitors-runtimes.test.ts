// Monitor reports of ../shared/workloads programs are deterministic data:
// `ferry run --monitor all --monitor-out F` writes byte-identical JSON under
// --runtime node, bun and deno (a runtime that is not installed is skipped),
// including a run that exits with proc_exit and one that traps.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findExecutable } from "../../host/runtimes/launch.js";
import { projectRoot } from "../../host/vm.js";
import { ferrySkip } from "../helpers/wat.js";

const root = projectRoot();
const workloads = join(root, "..", "shared", "workloads");
const RUNTIMES = ["node", "bun", "deno"].filter((r) => findExecutable(r) !== undefined);

/** Runs `ferry run --runtime r --monitor all` on a workload; returns [exit code, report text, stderr]. */
function report(runtime: string, module: string, args: string[], dir: string): [number, string, string] {
  const out = join(dir, `${runtime}.json`);
  const r = spawnSync(process.execPath, [join(root, "bin", "ferry.js"), "run", "--runtime", runtime, "--monitor", "all",
    "--monitor-out", out, join(workloads, module), "--", ...args], { encoding: "utf8" });
  return [r.status ?? -1, readFileSync(out, "utf8"), r.stderr];
}

const CASES: Array<[string, string[], number]> = [
  ["bench/fib.wasm", ["18"], 0],
  ["wasi/traps.wasm", ["exit7"], 7],
  ["wasi/traps.wasm", ["div0"], 3],
];

describe("monitor reports are identical across runtimes", { skip: ferrySkip }, () => {
  for (const [module, args, code] of CASES) {
    it(`${module} ${args.join(" ")} on ${RUNTIMES.join(", ")}`, () => {
      const dir = mkdtempSync(join(tmpdir(), "ferry-monitors-"));
      try {
        const reports = RUNTIMES.map((r) => report(r, module, args, dir));
        for (const [i, [status, , stderr]] of reports.entries()) assert.equal(status, code, `${RUNTIMES[i]}: ${stderr}`);
        const first = reports[0]![1];
        const parsed = JSON.parse(first) as { monitors: { count: { instructions: number } } };
        assert.ok(parsed.monitors.count.instructions > 0);
        assert.doesNotMatch(first, /node|bun|deno|time|ms"/i);
        for (const [i, [, text]] of reports.entries()) assert.equal(text, first, `${RUNTIMES[i]} differs from ${RUNTIMES[0]}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
