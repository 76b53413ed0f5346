// The cost of instrumentation (`ferry bench --only instrument`, issue 6): the
// fib kernel in the Ferry VM plainly, with a `Probes` object created but no
// probe set (the same build, instrumentation unused), with `--monitor count`
// and with `--monitor coverage` (all at one parameter), and with a global
// probe (`Probes.everyInstruction`, a callback that only counts its events)
// against plain at a much smaller parameter. The six sides alternate in rounds
// inside a few child processes (bench/interleave.ts); ratios are paired by
// round, reported as medians with 95% intervals (bench/paired.ts). Run as a
// script, this file is the child: `child ROUNDS WARMUP X.wasm MAIN PROBE`
// reports `FERRY_INSTRUMENT {rounds}` on stderr.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { FerryEngine } from "../host/ferry-engine.js";
import { instantiateWasi } from "../host/wasi/command.js";
import { createWasi } from "../host/wasi/index.js";
import { monitorMask, parseMonitorList } from "../instrument/monitors/index.js";
import { Probes } from "../instrument/probes.js";
import { compare, headline, pool, runChild, runRounds, timeRun } from "./interleave.js";
import type { PairedRatio, Rounds, Sample } from "./interleave.js";
import { formatInterval, medianInterval, roundInterval, roundOrder, verdict } from "./paired.js";
import type { Interval, Verdict } from "./paired.js";
import { timeStart } from "./timed-start.js";
import { benchDir } from "./workloads.js";

const PREFIX = "FERRY_INSTRUMENT ";

/** fib(n) for the checksum check. */
function fib(n: number): number {
  let a = 0;
  let b = 1;
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}

/** The kernel and its parameters: `main` for plain/probes/monitors, `probe` for the global probe (one callback per instruction). */
export const INSTRUMENT_KERNEL = { name: "fib", large: { main: 31, probe: 22 }, small: { main: 29, probe: 20 } };

/** Sides of the comparison; `plain-probe` is plain at the global probe's parameter. */
export type InstrumentSide = "plain" | "probes" | "count" | "coverage" | "plain-probe" | "every";
const SIDES: InstrumentSide[] = ["plain", "probes", "count", "coverage", "plain-probe", "every"];

/** One instrumented side against plain, with the target set by issue 6 (or why it has no time: its runs failed). */
export type InstrumentRow = (PairedRatio & { target: number; verdict: Verdict }) | { target: number; error: string };

/** What a child reports: the rounds, and the sides whose runs threw (not run again). */
interface ChildReport {
  rounds: Rounds<InstrumentSide>;
  errors: Partial<Record<InstrumentSide, string>>;
}

/** What `ferry bench` reports for one runtime (`instrument_overhead`). */
export interface InstrumentResult {
  workload: string;
  /** A Probes object created on the instance, no probe set (target: within 3%). */
  probes_idle: InstrumentRow;
  /** `--monitor count` (target <= 1.3) and `--monitor coverage` (target <= 1.5). */
  monitor_count: InstrumentRow;
  monitor_coverage: InstrumentRow;
  /** `everyInstruction` with a callback that only counts, at a smaller parameter, vs plain there; the extra µs per callback (CPU). */
  every_instruction: (PairedRatio & { workload: string; events: number; us_per_event: Interval }) | { workload: string; error: string };
  processes: number;
  rounds: number;
}

/** Child: `rounds` rounds of the six sides, each run on a fresh instance of its side's engine. */
function child(rounds: number, warmup: number, path: string, main: string, probe: string): void {
  const bytes = new Uint8Array(readFileSync(path));
  const engines = {} as Record<InstrumentSide, { engine: FerryEngine; module: ReturnType<FerryEngine["compile"]> }>;
  for (const side of SIDES) {
    const engine = new FerryEngine();
    if (side === "count" || side === "coverage") engine.vm.monitorEnable(monitorMask(parseMonitorList(side)));
    engines[side] = { engine, module: engine.compile(bytes) };
  }
  const errors: Partial<Record<InstrumentSide, string>> = {};
  const runOne = (side: InstrumentSide): Sample => {
    if (errors[side] !== undefined) return { wall: NaN, cpu: NaN };
    try {
      return runSide(side);
    } catch (e) {
      if (side === "plain" || side === "plain-probe") throw e;
      errors[side] = e instanceof Error ? e.message : String(e);
      return { wall: NaN, cpu: NaN };
    }
  };
  const runSide = (side: InstrumentSide): Sample => {
    const { engine, module } = engines[side];
    const param = side === "plain-probe" || side === "every" ? probe : main;
    const wasi = createWasi({ args: [path, param], env: [], preopens: [] });
    const instance = instantiateWasi(engine, module, wasi);
    let events = 0;
    if (side === "probes" || side === "every") {
      const probes = new Probes(engine, instance, bytes);
      if (side === "every") probes.everyInstruction(() => {
        events++;
      });
    }
    const s = timeRun(() => {
      timeStart(instance);
      return side === "every" ? events : undefined;
    });
    wasi.close();
    return s;
  };
  const report: ChildReport = { rounds: runRounds(SIDES, rounds, warmup, runOne, roundOrder), errors };
  process.stderr.write(`${PREFIX}${JSON.stringify(report)}\n`);
}

/** Turns pooled rounds into the result (exported for tests: no timing involved). */
export function summarizeInstrument(all: Rounds<InstrumentSide>, params: { main: number; probe: number }, processes: number, rounds: number,
  errors: Partial<Record<InstrumentSide, string>> = {}): InstrumentResult {
  const row = (side: InstrumentSide, target: number): InstrumentRow => {
    const error = errors[side];
    if (error !== undefined) return { target, error };
    const p = compare(all[side], all.plain);
    return { ...p, target, verdict: verdict(headline(p), target) };
  };
  const useCpu = all.every.every((s, i) => s.cpu > 0 && all["plain-probe"][i]!.cpu > 0);
  const perEvent = all.every.map((s, i) => {
    const base = all["plain-probe"][i]!;
    return (((useCpu ? s.cpu - base.cpu : s.wall - base.wall)) * 1000) / (s.events ?? NaN);
  });
  return {
    workload: `${INSTRUMENT_KERNEL.name} ${params.main}`,
    probes_idle: row("probes", 1.03),
    monitor_count: row("count", 1.3),
    monitor_coverage: row("coverage", 1.5),
    every_instruction: errors.every !== undefined ? { workload: `${INSTRUMENT_KERNEL.name} ${params.probe}`, error: errors.every } : {
      workload: `${INSTRUMENT_KERNEL.name} ${params.probe}`,
      ...compare(all.every, all["plain-probe"]),
      events: all.every[0]?.events ?? 0,
      us_per_event: roundInterval(medianInterval(perEvent), 4),
    },
    processes,
    rounds,
  };
}

/** Measures on `runtime`: `processes` children of `rounds` rounds each. */
export function measureInstrumentOverhead(runtime: string, quick: boolean, runs: number, progress?: (line: string) => void): InstrumentResult {
  const params = quick ? INSTRUMENT_KERNEL.small : INSTRUMENT_KERNEL.large;
  const path = `${benchDir()}/${INSTRUMENT_KERNEL.name}.wasm`;
  const processes = quick ? 2 : 3;
  const rounds = Math.max(runs, quick ? 10 : 15);
  const warmup = 2;
  const all = Object.fromEntries(SIDES.map((s) => [s, [] as Sample[]])) as Rounds<InstrumentSide>;
  const errors: Partial<Record<InstrumentSide, string>> = {};
  for (let p = 0; p < processes; p++) {
    const { stdout, report } = runChild<ChildReport>(runtime, import.meta.url,
      [String(rounds), String(warmup), path, String(params.main), String(params.probe)], PREFIX);
    for (const n of [params.main, params.probe]) {
      const expected = `checksum=${fib(n)}`;
      const printed = stdout.split("\n").filter((l) => l.includes(expected)).length;
      const sides = n === params.main ? ["plain", "probes", "count", "coverage"] : ["plain-probe", "every"];
      const want = sides.filter((side) => report.errors[side as InstrumentSide] === undefined).length * (rounds + warmup);
      if (printed !== want) throw new Error(`instrument overhead: ${INSTRUMENT_KERNEL.name} ${n} printed ${printed} lines with ${expected}, expected ${want}`);
    }
    pool(all, report.rounds);
    for (const [side, error] of Object.entries(report.errors)) {
      if (errors[side as InstrumentSide] === undefined) progress?.(`bench ${runtime} instrument-overhead ${side} failed: ${error}`);
      errors[side as InstrumentSide] ??= error;
    }
    progress?.(`bench ${runtime} instrument-overhead ${INSTRUMENT_KERNEL.name} ${params.main}/${params.probe}: process ${p + 1}/${processes}, ${rounds} rounds`);
  }
  return summarizeInstrument(all, params, processes, rounds, errors);
}

/** The text lines of the result (after the runtime's table). */
export function formatInstrument(o: InstrumentResult): string {
  const paired = (p: PairedRatio) => `${p.cpu === undefined ? "" : `CPU ${formatInterval(p.cpu)}; `}wall ${formatInterval(p.wall)}`;
  const line = (label: string, r: InstrumentRow) => `  ${label.padEnd(26)}` +
    ("error" in r ? `FAILED: ${r.error}` : `${paired(r)}  target <= ${r.target.toFixed(2)}: ${r.verdict}`);
  const e = o.every_instruction;
  const base = "error" in o.probes_idle ? NaN : (o.probes_idle.base_cpu_ms ?? o.probes_idle.base_wall_ms);
  return [
    `instrumentation overhead (${o.workload}, plain ${base.toFixed(1)} ms a run; global probe at ${e.workload}; ` +
      `${o.processes} processes x ${o.rounds} rounds, ratios to plain paired by round):`,
    line("Probes created, none set", o.probes_idle),
    line("--monitor count", o.monitor_count),
    line("--monitor coverage", o.monitor_coverage),
    `  ${"everyInstruction, empty".padEnd(26)}` + ("error" in e ? `FAILED: ${e.error}` :
      `${paired(e)}; ${e.us_per_event.ratio.toFixed(4)} µs/event (95% CI ${e.us_per_event.lo.toFixed(4)}-${e.us_per_event.hi.toFixed(4)}; ${e.events} events a run)`),
  ].join("\n");
}

if (process.argv[2] === "child" && process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [, , , rounds, warmup, path, main, probe] = process.argv;
  try {
    child(Number(rounds), Number(warmup), path!, main!, probe!);
  } catch (e) {
    process.stderr.write(`instrument overhead child: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
