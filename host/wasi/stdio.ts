// The process's own stdin, stdout and stderr behind WASI fds 0, 1 and 2: entries
// whose filetype follows what the host fd really is (fstat, since Bun and Deno
// call a file-redirected stdout a terminal), and blocking reads and complete
// writes on host fds that may be non-blocking (EAGAIN is waited out unless the
// workload asked for non-blocking I/O itself).

import * as fs from "node:fs";
import { Errno, WasiError } from "./errno.js";
import type { FdEntry } from "./fd-table.js";
import { Fdflags, Filetype, RIGHTS_FILE, RIGHTS_STREAM, Rights } from "./constants.js";
import { filetypeOf } from "./filestat.js";
import { pause, readFd } from "./interrupt.js";

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` milliseconds (fractions allowed). */
export function sleepMs(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

/** The fd entry for WASI fd `fd` passing through to host fd `hostFd`, or null if that fd is not open. */
export function stdioEntry(fd: number, hostFd: number): FdEntry | null {
  let filetype: number;
  try {
    filetype = filetypeOf(fs.fstatSync(hostFd));
  } catch {
    return null;
  }
  // A regular file may be asked for its size and times, never seeked: the process shares its offset.
  const rights = filetype === Filetype.REGULAR_FILE ? RIGHTS_FILE & ~(Rights.FD_SEEK | Rights.FD_TELL) : RIGHTS_STREAM;
  return {
    fd, kind: "stdio", filetype, hostPath: "", guestPath: "", preopen: false, stdio: hostFd,
    offset: 0, fdflags: 0, read: true, write: true, rightsBase: rights, rightsInheriting: 0,
  };
}

function isAgain(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === "EAGAIN" || code === "EWOULDBLOCK";
}

/**
 * Reads up to `target.length` bytes from a stream at its current position,
 * waiting out EAGAIN unless `entry` is non-blocking or the call already has
 * bytes (`partial`: then 0).
 */
export function readStream(hostFd: number, target: Uint8Array, entry: FdEntry, partial = false): number {
  const fd = readFd(hostFd);
  for (;;) {
    try {
      return fs.readSync(fd, target, 0, target.length, null);
    } catch (e) {
      const code = (e as { code?: string } | null)?.code;
      if (code === "EOF") return 0;
      if (!isAgain(e)) throw e;
      if (entry.fdflags & Fdflags.NONBLOCK) throw new WasiError(Errno.AGAIN);
      if (partial) return 0;
      pause(5); // nothing read yet: a checkpoint trigger may interrupt the wait
    }
  }
}

/** Writes all of `data` to `hostFd` at `position` (null: the current position), waiting out EAGAIN; returns the bytes written. */
export function writeAll(hostFd: number, data: Uint8Array, position: number | null, entry: FdEntry): number {
  let done = 0;
  while (done < data.length) {
    try {
      const n = fs.writeSync(hostFd, data, done, data.length - done, position === null ? null : position + done);
      if (n <= 0) break;
      done += n;
    } catch (e) {
      if (!isAgain(e)) {
        if (done > 0) return done;
        throw e;
      }
      if (entry.fdflags & Fdflags.NONBLOCK) {
        if (done > 0) return done;
        throw new WasiError(Errno.AGAIN);
      }
      sleepMs(1);
    }
  }
  return done;
}
