// The WASI build's checkpoint trigger (`--trigger-file PATH --snapshot FILE`,
// DESIGN.md §3 "when a trigger file appears"): PATH is a file inside a
// preopened directory; the VM looks for it (one path_filestat_get) every
// TRIGGER_SLICE instructions and after every forwarded host call, and
// checkpoints as soon as it exists. `ferry run --runtime wasi|ferry
// --checkpoint-on SIGNAL` turns the signal into such a file in a private
// preopen (host/runtimes/wasi-trigger.ts). Waits inside host calls are made
// interruptible in trigger-wait.ts.

import { Machine } from "../exec/frames";
import { run } from "../exec/interp";
import { runSliced } from "../exec/driver";
import { Status } from "../exec/status";
import { path_filestat_get } from "./imports";
import { resolve } from "./io";
import { refuse } from "./refuse";

/** The most instructions the VM runs between two looks at the trigger file. */
export const TRIGGER_SLICE: i64 = 10_000;

/** The armed trigger files (--trigger-file may repeat). */
export class Trigger {
  static armed: bool = false;
  /** How messages name each (--label PATH::NAME, e.g. "SIGUSR1" or "file:/host/path"). */
  static names: string[] = [];
  static dirs: i32[] = [];
  static rels: ArrayBuffer[] = [];
  /** The name of the one that fired. */
  static name: string = "";
  static stat: usize = 0;
  /** Machine.fuelUsed when the files were last all found missing. */
  static clearAt: u64 = 0;
}

/** Arms the trigger file `path` (a guest path), named `name` in messages; call it while the VM's preopens are enumerable. */
export function armTrigger(path: string, name: string): void {
  const dirOut: i32[] = [0];
  const rel = resolve(path, dirOut);
  if (rel == null) refuse("--trigger-file " + name + ": not inside a preopened directory");
  Trigger.dirs.push(dirOut[0]);
  Trigger.rels.push(String.UTF8.encode(rel!));
  Trigger.names.push(name);
  if (Trigger.stat == 0) Trigger.stat = heap.alloc(64);
  Trigger.armed = true;
  Trigger.clearAt = Machine.fuelUsed;
}

/** True when a trigger file exists (Trigger.name says which). */
export function triggerFired(): bool {
  if (!Trigger.armed) return false;
  for (let i = 0; i < Trigger.dirs.length; i++) {
    const rel = unchecked(Trigger.rels[i]);
    if (path_filestat_get(unchecked(Trigger.dirs[i]), 0, changetype<usize>(rel), rel.byteLength, Trigger.stat) == 0) {
      Trigger.name = Trigger.names[i];
      return true;
    }
  }
  Trigger.clearAt = Machine.fuelUsed;
  return false;
}

/**
 * Runs the innermost invocation with at most `fuel` units (i64.MAX_VALUE:
 * unlimited) until a status, yielding after at most TRIGGER_SLICE
 * instructions so that the caller can look at the trigger. A budget end
 * within the slice is exact (runSliced); a slice end is the next segment
 * start (no stepping). A segment dearer than the slice is given more.
 */
export function runWatched(fuel: i64): i32 {
  let slice = TRIGGER_SLICE;
  while (true) {
    if (fuel <= slice) return runSliced(fuel);
    const before = Machine.fuelUsed;
    const status = run(slice);
    if (status != Status.YIELD || Machine.fuelUsed != before) return status;
    slice <<= 1;
  }
  return Status.TRAP; // unreachable
}
