// poll_oneoff: clock subscriptions sleep (relative or absolute timeouts on
// any clock); fd_read / fd_write subscriptions on open fds are reported ready
// at once (node:fs offers no synchronous readiness test), with the bytes left
// to read for regular files. Layouts of subscription and event: constants.ts.

import * as fs from "node:fs";
import { ClockId, Eventtype, Filetype, SUBCLOCK_ABSTIME } from "./constants.js";
import { Errno } from "./errno.js";
import type { WasiContext, WasiFunction } from "./context.js";
import { HostCallInterrupted, pause } from "./interrupt.js";

/** One event to report. */
interface PollEvent {
  userdata: bigint;
  error: number;
  type: number;
  nbytes: bigint;
}

/** A clock subscription: its userdata and its delay from now in nanoseconds. */
interface ClockWait {
  userdata: bigint;
  delay: bigint;
}

/** poll_oneoff. */
export function pollFunctions(ctx: WasiContext): Record<string, WasiFunction> {
  const { mem, fds, clock } = ctx;
  return {
    poll_oneoff(inPtr: number, outPtr: number, nsubs: number, neventsPtr: number): number {
      if (nsubs === 0) return Errno.INVAL;
      const subs = mem.window(inPtr, nsubs * 48);
      mem.slice(outPtr, nsubs * 32);
      mem.window(neventsPtr, 4);
      const ready: PollEvent[] = [];
      const clocks: ClockWait[] = [];
      // A call rewound by a checkpoint had already waited this long (host/wasi/interrupt.ts).
      const waited = ctx.pending !== undefined ? BigInt(ctx.pending.waitedNs) : 0n;
      ctx.pending = undefined;
      for (let i = 0; i < nsubs; i++) {
        const at = i * 48;
        const userdata = subs.getBigUint64(at, true);
        const type = subs.getUint8(at + 8);
        if (type === Eventtype.CLOCK) {
          const id = subs.getUint32(at + 16, true);
          const timeout = subs.getBigUint64(at + 24, true);
          const flags = subs.getUint16(at + 40, true);
          let delay: bigint;
          try {
            delay = flags & SUBCLOCK_ABSTIME ? timeout - clock.now(id) : (clock.resolution(id), timeout - waited);
          } catch {
            ready.push({ userdata, error: Errno.INVAL, type, nbytes: 0n });
            continue;
          }
          clocks.push({ userdata, delay });
        } else if (type === Eventtype.FD_READ || type === Eventtype.FD_WRITE) {
          const fd = subs.getUint32(at + 16, true);
          const e = fds.find(fd);
          if (e === undefined) {
            ready.push({ userdata, error: Errno.BADF, type, nbytes: 0n });
            continue;
          }
          let nbytes = 0n;
          if (type === Eventtype.FD_READ && e.kind === "file" && e.filetype === Filetype.REGULAR_FILE) {
            try {
              const size = Number(fs.fstatSync(fds.hostFd(e)).size);
              nbytes = BigInt(Math.max(0, size - e.offset));
            } catch {
              nbytes = 0n;
            }
          }
          ready.push({ userdata, error: Errno.SUCCESS, type, nbytes });
        } else {
          ready.push({ userdata, error: Errno.INVAL, type, nbytes: 0n });
        }
      }
      if (ready.length === 0 && clocks.length > 0) {
        // Sleep until the earliest clock subscription is due.
        const minDelay = clocks.reduce((m, c) => (c.delay < m ? c.delay : m), clocks[0]!.delay);
        if (minDelay > 0n) {
          const end = clock.now(ClockId.MONOTONIC) + minDelay;
          try {
            for (let left = minDelay; left > 0n; left = end - clock.now(ClockId.MONOTONIC)) pause(Number(left) / 1e6);
          } catch (e) {
            // Interrupted by a checkpoint trigger before anything was reported: the call is rewound.
            if (e instanceof HostCallInterrupted) e.pending = { call: "poll_oneoff", waitedNs: String(waited + clock.now(ClockId.MONOTONIC) - (end - minDelay)) };
            throw e;
          }
        }
        for (const c of clocks) if (c.delay <= minDelay) ready.push({ userdata: c.userdata, error: 0, type: Eventtype.CLOCK, nbytes: 0n });
      } else {
        for (const c of clocks) if (c.delay <= 0n) ready.push({ userdata: c.userdata, error: 0, type: Eventtype.CLOCK, nbytes: 0n });
      }
      const out = mem.window(outPtr, ready.length * 32);
      ready.forEach((ev, i) => {
        const at = i * 32;
        for (let b = 0; b < 32; b += 4) out.setUint32(at + b, 0, true);
        out.setBigUint64(at, ev.userdata, true);
        out.setUint16(at + 8, ev.error, true);
        out.setUint8(at + 10, ev.type);
        out.setBigUint64(at + 16, ev.nbytes, true);
      });
      mem.setU32(neventsPtr, ready.length);
      return Errno.SUCCESS;
    },
  };
}
