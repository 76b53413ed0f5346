// The cost of instrumentation (`ferry bench --only instrument`, issue 6): the
// fib kernel in the Ferry VM plainly, with a `Probes` object created but no
// probe set (the same build, instrumentation unused), with `--monitor count`
// and with `--monitor coverage` (all at one parameter), and with a global
// probe (`Probes.everyInstruction`, a callback that only counts its events)
// against plain at a much smaller parameter (and at a second one: the time
// per event is the slope). The first four sides, then the last three, alternate in rounds inside a few child processes
// (bench/interleave.ts); ratios are paired by round, reported as medians with
// 95% intervals (bench/paired.ts). Run as a script, this file is the child:
// `child main|probe ROUNDS WARMUP X.wasm PARAMS-JSON` reports
// `FERRY_INSTRUMENT {rounds, errors}` on stderr.

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

/**
 * The kernel and its parameters: `main` for plain/probes/monitors (about 4 ms
 * a run on node); the global probe (one callback per instruction) at `probe`
 * (about 18,000 events) and at `probeLong` (about 76,000): the time per event
 * is the slope between the two, which leaves out what a run pays once (the
 * step copies of the functions it enters are built per instance).
 */
export const INSTRUMENT_KERNEL = { name: "fib", params: { main: 25, probe: 14, probeLong: 17 } };
export type InstrumentParams = typeof INSTRUMENT_KERNEL.params;

/** Sides of the comparison; `plain-probe` is plain at the global probe's parameter. */
export type InstrumentSide = "plain" | "probes" | "count" | "coverage" | "plain-probe" | "every" | "every-long";
const SIDES: InstrumentSide[] = ["plain", "probes", "count", "coverage", "plain-probe", "every", "every-long"];
/** The two groups, measured in separate children: a run pays for what the run before it left in the caches, and the global probe leaves much. */
const MAIN_SIDES: InstrumentSide[] = ["plain", "probes", "count", "coverage"];
const PROBE_SIDES: InstrumentSide[] = ["plain-probe", "every", "every-long"];

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
  /**
   * `everyInstruction` with a callback that only counts, at a smaller
   * parameter, vs plain there; µs per callback (the slope between two
   * parameters, CPU time) and the ms a run pays once (`setup_ms`).
   */
  every_instruction: (PairedRatio & { workload: string; events: number; events_long: number; us_per_event: Interval; setup_ms: Interval }) | { workload: string; error: string };
  processes: number;
  rounds: number;
}

/**
 * Child: `rounds` rounds of the group's sides, each run on a fresh workload
 * instance in its side's engine (one VM instance per side for the whole
 * child: with a fresh VM per run the armed side measured 1.22x and the A/A
 * control 1.03x, probably the host's call sites meeting a new exports object
 * each run; no real use makes a VM per few milliseconds).
 */
function child(group: "main" | "probe", rounds: number, warmup: number, path: string, params: InstrumentParams): void {
  const sides = group === "main" ? MAIN_SIDES : PROBE_SIDES;
  const bytes = new Uint8Array(readFileSync(path));
  // One VM instance per side, a fresh workload instance each run (compile and instantiate are not timed).
  const engines = {} as Record<InstrumentSide, { engine: FerryEngine; module: ReturnType<FerryEngine["compile"]> }>;
  for (const side of sides) {
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
    // Monitors watch the next instance made after enabling them.
    if (side === "count" || side === "coverage") engine.vm.monitorEnable(monitorMask(parseMonitorList(side)));
    const param = side === "every-long" ? params.probeLong : side === "plain-probe" || side === "every" ? params.probe : params.main;
    const wasi = createWasi({ args: [path, String(param)], env: [], preopens: [] });
    const instance = instantiateWasi(engine, module, wasi);
    let events = 0;
    const global = side === "every" || side === "every-long";
    const probes = side === "probes" || global ? new Probes(engine, instance, bytes) : undefined;
    if (global) probes!.everyInstruction(() => {
      events++;
    });
    const s = timeRun(() => {
      timeStart(instance);
      return global ? events : undefined;
    });
    probes?.dispose(); // the engine takes the next instance's Probes
    wasi.close();
    return s;
  };
  const report: ChildReport = { rounds: runRounds(sides, rounds, warmup, runOne, roundOrder), errors };
  process.stderr.write(`${PREFIX}${JSON.stringify(report)}\n`);
}

/** Turns pooled rounds into the result (exported for tests: no timing involved). */
export function summarizeInstrument(all: Rounds<InstrumentSide>, params: InstrumentParams, processes: number, rounds: number,
  errors: Partial<Record<InstrumentSide, string>> = {}): InstrumentResult {
  const row = (side: InstrumentSide, target: number): InstrumentRow => {
    const error = errors[side];
    if (error !== undefined) return { target, error };
    const p = compare(all[side], all.plain);
    return { ...p, target, verdict: verdict(headline(p), target) };
  };
  const probeWorkload = `${INSTRUMENT_KERNEL.name} ${params.probe}`;
  const everyError = errors.every ?? errors["every-long"];
  const useCpu = [...all.every, ...all["every-long"], ...all["plain-probe"]].every((s) => s.cpu > 0);
  const t = (s: Sample) => (useCpu ? s.cpu : s.wall);
  // Per round: µs per event = the slope between the two parameters; setup = what is left of the short run's extra time.
  const slope = all.every.map((s, i) => {
    const long = all["every-long"][i]!;
    return ((t(long) - t(s)) * 1000) / ((long.events ?? NaN) - (s.events ?? NaN));
  });
  const setup = all.every.map((s, i) => t(s) - t(all["plain-probe"][i]!) - (slope[i]! * (s.events ?? NaN)) / 1000);
  return {
    workload: `${INSTRUMENT_KERNEL.name} ${params.main}`,
    probes_idle: row("probes", 1.03),
    monitor_count: row("count", 1.3),
    monitor_coverage: row("coverage", 1.5),
    every_instruction: everyError !== undefined ? { workload: probeWorkload, error: everyError } : {
      workload: probeWorkload,
      ...compare(all.every, all["plain-probe"]),
      events: all.every[0]?.events ?? 0,
      events_long: all["every-long"][0]?.events ?? 0,
      us_per_event: roundInterval(medianInterval(slope), 4),
      setup_ms: roundInterval(medianInterval(setup), 1),
    },
    processes,
    rounds,
  };
}

/** Measures on `runtime`: `processes` children of `rounds` rounds each. */
export function measureInstrumentOverhead(runtime: string, quick: boolean, runs: number, progress?: (line: string) => void): InstrumentResult {
  const params = INSTRUMENT_KERNEL.params;
  const path = `${benchDir()}/${INSTRUMENT_KERNEL.name}.wasm`;
  const processes = quick ? 2 : 3;
  const rounds = Math.max(runs, quick ? 30 : 60);
  const warmup = 2;
  const all = Object.fromEntries(SIDES.map((s) => [s, [] as Sample[]])) as Rounds<InstrumentSide>;
  const errors: Partial<Record<InstrumentSide, string>> = {};
  for (const group of ["main", "probe"] as const) {
    const sides = group === "main" ? MAIN_SIDES : PROBE_SIDES;
    const ns = group === "main" ? [params.main] : [params.probe, params.probeLong];
    for (let p = 0; p < processes; p++) {
      const { stdout, report } = runChild<ChildReport>(runtime, import.meta.url,
        [group, String(rounds), String(warmup), path, JSON.stringify(params)], PREFIX);
      // Every run printed its checksum (a side that failed stopped running).
      const printed = stdout.split("\n").filter((l) => ns.some((n) => l.includes(`checksum=${fib(n)}`))).length;
      const want = sides.filter((side) => report.errors[side] === undefined).length * (rounds + warmup);
      if (printed !== want) throw new Error(`instrument overhead: ${INSTRUMENT_KERNEL.name} ${ns.join("/")} printed ${printed} checksum lines, expected ${want}`);
      pool(all, report.rounds);
      for (const [side, error] of Object.entries(report.errors)) {
        if (errors[side as InstrumentSide] === undefined) progress?.(`bench ${runtime} instrument-overhead ${side} failed: ${error}`);
        errors[side as InstrumentSide] ??= error;
      }
      progress?.(`bench ${runtime} instrument-overhead ${INSTRUMENT_KERNEL.name} ${ns.join("/")} (${sides.join(", ")}): process ${p + 1}/${processes}, ${rounds} rounds`);
    }
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
      `${paired(e)}\n    ${e.us_per_event.ratio.toFixed(3)} µs/event (95% CI ${e.us_per_event.lo.toFixed(3)}-${e.us_per_event.hi.toFixed(3)}; slope between ${e.events} and ${e.events_long} events a run)` +
      `, plus ${e.setup_ms.ratio.toFixed(1)} ms once a run (95% CI ${e.setup_ms.lo.toFixed(1)}-${e.setup_ms.hi.toFixed(1)})`),
  ].join("\n");
}

if (process.argv[2] === "child" && process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [, , , group, rounds, warmup, path, params] = process.argv;
  try {
    child(group === "probe" ? "probe" : "main", Number(rounds), Number(warmup), path!, JSON.parse(params!) as InstrumentParams);
  } catch (e) {
    process.stderr.write(`instrument overhead child: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
