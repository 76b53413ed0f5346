// Interruptible waits of the WASI host (issue 4): while --checkpoint-on is
// armed, the VM runs in a worker and a checkpoint trigger sets a shared flag
// (migrate/trigger.ts). A host function that would wait with nothing consumed
// yet (a read of an empty non-blocking stdin, a poll_oneoff sleep) waits on
// that flag instead of sleeping, and throws HostCallInterrupted when it is
// set, so the call can be rewound (assembly/exec/rewind.ts) and re-issued
// after a resume. Without a flag, waits are plain sleeps.

/** A host function stopped waiting for a checkpoint trigger before it consumed or produced anything. */
export class HostCallInterrupted extends Error {
  /** For a poll_oneoff sleep: how long it had waited (recorded in the snapshot so the resumed call waits only the rest). */
  pending: PendingCall | undefined;
  constructor() {
    super("host call interrupted by a checkpoint trigger");
  }
}

import type { PendingCall } from "./context.js";

let flag: Int32Array | undefined;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Makes the waits of this thread's host functions end when `f[0]` becomes non-zero (undefined: plain sleeps). */
export function setInterruptFlag(f: Int32Array | undefined): void {
  flag = f;
}

/** True if a trigger has fired. */
export function interruptPending(): boolean {
  return flag !== undefined && Atomics.load(flag, 0) !== 0;
}

/** Waits `ms` milliseconds, or until a trigger fires: then throws HostCallInterrupted (the caller has consumed nothing). */
export function pause(ms: number): void {
  if (flag === undefined) {
    if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
    return;
  }
  if (Atomics.load(flag, 0) === 0 && ms > 0) Atomics.wait(flag, 0, 0, ms);
  if (Atomics.load(flag, 0) !== 0) throw new HostCallInterrupted();
}
