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

import { closeSync, constants, fstatSync, openSync } from "node:fs";
import type { PendingCall } from "./context.js";

let flag: Int32Array | undefined;
/** Whether the pending call can be rewound (a wait that cannot be goes on, and the trigger is taken when the call returns). */
let rewindable: () => boolean = () => true;
/** Stdin reopened non-blocking (readFd); null: not possible here. */
let stdinCopy: number | null | undefined;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Makes the waits of this thread's host functions end when `f[0]` becomes
 * non-zero (undefined: plain sleeps), provided `canRewind()` says the pending
 * call can be rewound.
 */
export function setInterruptFlag(f: Int32Array | undefined, canRewind: () => boolean = () => true): void {
  flag = f;
  rewindable = canRewind;
  if (f === undefined && typeof stdinCopy === "number") closeSync(stdinCopy);
  if (f === undefined) stdinCopy = undefined;
}

/**
 * The host fd to read `hostFd` through. While waits are interruptible, stdin
 * (a pipe or a terminal) is reopened through /proc/self/fd/0 with O_NONBLOCK:
 * a new open file description of the same pipe or terminal, so a read with
 * no input returns EAGAIN (and waits in `pause`) instead of blocking, while
 * the process's own fd 0, shared with other processes, keeps its flags. A
 * regular file (it would get its own offset), a socket, or a system without
 * /proc keep fd 0 as it is.
 */
export function readFd(hostFd: number): number {
  if (flag === undefined || hostFd !== 0) return hostFd;
  if (stdinCopy === undefined) {
    stdinCopy = null;
    try {
      const st = fstatSync(0);
      if (st.isFIFO() || st.isCharacterDevice()) stdinCopy = openSync("/proc/self/fd/0", constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      stdinCopy = null;
    }
  }
  return stdinCopy ?? hostFd;
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
  if (Atomics.load(flag, 0) === 0) {
    if (ms > 0) Atomics.wait(flag, 0, 0, ms);
    if (Atomics.load(flag, 0) === 0) return;
  }
  if (rewindable()) throw new HostCallInterrupted();
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms); // not rewindable: wait on; the trigger is taken after the call
}
