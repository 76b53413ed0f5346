// Where outer WASI runtimes differ from Ferry's JS host (host/wasi, the
// reference), the VM answers as the JS host does, so that a workload sees the
// same errno and bytes on every runtime (differences found by the WASI test
// suite under node:wasi, tests/wasi/*.test.ts):
// - path_open: rights beyond the directory's inheriting rights are cut down
//   (node:wasi refuses them with ENOTCAPABLE); unknown oflags or fdflags are
//   EINVAL (node:wasi ignores them); a directory opened with write rights or
//   O_TRUNC is EISDIR (node:wasi: ENOTCAPABLE);
// - fd_fdstat_set_flags with unknown flags is EINVAL (node:wasi: garbage);
// - reading or writing a directory fd is EISDIR (node:wasi: ENOTCAPABLE);
// - fd_prestat_get of an fd that is not a preopen is EBADF (node:wasi: EINVAL);
// - fd_prestat_dir_name with a short buffer is ENAMETOOLONG (node:wasi: ENOBUFS);
// - poll_oneoff: absolute clock subscriptions are made relative (node:wasi
//   takes an absolute time as a timeout: one in the past waits for decades);
// - path_* under an fd that is no directory is ENOTDIR (node:wasi: ENOTCAPABLE);
// - sock_* on a closed fd are EBADF (ENOTSUP otherwise, answered by the VM);
// - the process's stdin/stdout/stderr never seek, even when redirected to a
//   file (ESPIPE for fd_seek, fd_tell, fd_pread, fd_pwrite; node:wasi seeks the
//   file, whose offset the process shares). The VM follows which fds still
//   are the process's stdio through fd_close and fd_renumber;
// - fd_fdstat_get of the process's stdio gives the fdflags and rights of the
//   workload's fd table (shadow-fds.ts shadowFdstat): node:wasi's differ, and
//   libc's isatty reads them (/dev/null would be no terminal, so the workload
//   would buffer stdout otherwise and run other instructions).

import { clock_time_get, fd_fdstat_get, fd_prestat_get, path_filestat_get } from "./imports";

/** errno ENAMETOOLONG. */
export const ENAMETOOLONG: i32 = 37;
/** errno ESPIPE. */
export const ESPIPE: i32 = 70;
/** errno EBADF. */
export const EBADF: i32 = 8;
/** errno EINVAL. */
export const EINVAL: i32 = 28;
/** errno EISDIR. */
export const EISDIR: i32 = 31;
/** errno ENOTCAPABLE. */
export const ENOTCAPABLE: i32 = 76;
/** errno ENOTDIR. */
export const ENOTDIR: i32 = 54;
/** errno ENOTSUP. */
export const ENOTSUP: i32 = 58;

/** filetype DIRECTORY. */
const DIRECTORY: u8 = 3;
/** Rights that need write access: fd_datasync, fd_write, fd_allocate, fd_filestat_set_size. */
const RIGHTS_WRITE: i64 = (1 << 0) | (1 << 6) | (1 << 8) | (1 << 22);
/** oflags TRUNC. */
const O_TRUNC: i32 = 8;

const scratch = memory.data(64, 8);

/** The filetype of open fd `fd`, or -1 with the outer errno in `lastErrno`. */
function filetypeOf(fd: i32): i32 {
  lastErrno = fd_fdstat_get(fd, scratch);
  return lastErrno != 0 ? -1 : <i32>load<u8>(scratch);
}
let lastErrno: i32 = 0;

/** The errno of sock_* on `fd`: EBADF if closed, else ENOTSUP. */
export function sockErrno(fd: i32): i32 {
  return filetypeOf(fd) < 0 ? EBADF : ENOTSUP;
}

/** fd_fdstat_set_flags's errno before forwarding: the fd's errno, EINVAL for unknown flags, or 0. */
export function setFlagsCheck(fd: i32, flags: i32): i32 {
  if ((flags & ~31) == 0) return 0;
  return filetypeOf(fd) < 0 ? lastErrno : EINVAL;
}

/** A read or write errno from the outer runtime as the JS host gives it: ENOTCAPABLE on a directory is EISDIR. */
export function ioErrno(fd: i32, e: i32): i32 {
  return e == ENOTCAPABLE && filetypeOf(fd) == DIRECTORY ? EISDIR : e;
}

/** fd_prestat_get's errno as the JS host gives it (EBADF for an fd that is not a preopen). */
export function prestatErrno(e: i32): i32 {
  return e == EINVAL ? EBADF : e;
}

/** path_open's errno before forwarding: EINVAL for unknown oflags or fdflags, or 0. */
export function openFlagsCheck(oflags: i32, fdflags: i32): i32 {
  return (oflags & ~15) != 0 || (fdflags & ~31) != 0 ? EINVAL : 0;
}

/** path_open's errno after forwarding: ENOTCAPABLE for a directory opened for writing is EISDIR. */
export function openErrno(e: i32, fd: i32, dirflags: i32, path: usize, len: i32, oflags: i32, rights: i64): i32 {
  if (e == ENOTCAPABLE) {
    const t = filetypeOf(fd);
    if (t >= 0 && t != DIRECTORY) return ENOTDIR;
  }
  if (e != ENOTCAPABLE || ((rights & RIGHTS_WRITE) == 0 && (oflags & O_TRUNC) == 0)) return e;
  if (path_filestat_get(fd, dirflags, path, len, scratch) != 0) return e;
  return load<u8>(scratch, 16) == DIRECTORY ? EISDIR : e;
}

/** The inheriting rights of directory fd `fd`, or -1 (all) if the outer runtime cannot say. */
export function inheritingRights(fd: i32): i64 {
  if (fd_fdstat_get(fd, scratch) != 0) return -1;
  return load<i64>(scratch, 16);
}

/** fd_prestat_dir_name's errno before forwarding: the outer errno of fd_prestat_get, ENAMETOOLONG if `len` is short, else 0. */
export function prestatNameCheck(fd: i32, len: i32): i32 {
  const e = fd_prestat_get(fd, scratch);
  if (e != 0) return prestatErrno(e);
  return load<u32>(scratch, 4) > <u32>len ? ENAMETOOLONG : 0;
}

/** Which of the workload's fds are the process's stdio (fd numbers below 64). */
let stdioFds: u64 = 0b111;

/** Whether workload fd `fd` is one of the process's stdin, stdout, stderr. */
export function isStdio(fd: i32): bool {
  return <u32>fd < 64 && ((stdioFds >> <u64>fd) & 1) != 0;
}

/** Records a successful fd_close of `fd`. */
export function closedFd(fd: i32): void {
  if (<u32>fd < 64) stdioFds &= ~(<u64>1 << <u64>fd);
}

/** Records a successful fd_renumber of `from` to `to`. */
export function renumberedFd(from: i32, to: i32): void {
  const was = isStdio(from);
  closedFd(from);
  closedFd(to);
  if (was && <u32>to < 64) stdioFds |= <u64>1 << <u64>to;
}

let subsCopy: usize = 0;
let subsCap: usize = 0;

/**
 * The n subscriptions at VM address `subs` with absolute clock timeouts made relative to the clock's
 * current time (0 if past): a copy, so workload memory is not changed; `subs` itself if none is absolute.
 */
export function relativeClocks(subs: usize, n: u32): usize {
  let any = false;
  for (let i: usize = 0; i < <usize>n; i++) {
    const s = subs + i * 48;
    if (load<u8>(s, 8) == 0 && (load<u16>(s, 40) & 1) != 0) any = true;
  }
  if (!any) return subs;
  const bytes = <usize>n * 48;
  if (bytes > subsCap) {
    if (subsCopy != 0) heap.free(subsCopy);
    subsCopy = heap.alloc(bytes);
    subsCap = bytes;
  }
  memory.copy(subsCopy, subs, bytes);
  for (let i: usize = 0; i < <usize>n; i++) {
    const s = subsCopy + i * 48;
    if (load<u8>(s, 8) != 0 || (load<u16>(s, 40) & 1) == 0) continue;
    if (clock_time_get(load<i32>(s, 16), 1, scratch) != 0) continue; // a bad clock: the outer runtime reports it
    const now = load<u64>(scratch);
    const at = load<u64>(s, 24);
    store<u64>(s, at > now ? at - now : 0, 24);
    store<u16>(s, load<u16>(s, 40) & ~1, 40);
  }
  return subsCopy;
}

/** A path_* errno from the outer runtime as the JS host gives it: ENOTCAPABLE under an fd that is no directory is ENOTDIR. */
export function pathErrno(fd: i32, e: i32): i32 {
  if (e != ENOTCAPABLE) return e;
  const t = filetypeOf(fd);
  return t >= 0 && t != DIRECTORY ? ENOTDIR : e;
}
