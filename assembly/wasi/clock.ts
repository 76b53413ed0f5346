// The workload's monotonic clock across moves: the outer runtime's monotonic
// time plus an offset, set on resume so that the workload's time continues
// from the snapshot's `clock.monotonicNs` and never goes backwards (as the JS
// host's host/wasi/clock.ts does). The offset is applied to clock_time_get of
// clock 1 (monotonic) in the VM's host-call loop.

import { clock_time_get } from "./imports";

/** Added to the outer monotonic time to give the workload's. */
export let monotonicOffset: i64 = 0;

/** The outer runtime's monotonic time in ns (0 if it has none). */
function outerMonotonic(): i64 {
  const p = heap.alloc(8);
  const e = clock_time_get(1, 1, p);
  const t = e == 0 ? load<i64>(p) : 0;
  heap.free(p);
  return t;
}

/** The workload's monotonic time now. */
export function workloadMonotonic(): i64 {
  return outerMonotonic() + monotonicOffset;
}

/** Continues the workload's monotonic time from `ns` (a snapshot's). */
export function continueMonotonic(ns: i64): void {
  monotonicOffset = ns - outerMonotonic();
}
