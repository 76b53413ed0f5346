// ferry_run's loop around the interpreter: runs a fuel budget in slices, and
// makes it exact.
// Slices: V8 (Node, Deno) first runs wasm code in its baseline compiler
// (Liftoff) and switches a hot function to optimised code (TurboFan) only at
// its next *call*; wasm has no on-stack replacement. A single long call of
// interp.run would stay in baseline code (about 4x slower), so the budget is
// cut into slices and run() is re-entered between them. A slice boundary
// costs one exit and one entry of the loop, nothing is re-executed.
// JavaScriptCore (Bun) does have loop OSR for wasm and does not care about the
// slice length (measured 2^12..2^40, docs/jsc-notes.md); 2^20 suits both.
// Exactness: fast code charges fuel per segment (FUEL K) and yields at a
// segment start when fewer than K units are left. Then the innermost frame
// moves to its function's step copy (step.ts), where each instruction costs 1,
// and the rest of the slice runs there until the next fast segment it can
// afford: a budget of N stops after exactly N instructions (unless the
// invocation ends, traps or calls the host first).
// Inexact budgets (exact = false, ferry_run_within): a periodic check such as
// a checkpoint trigger only needs "at most N instructions", so the run stops
// at the fast segment start where the budget's end falls and never steps; the
// last segment that did not fit (fewer than K instructions) runs next time.
// Slices of a periodic check with no budget (progress = true,
// ferry_run_slice) must also move on when the next segment alone costs more
// than the slice: the budget doubles until it fits (before, the host did that
// with one more round trip per try), so a YIELD always follows progress.

import { Machine, RunState } from "./frames";
import { run } from "./interp";
import { Status } from "./status";
import { stepEnter } from "./step";

/** Fuel per slice: long enough that re-entry costs nothing, short enough to tier up early. */
const SLICE: i64 = 1 << 20;

/**
 * Runs the innermost invocation with `fuel` units (i64.MAX_VALUE: unlimited)
 * until a status. `exact`: a budget stops after exactly `fuel` instructions;
 * else at the last segment start within it (possibly having used none, unless
 * `progress`: then the budget doubles until the next segment fits).
 */
export function runSliced(fuel: i64, exact: bool = true, progress: bool = false): i32 {
  const start = Machine.fuelUsed;
  let left = fuel;
  let whole = false; // the next slice is all that is left (a segment dearer than SLICE)
  while (true) {
    const slice = whole || left < SLICE ? left : SLICE;
    whole = false;
    const before = Machine.fuelUsed;
    const status = run(slice);
    if (status != Status.YIELD) return status;
    const used = <i64>(Machine.fuelUsed - before);
    if (left != i64.MAX_VALUE) left -= used;
    if (left <= 0) return status;
    if (used >= slice) continue;
    // Stopped short of an internal slice boundary (not the budget's end): no
    // exact stop is due there, so keep running fast code (monitor copies,
    // whose segment starts are M_FUEL, rely on this for unlimited runs).
    if (left == i64.MAX_VALUE || slice < left + used) {
      if (used == 0) whole = true;
      continue;
    }
    // Stopped short of the budget's end at a segment costlier than the fuel left:
    // an inexact budget ends here, at a segment start; an exact one steps.
    if (!exact) {
      if (!progress || Machine.fuelUsed != start) return status;
      left = left < 1 ? 1 : left < (i64.MAX_VALUE >> 1) ? left << 1 : i64.MAX_VALUE;
      continue;
    }
    if (!stepEnter()) {
      Machine.state = RunState.TRAPPED; // the error is recorded; the host unwinds
      return Status.TRAP;
    }
  }
  return Status.TRAP; // unreachable
}
