// The benchmark child process, run under node, bun or deno by `ferry bench`:
// `run [--native] X.wasm P` runs a WASI command like `ferry run` and times
// only the workload's `_start` (after compile and instantiate) with
// performance.now(); `load X.wasm COPIES` times ferry_module_load of a module
// grown to COPIES times its functions. Either way the last stderr line is
// `FERRY_BENCH {json}` (see BenchReport); workload stdout passes through.

import { readFileSync } from "node:fs";
import process from "node:process";
import type { Engine } from "../host/engine.js";
import { FerryEngine } from "../host/ferry-engine.js";
import { NativeEngine } from "../host/native-engine.js";
import { FerryVM } from "../host/vm.js";
import { instantiateWasi } from "../host/wasi/command.js";
import { createWasi } from "../host/wasi/index.js";
import { codeSectionBytes, multiplyFunctions } from "./big-module.js";
import { timeStart } from "./timed-start.js";

/** Marker that starts the machine-readable report line on stderr. */
export const REPORT_PREFIX = "FERRY_BENCH ";

/** What one worker run reports. */
export interface BenchReport {
  /** Milliseconds of the measured part (`_start`, or one module load). */
  ms: number;
  /** Milliseconds of compile (run mode). */
  compile_ms?: number;
  /** Workload exit code (run mode). */
  exit?: number;
  /** Code section bytes of the loaded module (load mode). */
  code_bytes?: number;
  /** Milliseconds of one load in a VM that has loaded it before (load mode; `ms` is the first load of fresh VMs). */
  warm_ms?: number;
  /** Peak resident set size of this process in KiB (0 if the runtime cannot tell). */
  max_rss_kb: number;
  /** Where max_rss_kb comes from: "maxRSS" (peak) or "rss" (at the end only). */
  rss_source: string;
}

function peakRss(): { max_rss_kb: number; rss_source: string } {
  try {
    const usage = process.resourceUsage?.();
    if (usage !== undefined && usage.maxRSS > 0) return { max_rss_kb: usage.maxRSS, rss_source: "maxRSS" };
  } catch {
    // not implemented by this runtime
  }
  try {
    return { max_rss_kb: Math.round(process.memoryUsage().rss / 1024), rss_source: "rss" };
  } catch {
    return { max_rss_kb: 0, rss_source: "none" };
  }
}

function report(r: Omit<BenchReport, "max_rss_kb" | "rss_source">): void {
  process.stderr.write(`${REPORT_PREFIX}${JSON.stringify({ ...r, ...peakRss() })}\n`);
}

function runMode(args: string[]): number {
  const native = args[0] === "--native";
  const [path, ...params] = native ? args.slice(1) : args;
  if (path === undefined) throw new Error("usage: worker run [--native] X.wasm [args...]");
  const bytes = new Uint8Array(readFileSync(path));
  const engine: Engine = native ? new NativeEngine() : new FerryEngine();
  const t0 = performance.now();
  const module = engine.compile(bytes);
  const compileMs = performance.now() - t0;
  const wasi = createWasi({ args: [path, ...params], env: [], preopens: [] });
  let exit = 0;
  let ms = 0;
  try {
    ({ ms, exit } = timeStart(instantiateWasi(engine, module, wasi)));
  } finally {
    wasi.close();
  }
  report({ ms, compile_ms: compileMs, exit });
  return exit;
}

function loadMode(args: string[]): number {
  const [path, copiesText] = args;
  if (path === undefined) throw new Error("usage: worker load X.wasm COPIES");
  const big = multiplyFunctions(new Uint8Array(readFileSync(path)), Number(copiesText ?? "1"));
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const vm = FerryVM.load();
    const t0 = performance.now();
    const handle = vm.moduleLoad(big);
    times.push(performance.now() - t0);
    if (handle === -1) throw new Error(`ferry_module_load failed: ${vm.lastError().message}`);
  }
  times.sort((a, b) => a - b);
  // Warm: the same VM loading again, its translator already optimised by the
  // JIT (the cold figure above includes the outer engine's tier-up of the VM).
  const vm = FerryVM.load();
  const warm: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const handle = vm.moduleLoad(big);
    if (i > 0) warm.push(performance.now() - t0);
    if (handle === -1) throw new Error(`ferry_module_load failed: ${vm.lastError().message}`);
  }
  warm.sort((a, b) => a - b);
  report({ ms: times[2]!, warm_ms: warm[2]!, code_bytes: codeSectionBytes(big) });
  return 0;
}

const [mode, ...rest] = process.argv.slice(2);
try {
  if (mode === "load") process.exitCode = loadMode(rest);
  else if (mode === "run") process.exitCode = runMode(rest);
  else {
    process.stderr.write("usage: worker run [--native] X.wasm [args...] | worker load X.wasm COPIES\n");
    process.exitCode = 2;
  }
} catch (e) {
  process.stderr.write(`bench worker: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
