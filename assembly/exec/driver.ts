// ferry_run's loop around the interpreter: runs a fuel budget in slices.
// Why: V8 (Node, Deno) first runs wasm code in its baseline compiler
// (Liftoff) and switches a hot function to optimised code (TurboFan) only at
// its next *call*; wasm has no on-stack replacement. A single long call of
// interp.run would stay in baseline code (about 4x slower), so the budget is
// cut into slices and run() is re-entered between them. A slice boundary
// costs one exit and one entry of the loop, nothing is re-executed.
// JavaScriptCore (Bun) does have loop OSR for wasm and does not care about the
// slice length (measured 2^12..2^40, docs/jsc-notes.md); 2^20 suits both.

import { Machine } from "./frames";
import { run } from "./interp";
import { Status } from "./status";

/** Fuel per slice: long enough that re-entry costs nothing, short enough to tier up early. */
const SLICE: i64 = 1 << 20;

/** Runs the innermost invocation with `fuel` units (i64.MAX_VALUE: unlimited) until a status. */
export function runSliced(fuel: i64): i32 {
  let left = fuel;
  let slice = left < SLICE ? left : SLICE;
  while (true) {
    const before = Machine.fuelUsed;
    const status = run(slice);
    if (status != Status.YIELD || slice == left) return status;
    const used = <i64>(Machine.fuelUsed - before);
    if (left != i64.MAX_VALUE) left -= used;
    // A segment costlier than a slice makes no progress in it: give it the whole budget.
    slice = used == 0 || left < SLICE ? left : SLICE;
  }
  return Status.TRAP; // unreachable
}
