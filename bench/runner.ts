// Runs one benchmark measurement in a child process: bench/worker.js under
// the chosen JS runtime (node, bun or deno, started the same way `ferry run
// --runtime R` re-launches the CLI), workload stdout captured and checked,
// the worker's `FERRY_BENCH {json}` stderr line parsed.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import process from "node:process";
import type { JsRuntime } from "../host/runtimes/launch.js";
import { findExecutable, runtimeCommand } from "../host/runtimes/launch.js";
import { projectRoot } from "../host/vm.js";
import type { BenchReport } from "./worker.js";

/** Marker of the worker's report line (kept in sync with bench/worker.ts). */
const REPORT_PREFIX = "FERRY_BENCH ";

/** One measurement request. */
export interface RunRequest {
  runtime: string;
  /** True: the runtime's own WebAssembly; false: inside the Ferry VM. */
  native: boolean;
  module: string;
  args: string[];
}

/** One measurement. */
export interface Measurement {
  /** Milliseconds of the workload's `_start`. */
  ms: number;
  /** Milliseconds of compile (ferry_module_load or WebAssembly.Module). */
  compileMs: number;
  /** Peak RSS of the child in KiB. */
  maxRssKb: number;
  /** The workload's stdout. */
  stdout: string;
}

/** Something that performs measurements (the real child-process runner, or a fake in tests). */
export type Runner = (req: RunRequest) => Measurement;

/** The load-throughput measurement of one runtime. */
export interface LoadMeasurement {
  /** Median milliseconds of one ferry_module_load. */
  ms: number;
  /** Code section bytes of the loaded module. */
  codeBytes: number;
  /** Median ms of a load in a VM that has loaded the module before (its translator warmed up by the JIT). */
  warmMs?: number;
  /** Peak RSS of the child in KiB. */
  maxRssKb: number;
}

/** The argv that starts the worker under `runtime`; throws if the runtime is not installed. */
export function workerCommand(runtime: string): string[] {
  if (runtime !== "node" && runtime !== "bun" && runtime !== "deno") throw new Error(`unknown runtime ${JSON.stringify(runtime)} (bench knows node, bun, deno)`);
  const exe = findExecutable(runtime);
  if (exe === undefined) throw new Error(`runtime ${runtime} is not installed (not in node_modules/.bin or on PATH)`);
  return runtimeCommand(runtime as JsRuntime, exe, join(projectRoot(), "dist", "bench", "worker.js"));
}

/** Parses the report line from the worker's stderr; throws with the stderr tail if it is missing. */
export function parseReport(stderr: string): BenchReport {
  const line = stderr.split("\n").reverse().find((l) => l.startsWith(REPORT_PREFIX));
  if (line === undefined) throw new Error(`no ${REPORT_PREFIX.trim()} line from the worker: ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return JSON.parse(line.slice(REPORT_PREFIX.length)) as BenchReport;
}

/** Attempts per measurement: a worker that dies before reporting (e.g. dist/ rebuilt under it) is retried. */
const ATTEMPTS = 3;

function spawnWorker(runtime: string, args: string[]): { stdout: string; report: BenchReport } {
  const [cmd, ...pre] = workerCommand(runtime);
  for (let attempt = 1; ; attempt++) {
    const r = spawnSync(cmd!, [...pre, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.error !== undefined) throw new Error(`cannot start ${runtime}: ${r.error.message}`);
    const reported = r.stderr.includes(REPORT_PREFIX);
    if (!reported && attempt < ATTEMPTS) {
      const why = r.stderr.split("\n").find((l) => /error/i.test(l)) ?? `exit ${r.status ?? r.signal}`;
      process.stderr.write(`bench: worker ${args.join(" ")} failed (${why.trim()}); retrying\n`);
      continue;
    }
    const report = parseReport(r.stderr);
    if (r.status !== 0) throw new Error(`worker exited ${r.status ?? r.signal}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    return { stdout: r.stdout, report };
  }
}

/** The real runner: one child process per measurement. */
export const childRunner: Runner = (req) => {
  const { stdout, report } = spawnWorker(req.runtime, ["run", ...(req.native ? ["--native"] : []), req.module, ...req.args]);
  return { ms: report.ms, compileMs: report.compile_ms ?? 0, maxRssKb: report.max_rss_kb, stdout };
};

/** Measures ferry_module_load of `module` grown to `copies` times its functions, under `runtime`. */
export function measureLoad(runtime: string, module: string, copies: number): LoadMeasurement {
  const { report } = spawnWorker(runtime, ["load", module, String(copies)]);
  return { ms: report.ms, ...(report.warm_ms !== undefined ? { warmMs: report.warm_ms } : {}), codeBytes: report.code_bytes ?? 0, maxRssKb: report.max_rss_kb };
}
