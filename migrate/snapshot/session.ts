// Runs a WASI command in the Ferry VM with a checkpoint, and resumes one from
// a snapshot, in the current JS runtime (or thread). A checkpoint either gives
// the VM exactly N units of fuel (one per original instruction; the VM stops
// after exactly N instructions: inside a segment, the frame finishes in its
// function's step-mode copy), or watches a trigger flag between fuel slices of
// at most TRIGGER_SLICE instructions (see migrate/trigger.ts), or both. The
// state is captured at the stop, written atomically, and the process ends
// with exit code 0.

import { realpathSync, writeSync } from "node:fs";
import process from "node:process";
import { FerryExhaustion, FerryLinkError, FerryTrap } from "../../host/errors.js";
import { Status } from "../../host/abi.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import type { FerryInstance } from "../../host/ferry-engine.js";
import { getExport } from "../../host/engine.js";
import { formatBacktrace } from "../../host/runtimes/backtrace.js";
import { RunFailure } from "../../host/runtimes/failure.js";
import { readModule } from "../../host/runtimes/in-process.js";
import type { DirMapping, RunOptions } from "../../host/runtimes/options.js";
import { instantiateWasi } from "../../host/wasi/command.js";
import { createWasi, WasiExit } from "../../host/wasi/index.js";
import { HostCallInterrupted, setInterruptFlag } from "../../host/wasi/interrupt.js";
import type { Wasi, WasiState } from "../../host/wasi/index.js";
import type { PendingCall } from "../../host/wasi/context.js";
import { openSnapshotFile, writeSnapshotFile } from "./file.js";
import type { OpenSnapshot } from "./file.js";
import { SnapshotError } from "./format.js";
import type { Snapshot } from "./model.js";
import { captureSnapshot, restoreSnapshot } from "./vm-state.js";
import { TRIGGER_SLICE, triggerName } from "../trigger.js";
import { resumeMonitors, startMonitors } from "../../instrument/run-monitors.js";
import type { RunningMonitors } from "../../instrument/run-monitors.js";
import { captureMonitors, monitorNames, restoreMonitors } from "./monitors-section.js";
import type { Trigger } from "../trigger.js";

/** Where and when to checkpoint. */
export interface Checkpoint {
  /** Instructions to run (from the start, or from the resumed point) before stopping. */
  after?: number;
  /** Snapshot file to write. */
  path: string;
  /** Store memory deflated (section 9). */
  compress?: boolean;
  /** `--checkpoint-on` triggers (armed on the main thread; they set `flag`). */
  triggers?: Trigger[];
  /** Set (to 1 + the trigger's index) when a trigger fires; read between slices. */
  flag?: Int32Array;
}

/** Writes one line to stderr synchronously (this may run in a worker, whose process.stderr is asynchronous). */
export function say(line: string): void {
  writeSync(2, `${line}
`);
}

class CheckpointTaken extends Error {}

/** Statistics of the last checkpoint written in this process (tests, demo). */
export interface CheckpointInfo { bytes: number; frames: number; pages: number; instructions: bigint; captureMs: number; writeMs: number }

function setup(engine: FerryEngine, bytes: Uint8Array, wasi: Wasi): FerryInstance {
  let module;
  try {
    module = engine.compile(bytes);
  } catch (e) {
    throw new RunFailure(`invalid module: ${e instanceof Error ? e.message : String(e)}`);
  }
  return instantiateWasi(engine, module, wasi);
}

/**
 * Makes `engine` run in slices of at most TRIGGER_SLICE instructions and look
 * at `flag` between them; when it is set, calls `fire` with its value and the
 * instructions run since the last look that found it clear (an upper bound
 * of the trigger latency). `fire` takes the checkpoint and throws to stop.
 */
export function watchTrigger(engine: FerryEngine, flag: Int32Array, fire: (fired: number, latency: number) => void): void {
  engine.fuelSlice = TRIGGER_SLICE;
  engine.watchFlag(flag, fire);
}

/**
 * Makes the WASI host's waits (stdin with no input, poll_oneoff sleeps)
 * interruptible by `flag`: when it fires during one, the pending call is
 * rewound to its `call` instruction (nothing was consumed; it is re-issued on
 * resume) and `fire` takes the checkpoint and throws to stop.
 */
export function watchBlockedCalls(engine: FerryEngine, flag: Int32Array, fire: (fired: number, pending: PendingCall | undefined) => void): void {
  setInterruptFlag(flag, () => engine.vm.hostcallRewind(false));
  engine.onHostInterrupted = (e) => {
    if (!(e instanceof HostCallInterrupted)) return;
    if (!engine.vm.hostcallRewind()) throw new RunFailure(`cannot checkpoint inside this host call: ${engine.vm.lastError().message}`);
    fire(Atomics.load(flag, 0), e.pending);
  };
}

/** Runs `body` (the workload), turning a checkpoint, exit, trap and fuel into the exit code or RunFailure. */
function drive(
  engine: FerryEngine, instance: FerryInstance, wasi: Wasi, bytes: Uint8Array, cp: Checkpoint | undefined, body: () => void,
  monitors?: RunningMonitors,
): number {
  let checkpointed = false;
  if (cp !== undefined) {
    let why = "";
    let lateBy = "";
    let pending: PendingCall | undefined;
    const take = () => {
      const t0 = performance.now();
      // The stop may come just after an answered host call: let the VM step
      // to the segment start that follows it (zero fuel runs nothing).
      if (engine.vm.run(0) !== Status.YIELD) throw new SnapshotError("the workload did not stop at a resume point");
      const snap = captureSnapshot(engine, instance, wasi, bytes);
      const mon = captureMonitors(engine);
      if (mon !== undefined) snap.monitors = mon;
      if (pending !== undefined) snap.wasi = { ...snap.wasi, pending };
      const t1 = performance.now();
      const size = writeSnapshotFile(cp.path, snap, { compress: cp.compress });
      const t2 = performance.now();
      const pages = snap.memories.reduce((n, m) => n + m.pages, 0);
      const stored = snap.memories.reduce((n, m) => n + m.chunks.length, 0);
      say(
        `ferry: checkpoint ${why}after ${snap.instructions} instructions${lateBy}: wrote ${cp.path} (${size} bytes; ${snap.frames.length} frames, ` +
        `${stored} of ${pages} pages stored; capture ${(t1 - t0).toFixed(1)} ms, write ${(t2 - t1).toFixed(1)} ms)`,
      );
      throw new CheckpointTaken();
    };
    if (cp.after !== undefined) {
      engine.fuel = cp.after;
      engine.onFuelOut = take;
    }
    if (cp.flag !== undefined) {
      const fire = (fired: number, late: string) => {
        const name = cp.triggers?.[fired - 1];
        why = `on ${name === undefined ? "trigger" : triggerName(name)} `;
        lateBy = late;
        take();
      };
      watchTrigger(engine, cp.flag, (fired, latency) => fire(fired, ` (at most ${latency} after the trigger)`));
      watchBlockedCalls(engine, cp.flag, (fired, p) => {
        pending = p;
        fire(fired, " (waiting in a host call, rewound to its call)");
      });
    }
  }
  try {
    body();
    if (cp !== undefined) say(`ferry: the workload finished after ${engine.vm.fuelUsed()} instructions, before the checkpoint; no snapshot written`);
    return 0;
  } catch (e) {
    if (e instanceof CheckpointTaken) {
      checkpointed = true; // the monitors travel in the snapshot: the run that finishes reports
      return 0;
    }
    if (e instanceof WasiExit) {
      if (cp !== undefined) say(`ferry: the workload finished after ${engine.vm.fuelUsed()} instructions, before the checkpoint; no snapshot written`);
      return e.code;
    }
    if (e instanceof SnapshotError) throw new RunFailure(e.message);
    if (e instanceof FerryLinkError) throw new RunFailure(e.message);
    if ((e instanceof FerryTrap || e instanceof FerryExhaustion) && cp !== undefined) {
      say(`ferry: the workload trapped after ${engine.vm.fuelUsed()} instructions, before the checkpoint; no snapshot written`);
    }
    if (e instanceof FerryTrap) throw new RunFailure(`trap: ${e.message}`, 3, formatBacktrace(e.backtrace));
    if (e instanceof FerryExhaustion) throw new RunFailure(`trap: ${e.message}`, 3, formatBacktrace(e.backtrace));
    throw e;
  } finally {
    setInterruptFlag(undefined);
    wasi.close();
    if (!checkpointed) monitors?.finish(instance.module);
  }
}

/** `ferry run --checkpoint-after N --snapshot FILE` in this process; returns the exit code. */
export function runWithCheckpoint(o: RunOptions, cp: Checkpoint): number {
  if (o.native) throw new RunFailure("--checkpoint-after needs the Ferry VM; it cannot be combined with --native");
  const bytes = readModule(o.module);
  const engine = new FerryEngine();
  for (const e of o.env) if (!e.includes("=")) throw new RunFailure(`--env ${e}: expected KEY=VALUE`);
  const wasi = createWasi({ args: [o.module, ...o.args], env: o.env, preopens: o.dirs });
  const monitors = o.monitors !== undefined ? startMonitors(engine, o.monitors, o.monitorOut) : undefined;
  const instance = setup(engine, bytes, wasi);
  const start = instance.exports.get("_start");
  if (start === undefined || start.kind !== "func") throw new RunFailure("the module has no _start function (not a WASI command)");
  return drive(engine, instance, wasi, bytes, cp, () => getExport(instance, "_start", "func").call([]), monitors);
}

/** The WASI state with the preopen named d.guest (and the files opened under it) re-pointed to d.host, for each of `dirs`. */
function remapDirs(state: WasiState, dirs: DirMapping[]): WasiState {
  let entries = state.fds.entries;
  for (const d of dirs) {
    const pre = entries.find((e) => e.preopen && e.guestPath === d.guest);
    if (pre === undefined) throw new RunFailure(`--dir ${d.host}::${d.guest}: the snapshot has no preopened directory named ${JSON.stringify(d.guest)}`);
    const from = pre.hostPath;
    const to = realpathSync(d.host);
    entries = entries.map((e) => {
      if (e.hostPath === from) return { ...e, hostPath: to };
      if (e.hostPath.startsWith(`${from}/`)) return { ...e, hostPath: to + e.hostPath.slice(from.length) };
      return e;
    });
  }
  return { ...state, fds: { ...state.fds, entries } };
}

/** `ferry resume FILE` in this process (optionally checkpointing again; `monitorOut`: the JSON report of the snapshot's monitors); returns the exit code. */
export function resumeInProcess(path: string, dirs: DirMapping[], cp?: Checkpoint, monitorOut?: string): number {
  let opened: OpenSnapshot;
  try {
    opened = openSnapshotFile(path);
  } catch (e) {
    if (e instanceof SnapshotError) throw new RunFailure(e.message);
    throw e;
  }
  const snap: Snapshot = opened.snapshot;
  const engine = new FerryEngine();
  let wasi: Wasi;
  try {
    wasi = createWasi({ state: remapDirs(snap.wasi, dirs) });
  } catch (e) {
    opened.memory?.close();
    throw new RunFailure(`${path}: cannot restore the WASI state: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (monitorOut !== undefined && snap.monitors === undefined) {
    opened.memory?.close();
    wasi.close();
    throw new RunFailure(`--monitor-out: ${path} carries no monitors (checkpoint a run with --monitor LIST)`);
  }
  let monitors: RunningMonitors | undefined;
  let instance: FerryInstance;
  try {
    if (snap.monitors !== undefined) monitors = resumeMonitors(engine, monitorNames(snap.monitors), monitorOut);
    instance = setup(engine, snap.moduleBytes, wasi);
    restoreSnapshot(engine, instance, snap, opened.memory);
    if (snap.monitors !== undefined) restoreMonitors(engine, snap.monitors);
  } catch (e) {
    opened.memory?.close();
    wasi.close();
    if (e instanceof SnapshotError) throw new RunFailure(`${path}: ${e.message}`);
    throw e;
  }
  return drive(engine, instance, wasi, snap.moduleBytes, cp, () => engine.resumeRestored(), monitors);
}
