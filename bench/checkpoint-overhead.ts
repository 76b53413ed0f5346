// The cost of an armed checkpoint trigger that never fires (`ferry bench
// --only checkpoint`, issue 4): the fib kernel in the Ferry VM plainly and
// with a trigger watched the way `ferry run --checkpoint-on` watches it
// (slices of at most 10,000 instructions, a SharedArrayBuffer flag read
// between them: FerryEngine's armed loop, one ferry_run_slice call and one
// Atomics.load per slice), and, for comparison, the same through the general
// status loop (inexact slices, ferry_run_within plus fuelUsed() calls and the
// onSlice hook per slice: the armed path before the armed loop), the same
// with exact slices (every slice ends with an exact stop, the mode before
// inexact slices), and plain again as an A/A control. The sides alternate, in
// an order shuffled each round, inside a few child processes
// (bench/interleave.ts); the result is the median per-round ratio with its 95%
// interval (bench/paired.ts). Run as a script, this file is the child:
// `child ROUNDS WARMUP X.wasm P` reports `FERRY_OVERHEAD {rounds}` on stderr.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { FerryEngine } from "../host/ferry-engine.js";
import { instantiateWasi } from "../host/wasi/command.js";
import { createWasi } from "../host/wasi/index.js";
import { watchTrigger } from "../migrate/snapshot/session.js";
import { newFlag, TRIGGER_SLICE } from "../migrate/trigger.js";
import { compare, headline, pool, runChild, runRounds, timeRun } from "./interleave.js";
import type { PairedRatio, Rounds, Sample } from "./interleave.js";
import { formatInterval, roundOrder, verdict } from "./paired.js";
import type { Verdict } from "./paired.js";
import { timeStart } from "./timed-start.js";
import { benchDir } from "./workloads.js";

const PREFIX = "FERRY_OVERHEAD ";

/**
 * The kernel and its parameter (fib: the most calls per instruction of the six;
 * about 2.5 million instructions, 4 ms a run on node: short runs in many
 * rounds pair the sides closely in time, which is what cancels the load of a
 * shared machine).
 */
export const OVERHEAD_KERNEL = { name: "fib", param: 25, expected: "checksum=75025" };

/** `control` is plain again, in another VM instance: the A/A check of the method (its interval should hold 1). */
type Side = "plain" | "armed" | "general" | "exact" | "control";
const SIDES: Side[] = ["plain", "armed", "general", "exact", "control"];

/** What `ferry bench` reports for one runtime (`checkpoint_overhead`). */
export interface OverheadResult {
  workload: string;
  /** Armed trigger (the armed loop, inexact slices) vs plain: the target of issue 4 is at most 1.05. */
  armed: PairedRatio & { target: number; verdict: Verdict };
  /** Armed, through the general status loop (inexact slices; the armed path before the armed loop) vs plain. */
  general: PairedRatio;
  /** Armed with exact slices (every slice ends in step mode) vs plain, for comparison. */
  exact: PairedRatio;
  /** Plain vs plain (A/A): how far apart two identical sides come out. */
  control: PairedRatio;
  /** Instructions between two looks at the trigger flag (at most). */
  slice: number;
  /** Child processes and measured rounds in each (after warm-up rounds). */
  processes: number;
  rounds: number;
}

/**
 * Child: `rounds` rounds of the four sides, each run on a fresh workload
 * instance in its side's engine (one VM instance per side for the whole
 * child: with a fresh VM per run the armed side measured 1.22x and the A/A
 * control 1.03x, probably the host's call sites meeting a new exports object
 * each run; no real use makes a VM per few milliseconds).
 */
function child(rounds: number, warmup: number, path: string, params: string[]): void {
  const bytes = new Uint8Array(readFileSync(path));
  // One VM instance per side, a fresh workload instance each run (compile and instantiate are not timed).
  const engines = {} as Record<Side, { engine: FerryEngine; module: ReturnType<FerryEngine["compile"]> }>;
  for (const side of SIDES) {
    const engine = new FerryEngine();
    if (side === "armed" || side === "general" || side === "exact") {
      watchTrigger(engine, newFlag(), () => {
        throw new Error("the trigger of the overhead bench fired");
      });
      engine.exactSlices = side === "exact";
      // Any onSlice hook keeps the engine in its general loop.
      if (side === "general") engine.onSlice = () => undefined;
    }
    engines[side] = { engine, module: engine.compile(bytes) };
  }
  const runOne = (side: Side): Sample => {
    const { engine, module } = engines[side];
    const wasi = createWasi({ args: [path, ...params], env: [], preopens: [] });
    const instance = instantiateWasi(engine, module, wasi);
    const s = timeRun(() => {
      timeStart(instance);
    });
    wasi.close();
    return s;
  };
  const out = runRounds(SIDES, rounds, warmup, runOne, roundOrder);
  process.stderr.write(`${PREFIX}${JSON.stringify(out)}\n`);
}

/** Measures on `runtime`: `processes` children of `rounds` rounds each. */
export function measureCheckpointOverhead(runtime: string, quick: boolean, runs: number, progress?: (line: string) => void): OverheadResult {
  const param = OVERHEAD_KERNEL.param;
  const path = `${benchDir()}/${OVERHEAD_KERNEL.name}.wasm`;
  const processes = quick ? 2 : 3;
  const rounds = Math.max(runs, quick ? 40 : 100);
  const all = Object.fromEntries(SIDES.map((s) => [s, [] as Sample[]])) as Rounds<Side>;
  for (let p = 0; p < processes; p++) {
    const { stdout, report } = runChild<Rounds<Side>>(runtime, import.meta.url, [String(rounds), "2", path, String(param)], PREFIX);
    const expected = OVERHEAD_KERNEL.expected;
    const printed = stdout.split("\n").filter((l) => l.includes(expected)).length;
    if (printed !== (rounds + 2) * SIDES.length) throw new Error(`checkpoint overhead: ${OVERHEAD_KERNEL.name} ${param} printed ${printed} checksums, expected ${(rounds + 2) * SIDES.length} of ${expected}`);
    pool(all, report);
    progress?.(`bench ${runtime} checkpoint-overhead ${OVERHEAD_KERNEL.name} ${param}: process ${p + 1}/${processes}, ${rounds} rounds`);
  }
  const armed = compare(all.armed, all.plain);
  return {
    workload: `${OVERHEAD_KERNEL.name} ${param}`,
    armed: { ...armed, target: 1.05, verdict: verdict(headline(armed), 1.05) },
    general: compare(all.general, all.plain),
    exact: compare(all.exact, all.plain),
    control: compare(all.control, all.plain),
    slice: TRIGGER_SLICE,
    processes,
    rounds,
  };
}

/** One line of a paired ratio: headline interval, then wall time. */
export function formatPaired(p: PairedRatio): string {
  const cpu = p.cpu === undefined ? "" : `CPU ${formatInterval(p.cpu)}; `;
  return `${cpu}wall ${formatInterval(p.wall)}`;
}

/** The text lines of the result (after the runtime's table). */
export function formatOverhead(o: OverheadResult): string {
  const base = o.armed.base_cpu_ms ?? o.armed.base_wall_ms;
  return [
    `checkpoint trigger armed, never fired (${o.workload}, plain ${base.toFixed(1)} ms a run; flag read every <= ${o.slice} instructions; ` +
      `${o.processes} processes x ${o.rounds} rounds, ratios paired by round):`,
    `  armed (armed loop) / plain:           ${formatPaired(o.armed)}  target <= ${o.armed.target.toFixed(2)}: ${o.armed.verdict}`,
    `  armed (general loop, before) / plain: ${formatPaired(o.general)}`,
    `  armed (exact slices) / plain:         ${formatPaired(o.exact)}`,
    `  A/A control, plain / plain:           ${formatPaired(o.control)}`,
  ].join("\n");
}

if (process.argv[2] === "child" && process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [, , , rounds, warmup, path, ...params] = process.argv;
  try {
    child(Number(rounds), Number(warmup), path!, params);
  } catch (e) {
    process.stderr.write(`checkpoint overhead child: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
