// Shared by the handover tests (handover.test.ts: a sample in npm test;
// handover-full.test.ts: the whole matrix, npm run test:handover): the
// programs of ../shared/workloads with small inputs, an uninterrupted
// reference run, deterministic pseudo-random checkpoint points spread over a
// run, and the hops themselves (`ferry run --checkpoint-after N` on one
// runtime, `ferry resume` on the next). The stdout of the hops is
// concatenated: nothing may be lost or written twice.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { findExecutable, runtimeCommand } from "../../host/runtimes/launch.js";
import type { JsRuntime } from "../../host/runtimes/launch.js";
import { projectRoot } from "../../host/vm.js";

const CLI = join(projectRoot(), "bin", "ferry.js");
const WORKLOADS = join(projectRoot(), "..", "shared", "workloads");

/**
 * The runtimes a checkpoint is resumed on, in turn: the JS host in node, bun
 * and deno, and the WASI build (build/ferry-wasi.wasm) under node:wasi, run
 * as `ferry run|resume --runtime wasi` (see ferryIn).
 */
export const ROTATION: readonly string[] = ["node", "bun", "deno", "wasi"];

/** The runtimes of ROTATION installed on this machine. */
export function availableRuntimes(): string[] {
  return ROTATION.filter((r) => r === "wasi" || findExecutable(r) !== undefined);
}

/** A workload and how to run it. */
export interface Program {
  /** Unique test name. */
  name: string;
  /** Path of the .wasm. */
  module: string;
  /** Workload arguments. */
  args: string[];
  /** --env K=V values. */
  env?: string[];
  /** File (in ../shared/workloads/wasi) read as stdin, shared by all hops like a shell redirect. */
  stdin?: string;
  /** Files of ../shared/workloads/wasi copied into the working directory first. */
  inputs?: string[];
  /** Files the workload writes in its working directory, compared by SHA-256. */
  outputs?: string[];
  /** Runs in the fresh working directory before the workload (e.g. generate an input). */
  prepare?: (dir: string) => void;
}

const bench = (name: string, param: string): Program => ({ name: `${name} ${param}`, module: join(WORKLOADS, "bench", `${name}.wasm`), args: [param] });
const wasi = (name: string, args: string[], extra: Partial<Program> = {}): Program => ({
  name: [name, ...args].join(" "), module: join(WORKLOADS, "wasi", `${name}.wasm`), args, ...extra,
});

/** Every program of ../shared/workloads, with inputs small enough for a test (a few seconds each in the VM at most). */
export const PROGRAMS: readonly Program[] = [
  bench("mandelbrot", "2"),
  bench("pi", "200000"),
  bench("mergesort", "1"),
  bench("fib", "22"),
  bench("matmul", "1"),
  bench("hash", "1"),
  wasi("wc", [], { stdin: "stream-small.in" }),
  wasi("filesort", ["gen", "3000", "in.txt"], { outputs: ["in.txt"] }),
  wasi("filesort", ["sort", "in.txt", "out.txt"], {
    outputs: ["out.txt"],
    prepare: (dir) => {
      const r = spawnSync(process.execPath, [CLI, "run", "--native", "--dir", ".", join(WORKLOADS, "wasi", "filesort.wasm"), "gen", "3000", "in.txt"], { cwd: dir });
      if (r.status !== 0) throw new Error(`filesort gen failed: ${String(r.stderr)}`);
    },
  }),
  wasi("fsops", ["."]),
  wasi("envargs", ["x", "y z", "--exit=5"], { env: ["FERRY_A=1", "OTHER=2"] }),
  wasi("stream", ["stream-small.in", "stream-small.out", "50"], { inputs: ["stream-small.in"], outputs: ["stream-small.out"] }),
  wasi("bigmem", ["2", "1"]),
  wasi("traps", ["div0"]),
  wasi("traps", ["exit7"]),
  wasi("clockrand", ["1000"]),
];

/** The program named `name`. */
export function program(name: string): Program {
  const p = PROGRAMS.find((x) => x.name === name);
  if (p === undefined) throw new Error(`no program ${name}`);
  return p;
}

/** What a run (or a chain of hops) produced. */
export interface Outcome {
  stdout: string;
  status: number | null;
  /** The "ferry: trap: ..." line, if any. */
  trap?: string;
  /** SHA-256 of each of the program's output files. */
  outputs: Record<string, string>;
}

/** A fresh working directory with the program's inputs. */
export function workDir(p: Program): string {
  const dir = mkdtempSync(join(tmpdir(), "ferry-handover-"));
  for (const f of p.inputs ?? []) copyFileSync(join(WORKLOADS, "wasi", f), join(dir, f));
  p.prepare?.(dir);
  return dir;
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** One `ferry` process under `runtime` (the CLI started directly in it), in `dir`, with stdin `stdinFd`. */
export function ferryIn(runtime: string, args: string[], dir: string, stdinFd: number | "ignore"): { stdout: string; stderr: string; status: number | null } {
  if (runtime === "wasi") return ferryIn("node", [args[0]!, "--runtime", "wasi", ...args.slice(1)], dir, stdinFd);
  const exe = findExecutable(runtime);
  if (exe === undefined) throw new Error(`runtime ${runtime} is not installed`);
  const [cmd, ...pre] = runtimeCommand(runtime as JsRuntime, exe, CLI);
  const r = spawnSync(cmd!, [...pre, ...args], { cwd: dir, stdio: [stdinFd, "pipe", "pipe"], encoding: "utf8", timeout: 300_000 });
  // A hop killed (timeout, signal) or never started says so in its stderr, for the assertion message.
  const why = r.error !== undefined ? `\n[ferryIn: ${r.error.message}]` : r.signal !== null ? `\n[ferryIn: killed by ${r.signal}]` : "";
  return { stdout: r.stdout, stderr: (r.stderr ?? "") + why, status: r.status };
}

function runArgs(p: Program): string[] {
  return [...(p.env ?? []).flatMap((e) => ["--env", e]), "--dir", ".", p.module, "--", ...p.args];
}

/** Runs `steps` one after another in one fresh directory, stdin shared; the concatenated outcome. */
function sequence(p: Program, steps: (dir: string) => Array<{ runtime: string; args: string[] }>): Outcome & { stderrs: string[] } {
  const dir = workDir(p);
  const stdinFd = p.stdin !== undefined ? openSync(join(WORKLOADS, "wasi", p.stdin), "r") : "ignore";
  try {
    let stdout = "";
    let status: number | null = null;
    const stderrs: string[] = [];
    for (const s of steps(dir)) {
      const r = ferryIn(s.runtime, s.args, dir, stdinFd);
      stdout += r.stdout;
      status = r.status;
      stderrs.push(r.stderr);
    }
    const last = stderrs[stderrs.length - 1] ?? "";
    const trap = /^ferry: trap: .*$/m.exec(last)?.[0];
    const outputs: Record<string, string> = {};
    // A missing output file is an outcome to compare (and explain), not an ENOENT thrown past the hops' stderr.
    for (const f of p.outputs ?? []) outputs[f] = existsSync(join(dir, f)) ? sha256(join(dir, f)) : `missing; stderr of each hop: ${JSON.stringify(stderrs)}`;
    return { stdout, status, ...(trap !== undefined ? { trap } : {}), outputs, stderrs };
  } finally {
    if (typeof stdinFd === "number") closeSync(stdinFd);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The uninterrupted run on node, and the number of instructions it executes. */
export function reference(p: Program): Outcome & { total: number } {
  const plain = sequence(p, () => [{ runtime: "node", args: ["run", ...runArgs(p)] }]);
  const counted = sequence(p, (dir) => [{ runtime: "node", args: ["run", "--checkpoint-after", String(Number.MAX_SAFE_INTEGER), "--snapshot", join(dir, "never.snap"), ...runArgs(p)] }]);
  const m = /the workload (?:finished|trapped) after (\d+) instructions/.exec(counted.stderrs[0]!);
  if (m === null) throw new Error(`no instruction count for ${p.name}: ${counted.stderrs[0]}`);
  let total = Number(m[1]);
  if (counted.stderrs[0]!.includes("trapped after")) total = trapPoint(p, total);
  return { ...comparable(plain), total };
}

/**
 * The exact number of instructions before the trapping one. A trap charges the
 * whole straight-line segment it is in (fuel is charged per segment), so the
 * reported count can exceed it by up to a segment; checkpoints stop after
 * exactly N, so bisect: the largest N that still gives a snapshot, plus one.
 */
function trapPoint(p: Program, reported: number): number {
  const stops = (n: number) => sequence(p, (dir) => [{ runtime: "node", args: ["run", "--checkpoint-after", String(n), "--snapshot", join(dir, "t.snap"), ...runArgs(p)] }]).status === 0;
  let lo = Math.max(1, reported - 512); // stops (a segment is far shorter)
  let hi = reported; // does not stop
  if (!stops(lo)) throw new Error(`${p.name}: no checkpoint ${reported - lo} instructions before the trap`);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (stops(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** A small deterministic generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from a name, so every program gets its own points, the same on every run. */
export function seedOf(name: string): number {
  let h = 2166136261;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** `n` instruction counts in [1, total), one in each of n equal strata (spread over the whole run), pseudo-random inside. */
export function checkpointPoints(total: number, n: number, seed: number): number[] {
  const rand = random(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const lo = Math.max(1, Math.floor(((total - 1) * i) / n));
    const hi = Math.max(lo + 1, Math.floor(((total - 1) * (i + 1)) / n));
    out.push(Math.min(total - 1, lo + Math.floor(rand() * (hi - lo))));
  }
  return out;
}

/** Checkpoint after `n` instructions on `from`, resume on `to`. */
export function handover(p: Program, n: number, from: string, to: string): Outcome & { stderrs: string[] } {
  return sequence(p, (dir) => {
    const snap = join(dir, "hop.snap");
    return [
      { runtime: from, args: ["run", "--checkpoint-after", String(n), "--snapshot", snap, ...runArgs(p)] },
      { runtime: to, args: ["resume", snap] },
    ];
  });
}

/** Checkpoints after each of `steps` instructions in turn, each hop on the next of `runtimes` (steps.length + 1 of them). */
export function chain(p: Program, steps: number[], runtimes: string[]): Outcome & { stderrs: string[] } {
  return sequence(p, (dir) => {
    const snap = (i: number) => join(dir, `hop${i}.snap`);
    const out = [{ runtime: runtimes[0]!, args: ["run", "--checkpoint-after", String(steps[0]), "--snapshot", snap(0), ...runArgs(p)] }];
    for (let i = 1; i < steps.length; i++) {
      out.push({ runtime: runtimes[i]!, args: ["resume", "--checkpoint-after", String(steps[i]), "--snapshot", snap(i), snap(i - 1)] });
    }
    out.push({ runtime: runtimes[steps.length]!, args: ["resume", snap(steps.length - 1)] });
    return out;
  });
}

/** `hops` budgets whose sum stays below `total`, pseudo-random around total / (hops + 1). */
export function chainSteps(total: number, hops: number, seed: number): number[] {
  const rand = random(seed);
  const share = Math.floor(total / (hops + 1));
  return Array.from({ length: hops }, () => Math.max(1, Math.floor(share * (0.5 + rand() * 0.5))));
}

/** The outcome without the bookkeeping, for deepEqual against a reference. */
export function comparable(o: Outcome): Outcome {
  return { stdout: o.stdout, status: o.status, ...(o.trap !== undefined ? { trap: o.trap } : {}), outputs: o.outputs };
}
