// The cost of an armed checkpoint trigger that never fires (`ferry bench`):
// one kernel run in the Ferry VM plainly (A) and with a trigger watched the
// way `ferry run --checkpoint-on` watches it (B: fuel slices of 10,000
// instructions, a SharedArrayBuffer flag read between them), and C, the
// same slices without the flag, rotating the order in fresh child processes,
// medians compared. Run as a script, this file
// is the child: `child plain|armed X.wasm P` times `_start` and reports
// `FERRY_OVERHEAD {"ms":..}` on stderr (workload stdout passes through).

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { FerryEngine } from "../host/ferry-engine.js";
import { findExecutable, runtimeCommand } from "../host/runtimes/launch.js";
import type { JsRuntime } from "../host/runtimes/launch.js";
import { instantiateWasi } from "../host/wasi/command.js";
import { createWasi } from "../host/wasi/index.js";
import { watchTrigger } from "../migrate/snapshot/session.js";
import { newFlag, TRIGGER_SLICE } from "../migrate/trigger.js";
import { median } from "./stats.js";
import { timeStart } from "./timed-start.js";
import { benchDir } from "./workloads.js";

const PREFIX = "FERRY_OVERHEAD ";

/** The kernel and its parameters (fib: the most calls per instruction of the six). */
export const OVERHEAD_KERNEL = { name: "fib", large: 35, small: 32, expected: { 35: "checksum=9227465", 32: "checksum=2178309" } as Record<number, string> };

/** What `ferry bench` reports for one runtime. */
export interface OverheadResult {
  workload: string;
  /** Median ms of `_start` without the trigger (A) and with a trigger armed that never fires (B). */
  plain_ms: number;
  armed_ms: number;
  /** armed_ms / plain_ms (target: at most 1.05). */
  ratio: number;
  /** Median ms with the same slices but no flag read, and armed_ms / sliced_ms: the cost of the flag alone. */
  sliced_ms: number;
  flag_ratio: number;
  /** Instructions between two looks at the trigger flag. */
  slice: number;
  runs: number;
}

/** Child: runs the kernel once, plain or armed, and reports the time of `_start`. */
function child(mode: string, path: string, params: string[]): number {
  const bytes = new Uint8Array(readFileSync(path));
  const engine = new FerryEngine();
  const module = engine.compile(bytes);
  const wasi = createWasi({ args: [path, ...params], env: [], preopens: [] });
  const instance = instantiateWasi(engine, module, wasi);
  if (mode === "sliced") {
    engine.fuelSlice = TRIGGER_SLICE;
    engine.onSlice = () => undefined;
  } else if (mode === "armed") {
    watchTrigger(engine, newFlag(), () => {
      throw new Error("the trigger of the overhead bench fired");
    });
  }
  const { ms, exit } = timeStart(instance);
  wasi.close();
  process.stderr.write(`${PREFIX}${JSON.stringify({ ms })}\n`);
  return exit;
}

type Side = "plain" | "sliced" | "armed";

function measure(runtime: string, side: Side, path: string, param: number): number {
  const exe = findExecutable(runtime);
  if (exe === undefined) throw new Error(`runtime ${runtime} is not installed`);
  const [cmd, ...pre] = runtimeCommand(runtime as JsRuntime, exe, fileURLToPath(import.meta.url));
  const r = spawnSync(cmd!, [...pre, "child", side, path, String(param)], { encoding: "utf8" });
  const expected = OVERHEAD_KERNEL.expected[param];
  if (expected !== undefined && !r.stdout.includes(expected)) {
    throw new Error(`checkpoint overhead: ${OVERHEAD_KERNEL.name} ${param} printed ${JSON.stringify(r.stdout.trim())}, expected ${expected}`);
  }
  const line = r.stderr.split("\n").find((l) => l.startsWith(PREFIX));
  if (line === undefined) throw new Error(`checkpoint overhead: no report from the child: ${r.stderr.trim().split("\n").slice(-2).join(" | ")}`);
  return (JSON.parse(line.slice(PREFIX.length)) as { ms: number }).ms;
}

/** A/B of the kernel on `runtime`, alternating (AB, BA, ...), `runs` times each side. */
export function measureCheckpointOverhead(runtime: string, quick: boolean, runs: number, progress?: (line: string) => void): OverheadResult {
  const param = quick ? OVERHEAD_KERNEL.small : OVERHEAD_KERNEL.large;
  const path = `${benchDir()}/${OVERHEAD_KERNEL.name}.wasm`;
  const times: Record<Side, number[]> = { plain: [], sliced: [], armed: [] };
  const sides: Side[] = ["plain", "armed", "sliced"];
  for (let i = 0; i < runs; i++) {
    for (const side of i % 2 === 0 ? sides : [...sides].reverse()) {
      const ms = measure(runtime, side, path, param);
      times[side].push(ms);
      progress?.(`bench ${runtime} checkpoint-overhead ${OVERHEAD_KERNEL.name} ${param} ${side} run ${i + 1}/${runs}: ${ms.toFixed(1)} ms`);
    }
  }
  const plain = median(times.plain);
  const armed = median(times.armed);
  const sliced = median(times.sliced);
  return {
    workload: `${OVERHEAD_KERNEL.name} ${param}`,
    plain_ms: Math.round(plain * 10) / 10,
    armed_ms: Math.round(armed * 10) / 10,
    ratio: Math.round((armed / plain) * 1000) / 1000,
    sliced_ms: Math.round(sliced * 10) / 10,
    flag_ratio: Math.round((armed / sliced) * 1000) / 1000,
    slice: TRIGGER_SLICE,
    runs,
  };
}

/** The text lines of the result (after the runtime's table). */
export function formatOverhead(o: OverheadResult): string {
  const pct = ((o.ratio - 1) * 100).toFixed(1);
  return `checkpoint trigger armed, never fired (${o.workload}, flag read every ${o.slice} instructions): ` +
    `${o.armed_ms.toFixed(1)} ms vs ${o.plain_ms.toFixed(1)} ms plain, ratio ${o.ratio.toFixed(3)} (${pct}%; target <= 5%); ` +
    `same slices without the flag ${o.sliced_ms.toFixed(1)} ms (flag alone ${o.flag_ratio.toFixed(3)})`;
}

if (process.argv[2] === "child" && process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [, , , mode, path, ...params] = process.argv;
  try {
    process.exitCode = child(mode!, path!, params);
  } catch (e) {
    process.stderr.write(`checkpoint overhead child: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
