// Checkpoint triggers (`--checkpoint-on SIGUSR1`, `--checkpoint-on file:PATH`):
// parsing, and arming them on the main thread, where they set a shared flag
// (an Int32Array over a SharedArrayBuffer) that the VM, running in a worker
// (migrate/trigger-worker.ts), reads between fuel slices of TRIGGER_SLICE
// instructions. A signal handler or a file watch can only run when the main
// thread's event loop turns, which is why the VM does not run on it.

import { existsSync, statSync, watch } from "node:fs";
import type { FSWatcher } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import process from "node:process";
import { UsageError } from "./args.js";
import type { FlagSpec } from "./args.js";

/** The most instructions the VM runs between two looks at the trigger flag. */
export const TRIGGER_SLICE = 10_000;

/** Signals `--checkpoint-on` accepts. */
export const TRIGGER_SIGNALS = ["SIGUSR1", "SIGUSR2", "SIGHUP"] as const;
export type TriggerSignal = (typeof TRIGGER_SIGNALS)[number];

/** One armed trigger: a signal, or a file appearing. */
export type Trigger = { kind: "signal"; signal: TriggerSignal } | { kind: "file"; path: string; label?: string };

/** The --checkpoint-on flag (run and resume). */
export const CHECKPOINT_ON_FLAG: FlagSpec = {
  name: "checkpoint-on", value: "WHEN", repeat: true,
  help: "checkpoint (with --snapshot) on SIGUSR1, SIGUSR2, SIGHUP or when file:PATH appears; stops within 10,000 instructions",
};

/** Internal: a re-launched process watches this file, which its parent creates on the signal. */
export const TRIGGER_RELAY_FLAG: FlagSpec = { name: "trigger-relay", value: "SIGNALS:PATH", repeat: true, help: "internal: relayed signal trigger" };

/** Parses a `--checkpoint-on` value (UsageError if it is neither a known signal nor file:PATH). */
export function parseTrigger(spec: string): Trigger {
  if ((TRIGGER_SIGNALS as readonly string[]).includes(spec)) return { kind: "signal", signal: spec as TriggerSignal };
  if (spec.startsWith("file:")) {
    const path = spec.slice(5);
    if (path === "") throw new UsageError("--checkpoint-on file:PATH needs a path");
    return { kind: "file", path: resolve(path) };
  }
  throw new UsageError(`--checkpoint-on expects ${TRIGGER_SIGNALS.join(", ")} or file:PATH, got ${JSON.stringify(spec)}`);
}

/**
 * The internal trigger of a re-launched process (--trigger-relay SIGNALS:PATH):
 * the outer process, which received the signal, creates the file PATH.
 */
export function parseRelay(spec: string): Trigger {
  const i = spec.indexOf(":");
  if (i <= 0) throw new UsageError(`--trigger-relay expects SIGNALS:PATH, got ${JSON.stringify(spec)}`);
  return { kind: "file", path: resolve(spec.slice(i + 1)), label: spec.slice(0, i) };
}

/** The command-line spelling of `t` (a relayed trigger is named after its signal). */
export function triggerName(t: Trigger): string {
  return t.kind === "signal" ? t.signal : t.label ?? `file:${t.path}`;
}

/** A fresh shared flag: 0 = not triggered, otherwise 1 + the index of the trigger that fired. */
export function newFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Checks that the file triggers can be armed: the directory exists and the file does not yet (RunFailure-worthy message, or undefined). */
export function triggerProblem(triggers: readonly Trigger[]): string | undefined {
  for (const t of triggers) {
    if (t.kind !== "file") continue;
    const dir = dirname(t.path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return `--checkpoint-on file:${t.path}: no such directory ${dir}`;
    if (existsSync(t.path)) return `--checkpoint-on file:${t.path}: the file already exists (the trigger is the file appearing; remove it first)`;
  }
  return undefined;
}

/** The line saying the triggers are armed and which process to signal (scripts wait for it before signalling). */
export function armedLine(triggers: readonly Trigger[]): string {
  return `ferry: armed: checkpoint on ${triggers.map(triggerName).join(" or ")} (pid ${process.pid})`;
}

/** How often file triggers are also polled, in case the directory watch misses an event (ms). */
const POLL_MS = 5;

/** Arms `triggers` on this (main) thread: each sets `flag` when it fires. Returns the function that disarms them all. */
export function armTriggers(triggers: readonly Trigger[], flag: Int32Array): () => void {
  const undo: Array<() => void> = [];
  const fire = (i: number) => {
    Atomics.compareExchange(flag, 0, 0, i + 1);
    Atomics.notify(flag, 0); // wakes a worker waiting in a host call (host/wasi/interrupt.ts)
  };
  triggers.forEach((t, i) => {
    if (t.kind === "signal") {
      const handler = () => fire(i);
      process.on(t.signal, handler);
      undo.push(() => process.off(t.signal, handler));
      return;
    }
    const check = () => {
      if (existsSync(t.path)) fire(i);
    };
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(dirname(t.path), (_event, name) => {
        if (name === null || name === undefined || String(name) === basename(t.path)) check();
      });
      watcher.on("error", () => undefined);
    } catch {
      watcher = undefined; // polling alone still works
    }
    const timer = setInterval(check, POLL_MS);
    check();
    undo.push(() => {
      clearInterval(timer);
      watcher?.close();
    });
  });
  return () => {
    for (const u of undo) u();
  };
}
