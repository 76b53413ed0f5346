// The Wasm signature of every wasi_snapshot_preview1 function: what an engine
// needs to create the host functions, and what the import wrapper uses to
// normalise arguments (i32 as unsigned numbers, i64 as bigint).

import type { FuncType } from "../values.js";

const I = "i32" as const;
const L = "i64" as const;

/** Parameter types of each function (every function but proc_exit returns one i32, the errno). */
export const WASI_PARAMS: Record<string, Array<"i32" | "i64">> = {
  args_get: [I, I],
  args_sizes_get: [I, I],
  environ_get: [I, I],
  environ_sizes_get: [I, I],
  clock_res_get: [I, I],
  clock_time_get: [I, L, I],
  fd_advise: [I, L, L, I],
  fd_allocate: [I, L, L],
  fd_close: [I],
  fd_datasync: [I],
  fd_fdstat_get: [I, I],
  fd_fdstat_set_flags: [I, I],
  fd_fdstat_set_rights: [I, L, L],
  fd_filestat_get: [I, I],
  fd_filestat_set_size: [I, L],
  fd_filestat_set_times: [I, L, L, I],
  fd_pread: [I, I, I, L, I],
  fd_prestat_get: [I, I],
  fd_prestat_dir_name: [I, I, I],
  fd_pwrite: [I, I, I, L, I],
  fd_read: [I, I, I, I],
  fd_readdir: [I, I, I, L, I],
  fd_renumber: [I, I],
  fd_seek: [I, L, I, I],
  fd_sync: [I],
  fd_tell: [I, I],
  fd_write: [I, I, I, I],
  path_create_directory: [I, I, I],
  path_filestat_get: [I, I, I, I, I],
  path_filestat_set_times: [I, I, I, I, L, L, I],
  path_link: [I, I, I, I, I, I, I],
  path_open: [I, I, I, I, I, L, L, I, I],
  path_readlink: [I, I, I, I, I, I],
  path_remove_directory: [I, I, I],
  path_rename: [I, I, I, I, I, I],
  path_symlink: [I, I, I, I, I],
  path_unlink_file: [I, I, I],
  poll_oneoff: [I, I, I, I],
  proc_exit: [I],
  proc_raise: [I],
  sched_yield: [],
  random_get: [I, I],
  sock_accept: [I, I, I],
  sock_recv: [I, I, I, I, I, I],
  sock_send: [I, I, I, I, I],
  sock_shutdown: [I, I],
};

/** The module name WASI preview1 functions are imported from. */
export const WASI_MODULE = "wasi_snapshot_preview1";

/** The function type of WASI function `name`, or undefined if preview1 has no such function. */
export function wasiFuncType(name: string): FuncType | undefined {
  const params = Object.hasOwn(WASI_PARAMS, name) ? WASI_PARAMS[name] : undefined;
  if (params === undefined) return undefined;
  return { params: [...params], results: name === "proc_exit" ? [] : [I] };
}
