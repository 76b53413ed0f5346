// Performs one workload WASI call on the outer runtime: reads the arguments
// from the host-call slots, translates workload pointers into VM addresses
// (bounds-checked: EFAULT), copies iovec arrays with translated buffers,
// calls the outer function and returns its errno. args/environ are answered
// by the VM (args.ts); sock_* return ENOTSUP (EBADF) and proc_raise ENOSYS without
// reaching the outer runtime, as Ferry's JS host does (node:wasi's proc_raise
// would send a real signal to the whole outer process: 9 kills Node). Where
// outer runtimes differ from the JS host otherwise, quirks.ts evens it out.

import * as w from "./imports";
import { appArgs, envList, listGet, sizesGet } from "./args";
import { EFAULT, Guest, iovs, ptr } from "./guest";
import { W } from "./names";
import { shadowFdstat } from "./shadow-fds";
import { ESPIPE, closedFd, inheritingRights, ioErrno, isStdio, openErrno, openFlagsCheck, prestatErrno, pathErrno, prestatNameCheck, relativeClocks, renumberedFd, setFlagsCheck, sockErrno } from "./quirks";

/** errno ENOSYS. */
const ENOSYS: i32 = 52;

let slots: usize = 0;

/** Argument k as i32. */
@inline function a(k: usize): i32 { return load<i32>(slots + (k << 3)); }
/** Argument k as u32 (a pointer or length). */
@inline function u(k: usize): u32 { return load<u32>(slots + (k << 3)); }
/** Argument k as i64. */
@inline function l(k: usize): i64 { return load<i64>(slots + (k << 3)); }

/** Calls WASI function `id` with the arguments in the 8-byte slots at `args`; the errno (EFAULT on a bad pointer). */
export function forward(id: i32, args: usize): i32 {
  slots = args;
  switch (id) {
    case W.ARGS_GET: return listGet(appArgs, u(0), u(1));
    case W.ARGS_SIZES_GET: return sizesGet(appArgs, u(0), u(1));
    case W.ENVIRON_GET: return listGet(envList, u(0), u(1));
    case W.ENVIRON_SIZES_GET: return sizesGet(envList, u(0), u(1));
    case W.SOCK_ACCEPT: case W.SOCK_RECV: case W.SOCK_SEND: case W.SOCK_SHUTDOWN: return sockErrno(a(0));
    case W.PROC_EXIT: w.proc_exit(a(0)); return 0;
    case W.PROC_RAISE: return ENOSYS;
    case W.SCHED_YIELD: return w.sched_yield();
    case W.FD_ADVISE: return w.fd_advise(a(0), l(1), l(2), a(3));
    case W.FD_ALLOCATE: return w.fd_allocate(a(0), l(1), l(2));
    case W.FD_CLOSE: {
      const e = w.fd_close(a(0));
      if (e == 0) closedFd(a(0));
      return e;
    }
    case W.FD_DATASYNC: return w.fd_datasync(a(0));
    case W.FD_SYNC: return w.fd_sync(a(0));
    case W.FD_FDSTAT_SET_FLAGS: {
      const e = setFlagsCheck(a(0), a(1));
      return e != 0 ? e : w.fd_fdstat_set_flags(a(0), a(1));
    }
    case W.FD_FDSTAT_SET_RIGHTS: return w.fd_fdstat_set_rights(a(0), l(1), l(2));
    case W.FD_FILESTAT_SET_SIZE: return ioErrno(a(0), w.fd_filestat_set_size(a(0), l(1)));
    case W.FD_FILESTAT_SET_TIMES: return w.fd_filestat_set_times(a(0), l(1), l(2), a(3));
    case W.FD_RENUMBER: {
      const e = w.fd_renumber(a(0), a(1));
      if (e == 0) renumberedFd(a(0), a(1));
      return e;
    }
  }
  return forwardPointers(id);
}

/** The functions that take workload pointers. */
function forwardPointers(id: i32): i32 {
  switch (id) {
    case W.CLOCK_RES_GET: {
      const p = ptr(u(1), 8);
      return Guest.fault ? EFAULT : w.clock_res_get(a(0), p);
    }
    case W.CLOCK_TIME_GET: {
      const p = ptr(u(2), 8);
      return Guest.fault ? EFAULT : w.clock_time_get(a(0), l(1), p);
    }
    case W.FD_FDSTAT_GET: {
      const p = ptr(u(1), 24);
      if (Guest.fault) return EFAULT;
      const e = w.fd_fdstat_get(a(0), p);
      if (e == 0 && isStdio(a(0))) shadowFdstat(a(0), p);
      return e;
    }
    case W.FD_FILESTAT_GET: {
      const p = ptr(u(1), 64);
      return Guest.fault ? EFAULT : w.fd_filestat_get(a(0), p);
    }
    case W.FD_PRESTAT_GET: {
      const p = ptr(u(1), 8);
      return Guest.fault ? EFAULT : prestatErrno(w.fd_prestat_get(a(0), p));
    }
    case W.FD_PRESTAT_DIR_NAME: {
      const p = ptr(u(1), <u64>u(2));
      if (Guest.fault) return EFAULT;
      const e = prestatNameCheck(a(0), a(2));
      return e != 0 ? e : w.fd_prestat_dir_name(a(0), p, a(2));
    }
    case W.FD_READ: case W.FD_WRITE: {
      const v = iovs(u(1), u(2));
      const n = ptr(u(3), 4);
      if (Guest.fault) return EFAULT;
      return ioErrno(a(0), id == W.FD_READ ? w.fd_read(a(0), v, a(2), n) : w.fd_write(a(0), v, a(2), n));
    }
    case W.FD_PREAD: case W.FD_PWRITE: {
      const v = iovs(u(1), u(2));
      const n = ptr(u(4), 4);
      if (Guest.fault) return EFAULT;
      if (isStdio(a(0))) return ESPIPE;
      return ioErrno(a(0), id == W.FD_PREAD ? w.fd_pread(a(0), v, a(2), l(3), n) : w.fd_pwrite(a(0), v, a(2), l(3), n));
    }
    case W.FD_READDIR: {
      const b = ptr(u(1), <u64>u(2));
      const n = ptr(u(4), 4);
      return Guest.fault ? EFAULT : w.fd_readdir(a(0), b, a(2), l(3), n);
    }
    case W.FD_SEEK: {
      const p = ptr(u(3), 8);
      if (Guest.fault) return EFAULT;
      return isStdio(a(0)) ? ESPIPE : w.fd_seek(a(0), l(1), a(2), p);
    }
    case W.FD_TELL: {
      const p = ptr(u(1), 8);
      if (Guest.fault) return EFAULT;
      return isStdio(a(0)) ? ESPIPE : w.fd_tell(a(0), p);
    }
    case W.RANDOM_GET: {
      const p = ptr(u(0), <u64>u(1));
      return Guest.fault ? EFAULT : w.random_get(p, a(1));
    }
    case W.POLL_ONEOFF: {
      const n = u(2);
      const i = ptr(u(0), <u64>n * 48);
      const o = ptr(u(1), <u64>n * 32);
      const e = ptr(u(3), 4);
      return Guest.fault ? EFAULT : w.poll_oneoff(relativeClocks(i, n), o, a(2), e);
    }
  }
  return forwardPaths(id);
}

/** The path_* functions. */
function forwardPaths(id: i32): i32 {
  switch (id) {
    case W.PATH_CREATE_DIRECTORY: case W.PATH_REMOVE_DIRECTORY: case W.PATH_UNLINK_FILE: {
      const p = ptr(u(1), <u64>u(2));
      if (Guest.fault) return EFAULT;
      if (id == W.PATH_CREATE_DIRECTORY) return pathErrno(a(0), w.path_create_directory(a(0), p, a(2)));
      if (id == W.PATH_REMOVE_DIRECTORY) return pathErrno(a(0), w.path_remove_directory(a(0), p, a(2)));
      return pathErrno(a(0), w.path_unlink_file(a(0), p, a(2)));
    }
    case W.PATH_FILESTAT_GET: {
      const p = ptr(u(2), <u64>u(3));
      const b = ptr(u(4), 64);
      return Guest.fault ? EFAULT : w.path_filestat_get(a(0), a(1), p, a(3), b);
    }
    case W.PATH_FILESTAT_SET_TIMES: {
      const p = ptr(u(2), <u64>u(3));
      return Guest.fault ? EFAULT : w.path_filestat_set_times(a(0), a(1), p, a(3), l(4), l(5), a(6));
    }
    case W.PATH_LINK: {
      const p = ptr(u(2), <u64>u(3));
      const q = ptr(u(5), <u64>u(6));
      return Guest.fault ? EFAULT : w.path_link(a(0), a(1), p, a(3), a(4), q, a(6));
    }
    case W.PATH_OPEN: {
      const p = ptr(u(2), <u64>u(3));
      const f = ptr(u(8), 4);
      if (Guest.fault) return EFAULT;
      const bad = openFlagsCheck(a(4), a(7));
      if (bad != 0) return bad;
      const inherit = inheritingRights(a(0));
      const e = w.path_open(a(0), a(1), p, a(3), a(4), l(5) & inherit, l(6) & inherit, a(7), f);
      return openErrno(e, a(0), a(1), p, a(3), a(4), l(5) & inherit);
    }
    case W.PATH_READLINK: {
      const p = ptr(u(1), <u64>u(2));
      const b = ptr(u(3), <u64>u(4));
      const n = ptr(u(5), 4);
      return Guest.fault ? EFAULT : w.path_readlink(a(0), p, a(2), b, a(4), n);
    }
    case W.PATH_RENAME: {
      const p = ptr(u(1), <u64>u(2));
      const q = ptr(u(4), <u64>u(5));
      return Guest.fault ? EFAULT : w.path_rename(a(0), p, a(2), a(3), q, a(5));
    }
    case W.PATH_SYMLINK: {
      const p = ptr(u(0), <u64>u(1));
      const q = ptr(u(3), <u64>u(4));
      return Guest.fault ? EFAULT : w.path_symlink(p, a(1), a(2), q, a(4));
    }
  }
  return ENOSYS; // not reached for ids from names.ts
}
