// The long variant of monitors-snapshot.test.ts (not in `npm test`; run with
// `npm run build && node --test dist/tests/instrument/monitors-snapshot-matrix.js`):
// more ../shared/workloads programs, the report of an uninterrupted run on
// every installed runtime (node, bun, deno, the WASI build) and of runs
// checkpointed at several N spread over the run, each resumed on the next
// runtime in turn: all byte-identical.

import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findExecutable } from "../../host/runtimes/launch.js";
import { wasiVmPath } from "../../host/runtimes/wasi.js";
import { projectRoot } from "../../host/vm.js";
import { ferrySkip } from "../helpers/wat.js";

const root = projectRoot();
const workloads = join(root, "..", "shared", "workloads");
const RUNTIMES = [...["node", "bun", "deno"].filter((r) => findExecutable(r) !== undefined), ...(existsSync(wasiVmPath()) ? ["wasi"] : [])];
let dir = "";

function ferry(args: string[]): { status: number; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, "bin", "ferry.js"), ...args], { encoding: "utf8" });
  return { status: r.status ?? -1, stderr: r.stderr };
}

const CASES: Array<{ module: string; args: string[]; env?: string[]; code: number }> = [
  { module: "bench/fib.wasm", args: ["20"], code: 0 },
  { module: "bench/mandelbrot.wasm", args: ["20"], code: 0 },
  { module: "bench/pi.wasm", args: ["200000"], code: 0 },
  { module: "bench/matmul.wasm", args: ["1"], code: 0 },
  { module: "wasi/envargs.wasm", args: ["a", "bc", "--exit=3"], env: ["FERRY_X=1"], code: 3 },
  { module: "wasi/traps.wasm", args: ["indirect"], code: 3 },
];

describe("monitor reports: every runtime, checkpoints spread over the run", { skip: ferrySkip }, () => {
  before(() => { dir = mkdtempSync(join(tmpdir(), "ferry-monmatrix-")); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const c of CASES) {
    it(`${c.module} ${c.args.join(" ")}`, () => {
      const env = (c.env ?? []).flatMap((e) => ["--env", e]);
      const run = (runtime: string, extra: string[]) =>
        ferry(["run", "--runtime", runtime, "--monitor", "all", ...env, ...extra, join(workloads, c.module), "--", ...c.args]);
      const reports = RUNTIMES.map((r) => {
        const out = join(dir, `run-${r}.json`);
        const x = run(r, ["--monitor-out", out]);
        assert.equal(x.status, c.code, `${r}: ${x.stderr}`);
        return readFileSync(out, "utf8");
      });
      for (const [i, text] of reports.entries()) assert.equal(text, reports[0], `${RUNTIMES[i]} differs from ${RUNTIMES[0]}`);
      const total = (JSON.parse(reports[0]!) as { monitors: { count: { instructions: number } } }).monitors.count.instructions;
      const ns = [1, Math.floor(total / 7) + 1, Math.floor(total / 3), Math.floor(total / 2) + 3, total - 2];
      ns.forEach((n, k) => {
        const from = RUNTIMES[k % RUNTIMES.length]!, to = RUNTIMES[(k + 1) % RUNTIMES.length]!;
        const snap = join(dir, `cp-${k}.snap`), out = join(dir, `resumed-${k}.json`);
        const x = run(from, ["--checkpoint-after", String(n), "--snapshot", snap]);
        assert.equal(x.status, 0, `checkpoint after ${n} on ${from}: ${x.stderr}`);
        const y = ferry(["resume", "--runtime", to, "--monitor-out", out, snap]);
        assert.equal(y.status, c.code, `resume on ${to}: ${y.stderr}`);
        assert.equal(readFileSync(out, "utf8"), reports[0], `checkpoint after ${n} on ${from}, resumed on ${to}`);
      });
    });
  }
});
