// The fd_* functions that work on an open descriptor's data and metadata:
// read/write (positional on files, the offset kept in the fd table), seek,
// tell, stat, sizes, times, sync, flags, rights, close and renumber.
// Directory listing and preopen names are in fs-dir.ts.

import * as fs from "node:fs";
import { ADVICE_MAX, Fdflags, FDFLAGS_ALL, Filetype, Fstflags, Rights, Whence } from "./constants.js";
import { Errno, WasiError } from "./errno.js";
import type { WasiContext, WasiFunction } from "./context.js";
import type { FdEntry } from "./fd-table.js";
import { writeFilestat } from "./filestat.js";
import { readStream, writeAll } from "./stdio.js";

/** Largest file offset Ferry handles (JS numbers are exact below 2^53). */
const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

/** A u64 from the workload as a safe offset; EFBIG / EINVAL beyond 2^53. */
export function toOffset(v: bigint, errno = Errno.FBIG): number {
  const u = BigInt.asUintN(64, v);
  if (u > BigInt(MAX_OFFSET)) throw new WasiError(errno);
  return Number(u);
}

/** Seconds (for fs.utimes) of a set_times request for one timestamp, or `current` when not set. */
export function timeArg(flags: number, setBit: number, nowBit: number, ns: bigint, current: number): number {
  if ((flags & setBit) && (flags & nowBit)) throw new WasiError(Errno.INVAL);
  if (flags & nowBit) return Date.now() / 1000;
  if (flags & setBit) return Number(BigInt.asUintN(64, ns)) / 1e9;
  return current;
}

/** Validates fstflags and returns [atime, mtime] in seconds for fs.utimes, reading current times from `stat` when needed. */
export function timesFor(fst: number, atim: bigint, mtim: bigint, stat: () => fs.Stats): [number, number] {
  if (fst & ~15) throw new WasiError(Errno.INVAL);
  const needCurrent = !(fst & (Fstflags.ATIM | Fstflags.ATIM_NOW)) || !(fst & (Fstflags.MTIM | Fstflags.MTIM_NOW));
  const st = needCurrent ? stat() : undefined;
  return [
    timeArg(fst, Fstflags.ATIM, Fstflags.ATIM_NOW, atim, (st?.atimeMs ?? 0) / 1000),
    timeArg(fst, Fstflags.MTIM, Fstflags.MTIM_NOW, mtim, (st?.mtimeMs ?? 0) / 1000),
  ];
}

/** Reads into an iovec list from `position` (null: a stream's current position); returns the bytes read. */
function readInto(ctx: WasiContext, entry: FdEntry, iovsPtr: number, iovsLen: number, position: number | null): number {
  if (entry.kind === "dir") throw new WasiError(Errno.ISDIR);
  const h = ctx.fds.hostFd(entry);
  let total = 0;
  for (const [p, l] of ctx.mem.iovecs(iovsPtr, iovsLen)) {
    if (l === 0) continue;
    const target = ctx.mem.slice(p, l);
    const n = position === null ? readStream(h, target, entry, total > 0) : fs.readSync(h, target, 0, l, position + total);
    total += n;
    if (n < l) break;
  }
  return total;
}

/** The size of what `entry` refers to. */
function sizeOf(ctx: WasiContext, entry: FdEntry): number {
  return Number(fs.fstatSync(ctx.fds.hostFd(entry)).size);
}

/** fd_* (data and metadata). */
export function fdFunctions(ctx: WasiContext): Record<string, WasiFunction> {
  const { fds, mem } = ctx;
  return {
    fd_advise(fd: number, _offset: bigint, _len: bigint, advice: number): number {
      fds.withRights(fd, Rights.FD_ADVISE);
      return advice > ADVICE_MAX ? Errno.INVAL : Errno.SUCCESS;
    },

    fd_allocate(fd: number, offset: bigint, len: bigint): number {
      const e = fds.get(fd);
      if (e.kind === "dir") return Errno.ISDIR;
      fds.withRights(fd, Rights.FD_ALLOCATE);
      const end = toOffset(BigInt.asUintN(64, offset) + BigInt.asUintN(64, len));
      const h = fds.hostFd(e);
      if (Number(fs.fstatSync(h).size) < end) fs.ftruncateSync(h, end);
      return Errno.SUCCESS;
    },

    fd_close(fd: number): number {
      fds.close(fd);
      return Errno.SUCCESS;
    },

    fd_datasync(fd: number): number {
      const e = fds.withRights(fd, Rights.FD_DATASYNC);
      if (e.kind === "file") fs.fdatasyncSync(fds.hostFd(e));
      return Errno.SUCCESS;
    },

    fd_sync(fd: number): number {
      const e = fds.withRights(fd, Rights.FD_SYNC);
      if (e.kind === "file") fs.fsyncSync(fds.hostFd(e));
      return Errno.SUCCESS;
    },

    fd_fdstat_get(fd: number, ptr: number): number {
      const e = fds.get(fd);
      const v = mem.window(ptr, 24);
      v.setUint8(0, e.filetype);
      v.setUint8(1, 0);
      v.setUint16(2, e.fdflags, true);
      v.setUint32(4, 0, true);
      v.setBigUint64(8, BigInt(e.rightsBase), true);
      v.setBigUint64(16, BigInt(e.rightsInheriting), true);
      return Errno.SUCCESS;
    },

    fd_fdstat_set_flags(fd: number, flags: number): number {
      const e = fds.withRights(fd, Rights.FD_FDSTAT_SET_FLAGS);
      if (flags & ~FDFLAGS_ALL) return Errno.INVAL;
      const reopen = (e.fdflags ^ flags) & (Fdflags.APPEND | Fdflags.DSYNC | Fdflags.RSYNC | Fdflags.SYNC);
      e.fdflags = flags;
      // Files are reopened lazily with the new flags; the offset lives in the table.
      if (reopen && e.kind === "file") fds.dropHandle(fd);
      return Errno.SUCCESS;
    },

    fd_fdstat_set_rights(fd: number, base: bigint, inheriting: bigint): number {
      const e = fds.get(fd);
      const b = Number(BigInt.asUintN(64, base) & 0x3fffffffn);
      const i = Number(BigInt.asUintN(64, inheriting) & 0x3fffffffn);
      if (BigInt.asUintN(64, base) >> 30n || BigInt.asUintN(64, inheriting) >> 30n) return Errno.NOTCAPABLE;
      if ((b & ~e.rightsBase) || (i & ~e.rightsInheriting)) return Errno.NOTCAPABLE;
      e.rightsBase = b;
      e.rightsInheriting = i;
      return Errno.SUCCESS;
    },

    fd_filestat_get(fd: number, ptr: number): number {
      const e = fds.withRights(fd, Rights.FD_FILESTAT_GET);
      mem.window(ptr, 64);
      const st = e.kind === "dir" ? fs.statSync(e.hostPath, { bigint: true }) : fs.fstatSync(fds.hostFd(e), { bigint: true });
      writeFilestat(mem, ptr, st);
      return Errno.SUCCESS;
    },

    fd_filestat_set_size(fd: number, size: bigint): number {
      const e = fds.get(fd);
      if (e.kind === "dir") return Errno.ISDIR;
      fds.withRights(fd, Rights.FD_FILESTAT_SET_SIZE);
      fs.ftruncateSync(fds.hostFd(e), toOffset(size));
      return Errno.SUCCESS;
    },

    fd_filestat_set_times(fd: number, atim: bigint, mtim: bigint, fst: number): number {
      const e = fds.withRights(fd, Rights.FD_FILESTAT_SET_TIMES);
      if (e.kind === "dir") {
        const [a, m] = timesFor(fst, atim, mtim, () => fs.statSync(e.hostPath));
        fs.utimesSync(e.hostPath, a, m);
      } else {
        const h = fds.hostFd(e);
        const [a, m] = timesFor(fst, atim, mtim, () => fs.fstatSync(h));
        fs.futimesSync(h, a, m);
      }
      return Errno.SUCCESS;
    },

    fd_pread(fd: number, iovs: number, iovsLen: number, offset: bigint, nreadPtr: number): number {
      const e = fds.get(fd);
      if (e.kind === "dir") return Errno.ISDIR;
      if (e.kind === "stdio") return Errno.SPIPE;
      fds.withRights(fd, Rights.FD_READ | Rights.FD_SEEK);
      mem.window(nreadPtr, 4);
      const n = readInto(ctx, e, iovs, iovsLen, toOffset(offset, Errno.INVAL));
      mem.setU32(nreadPtr, n);
      return Errno.SUCCESS;
    },

    fd_pwrite(fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenPtr: number): number {
      const e = fds.get(fd);
      if (e.kind === "dir") return Errno.ISDIR;
      if (e.kind === "stdio") return Errno.SPIPE;
      fds.withRights(fd, Rights.FD_WRITE | Rights.FD_SEEK);
      mem.window(nwrittenPtr, 4);
      const data = mem.gather(iovs, iovsLen);
      const n = writeAll(fds.hostFd(e), data, toOffset(offset, Errno.INVAL), e);
      mem.setU32(nwrittenPtr, n);
      return Errno.SUCCESS;
    },

    fd_read(fd: number, iovs: number, iovsLen: number, nreadPtr: number): number {
      const e = fds.get(fd);
      if (e.kind === "dir") return Errno.ISDIR;
      fds.withRights(fd, Rights.FD_READ);
      mem.window(nreadPtr, 4);
      const stream = e.kind === "stdio" || e.filetype !== Filetype.REGULAR_FILE;
      const n = readInto(ctx, e, iovs, iovsLen, stream ? null : e.offset);
      if (!stream) e.offset += n;
      mem.setU32(nreadPtr, n);
      return Errno.SUCCESS;
    },

    fd_write(fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
      const e = fds.get(fd);
      if (e.kind === "dir") return Errno.ISDIR;
      fds.withRights(fd, Rights.FD_WRITE);
      mem.window(nwrittenPtr, 4);
      const data = mem.gather(iovs, iovsLen);
      const h = fds.hostFd(e);
      let n: number;
      if (e.kind === "stdio" || e.filetype !== Filetype.REGULAR_FILE) {
        n = writeAll(h, data, null, e);
      } else if (e.fdflags & Fdflags.APPEND) {
        n = writeAll(h, data, null, e);
        e.offset = Number(fs.fstatSync(h).size);
      } else {
        n = writeAll(h, data, e.offset, e);
        e.offset += n;
      }
      mem.setU32(nwrittenPtr, n);
      return Errno.SUCCESS;
    },

    fd_seek(fd: number, offset: bigint, whence: number, newOffsetPtr: number): number {
      const e = fds.get(fd);
      if (e.kind === "stdio" || (e.kind === "file" && e.filetype !== Filetype.REGULAR_FILE)) return Errno.SPIPE;
      const tellOnly = whence === Whence.CUR && offset === 0n;
      fds.withRights(fd, tellOnly ? Rights.FD_TELL : Rights.FD_SEEK);
      if (e.kind === "dir") return Errno.ISDIR;
      mem.window(newOffsetPtr, 8);
      const delta = BigInt.asIntN(64, offset);
      let base: bigint;
      switch (whence) {
        case Whence.SET: base = 0n; break;
        case Whence.CUR: base = BigInt(e.offset); break;
        case Whence.END: base = BigInt(sizeOf(ctx, e)); break;
        default: return Errno.INVAL;
      }
      const target = base + delta;
      if (target < 0n) return Errno.INVAL;
      if (target > BigInt(MAX_OFFSET)) return Errno.OVERFLOW;
      e.offset = Number(target);
      mem.setU64(newOffsetPtr, target);
      return Errno.SUCCESS;
    },

    fd_tell(fd: number, ptr: number): number {
      const e = fds.get(fd);
      if (e.kind === "stdio" || (e.kind === "file" && e.filetype !== Filetype.REGULAR_FILE)) return Errno.SPIPE;
      fds.withRights(fd, Rights.FD_TELL);
      mem.setU64(ptr, e.offset);
      return Errno.SUCCESS;
    },

    fd_renumber(fd: number, to: number): number {
      fds.renumber(fd, to);
      return Errno.SUCCESS;
    },
  };
}
