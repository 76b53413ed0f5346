// Interruptible waits of the WASI build while a trigger is armed (issue 4): a
// workload blocked in fd_read on a stream with no input yet, or in a
// poll_oneoff that sleeps, would not see the trigger until the call returns.
// So such calls wait in short rounds of poll_oneoff with an extra private
// clock subscription of WAIT_NS, looking at the trigger file between rounds.
// When it has appeared and nothing was consumed or reported yet, the caller
// rewinds the call (exec/rewind.ts) and checkpoints; a resumed run issues the
// call again. This needs an outer poll_oneoff that reports fd readiness
// honestly (node:wasi, wasmtime do; Ferry's own WASI reports streams ready at
// once, so under `--runtime ferry` a read of empty stdin still blocks).

import { clearError } from "../errors";
import { rewindHostCall } from "../exec/rewind";
import { EFAULT, Guest, ptr } from "./guest";
import { clock_time_get, fd_fdstat_get, poll_oneoff } from "./imports";
import { W } from "./names";
import { relativeClocks } from "./quirks";
import { PendingCall, takeResumedWait } from "./pending-call";
import { Trigger, triggerFired } from "./trigger";

/** Longest wait between two looks at the trigger file (ns). */
const WAIT_NS: u64 = 10_000_000;
/** Userdata of the private clock subscription. */
const PRIVATE: u64 = 0x6665_7272_795f_7467; // "ferry_tg"
/** blockingCall: not handled here, forward the call as usual. */
export const FORWARD: i32 = -1;
/** blockingCall: the trigger fired while waiting; nothing was consumed. */
export const INTERRUPTED: i32 = -2;

// Subscription (48 bytes) and event (32 bytes) layouts, WASI preview1.
const SUB: usize = 48;
const EVENT: usize = 32;
const CLOCK: u8 = 0;
const FD_READ: u8 = 1;
const MONOTONIC: u32 = 1;
const FT_DIRECTORY: u8 = 3;
const FT_REGULAR: u8 = 4;

let subs: usize = 0;
let events: usize = 0;
let cap: usize = 0;
const scratch = heap.alloc(32);

function reserve(n: usize): void {
  if (n <= cap) return;
  if (subs != 0) {
    heap.free(subs);
    heap.free(events);
  }
  subs = heap.alloc(n * SUB);
  events = heap.alloc(n * EVENT);
  cap = n;
}

function monotonicNow(): u64 {
  return clock_time_get(MONOTONIC, 1, scratch) == 0 ? load<u64>(scratch) : 0;
}

/** Puts the private clock subscription (WAIT_NS from now) at `s`. */
function privateClock(s: usize): void {
  memory.fill(s, 0, SUB);
  store<u64>(s, PRIVATE);
  store<u8>(s, CLOCK, 8);
  store<u32>(s, MONOTONIC, 16);
  store<u64>(s, WAIT_NS, 24);
}

/**
 * poll_oneoff of the `n` subscriptions at VM address `in` (relative clocks,
 * counted from `start`), in rounds of at most WAIT_NS; writes the workload's
 * events to `out` and their count to `nOut`. Returns the errno or INTERRUPTED.
 */
function pollRounds(input: usize, n: usize, out: usize, nOut: usize, start: u64, sleep: bool): i32 {
  reserve(n + 1);
  while (true) {
    const elapsed = monotonicNow() - start;
    memory.copy(subs, input, n * SUB);
    for (let i: usize = 0; i < n; i++) {
      const s = subs + i * SUB;
      if (load<u8>(s, 8) != CLOCK) continue;
      const t = load<u64>(s, 24);
      store<u64>(s, t > elapsed ? t - elapsed : 0, 24);
    }
    privateClock(subs + n * SUB);
    const e = poll_oneoff(subs, events, <i32>(n + 1), scratch + 8);
    if (e != 0) return e;
    const got = <usize>load<u32>(scratch, 8);
    let k: usize = 0;
    for (let i: usize = 0; i < got && i <= n; i++) {
      const ev = events + i * EVENT;
      if (load<u64>(ev) == PRIVATE && load<u8>(ev, 10) == CLOCK) continue;
      memory.copy(out + k * EVENT, ev, EVENT);
      k++;
    }
    if (k > 0) {
      store<u32>(nOut, <u32>k);
      return 0;
    }
    // A call that cannot be rewound (call_indirect) waits on; the trigger is taken when it returns.
    if (triggerFired()) {
      if (rewindHostCall(false)) {
        if (sleep) PendingCall.waitedNs = <i64>(monotonicNow() - start);
        return INTERRUPTED;
      }
      clearError();
    }
  }
  return 0; // unreachable
}

/** True if outer fd `fd` may block on read (not a regular file or a directory, or unknown). */
function mayBlock(fd: i32): bool {
  if (fd_fdstat_get(fd, scratch) != 0) return false; // the read reports the error
  const t = load<u8>(scratch);
  return t != FT_REGULAR && t != FT_DIRECTORY;
}

/**
 * Performs or prepares host call `id` (arguments in the slots at `args`) so
 * that a trigger can interrupt its wait: fd_read on a stream waits until it is
 * readable (then FORWARD), poll_oneoff is performed here (its errno), counting
 * a resumed snapshot's pending wait. Returns INTERRUPTED if the trigger fired
 * first, FORWARD for every other call. Call it while a trigger is armed or a
 * pending wait is due (needsBlockingCall).
 */
export function needsBlockingCall(): bool {
  return Trigger.armed || PendingCall.resumeNs >= 0;
}

/** See needsBlockingCall. */
export function blockingCall(id: i32, args: usize): i32 {
  if (id == W.FD_READ && Trigger.armed) {
    const fd = load<i32>(args);
    if (!mayBlock(fd)) return FORWARD;
    reserve(1);
    memory.fill(scratch + 16, 0, 16);
    const sub = heap.alloc(SUB);
    memory.fill(sub, 0, SUB);
    store<u8>(sub, FD_READ, 8);
    store<i32>(sub, fd, 16);
    const ev = heap.alloc(EVENT);
    const r = pollRounds(sub, 1, ev, scratch + 16, monotonicNow(), false);
    heap.free(sub);
    heap.free(ev);
    return r == INTERRUPTED ? INTERRUPTED : FORWARD; // ready, or an error the read will report
  }
  if (id == W.POLL_ONEOFF) {
    const n = load<u32>(args + 16);
    if (n == 0) return FORWARD;
    const i = ptr(load<u32>(args), <u64>n * SUB);
    const o = ptr(load<u32>(args + 8), <u64>n * EVENT);
    const e = ptr(load<u32>(args + 24), 4);
    if (Guest.fault) return EFAULT;
    // A poll_oneoff resumed from a snapshot had already waited that long.
    const start = monotonicNow() - takeResumedWait();
    return pollRounds(relativeClocks(i, n), <usize>n, o, e, start, true);
  }
  return FORWARD;
}
