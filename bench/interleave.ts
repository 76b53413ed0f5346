// The measuring loop of the overhead benchmarks: a child process of the
// runtime under test runs every side once per round, in an order that rotates
// (paired.ts roundOrder), after warm-up rounds that are dropped; the parent
// starts a few such children in turn and pools their rounds. Each run is
// timed twice: wall time, and the CPU time of the process
// (process.cpuUsage(), user + system, microseconds, in node, bun and deno),
// which leaves out the time the process waited for a core while other
// processes ran. (The thread's own /proc/thread-self/schedstat is only
// brought up to date at scheduler ticks: up to 4 ms off per reading.)

import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { findExecutable, runtimeCommand } from "../host/runtimes/launch.js";
import type { JsRuntime } from "../host/runtimes/launch.js";
import { pairedInterval, roundInterval } from "./paired.js";
import type { Interval } from "./paired.js";

/** One timed run: wall ms, process CPU ms (NaN where the runtime cannot tell), and what the side counted (probe events). */
export interface Sample {
  wall: number;
  cpu: number;
  events?: number;
}

/** Per side, one sample per round (same index = same round). */
export type Rounds<S extends string> = Record<S, Sample[]>;

/** CPU ms (user + system) of this process so far, or NaN. */
export function processCpuMs(): number {
  try {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  } catch {
    return NaN;
  }
}

/** Collects garbage if the runtime lets us (node and deno with --expose-gc, bun always), so no run pays for an earlier one's. */
export function collectGarbage(): void {
  const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
  if (g.Bun !== undefined) g.Bun.gc(true);
  else g.gc?.();
}

/** The command that starts `script` under `runtime` with the garbage collector exposed. */
function childCommand(runtime: JsRuntime, exe: string, script: string): string[] {
  const [cmd, ...pre] = runtimeCommand(runtime, exe, script);
  if (runtime === "node") return [cmd!, "--expose-gc", ...pre];
  if (runtime === "deno") return [cmd!, pre[0]!, "--v8-flags=--expose-gc", ...pre.slice(1)];
  return [cmd!, ...pre];
}

/** Times `fn` (wall and process CPU). */
export function timeRun(fn: () => number | void): Sample {
  const c0 = processCpuMs();
  const t0 = performance.now();
  const events = fn();
  const wall = performance.now() - t0;
  const cpu = processCpuMs() - c0;
  return events === undefined ? { wall, cpu } : { wall, cpu, events };
}

/**
 * Child side: `warmup` + `rounds` rounds of every side, rotated; warm-up
 * rounds are dropped. Garbage is collected before every run, so that no side
 * pays for the garbage of the one before (the global probe's callbacks
 * leave tens of thousands of objects).
 */
export function runRounds<S extends string>(sides: readonly S[], rounds: number, warmup: number, runOne: (side: S) => Sample,
  order: (sides: readonly S[], round: number) => S[]): Rounds<S> {
  const out = Object.fromEntries(sides.map((s) => [s, [] as Sample[]])) as Rounds<S>;
  for (let r = 0; r < warmup + rounds; r++) {
    for (const side of order(sides, r)) {
      collectGarbage();
      const s = runOne(side);
      if (r >= warmup) out[side].push(s);
    }
  }
  return out;
}

/** Parent side: runs `script child ...args` under `runtime`, returns the stdout and the JSON after `prefix` on stderr. */
export function runChild<T>(runtime: string, script: string, args: string[], prefix: string): { stdout: string; report: T } {
  const exe = findExecutable(runtime);
  if (exe === undefined) throw new Error(`runtime ${runtime} is not installed`);
  const [cmd, ...pre] = childCommand(runtime as JsRuntime, exe, fileURLToPath(script));
  const r = spawnSync(cmd!, [...pre, "child", ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error !== undefined) throw new Error(`cannot start ${runtime}: ${r.error.message}`);
  const line = r.stderr.split("\n").find((l) => l.startsWith(prefix));
  if (line === undefined || r.status !== 0) {
    throw new Error(`no report from the ${runtime} child (exit ${r.status ?? r.signal}): ${r.stderr.trim().split("\n").slice(-2).join(" | ")}`);
  }
  return { stdout: r.stdout, report: JSON.parse(line.slice(prefix.length)) as T };
}

/** Appends the rounds of `more` to `into`. */
export function pool<S extends string>(into: Rounds<S>, more: Rounds<S>): void {
  for (const side of Object.keys(into) as S[]) into[side].push(...(more[side] ?? []));
}

/** A side against its base, paired by round, on process CPU time and on wall time. */
export interface PairedRatio {
  /** Median per-round ratio of process CPU times with its 95% interval (the headline; absent where the runtime has no CPU time). */
  cpu?: Interval;
  /** The same on wall time (noisier on a shared machine). */
  wall: Interval;
  /** Median ms of the side and of the base (wall; CPU where known). */
  wall_ms: number;
  base_wall_ms: number;
  cpu_ms?: number;
  base_cpu_ms?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** The paired ratio of `side` over `base`. */
export function compare(side: readonly Sample[], base: readonly Sample[]): PairedRatio {
  const hasCpu = side.every((s) => Number.isFinite(s.cpu) && s.cpu > 0) && base.every((s) => Number.isFinite(s.cpu) && s.cpu > 0);
  const out: PairedRatio = {
    wall: roundInterval(pairedInterval(side.map((s) => s.wall), base.map((s) => s.wall))),
    wall_ms: r1(median(side.map((s) => s.wall))),
    base_wall_ms: r1(median(base.map((s) => s.wall))),
  };
  if (!hasCpu) return out;
  return {
    cpu: roundInterval(pairedInterval(side.map((s) => s.cpu), base.map((s) => s.cpu))),
    ...out,
    cpu_ms: r1(median(side.map((s) => s.cpu))),
    base_cpu_ms: r1(median(base.map((s) => s.cpu))),
  };
}

/** The interval a verdict is based on: CPU time where known, else wall. */
export function headline(p: PairedRatio): Interval {
  return p.cpu ?? p.wall;
}
