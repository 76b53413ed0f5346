// The WASI preview1 functions a workload may import, by host-function id
// (the index in WASI_NAMES, stored in the FuncInst of the host function), with
// their signatures ("i" = i32, "I" = i64; every function returns an i32 errno
// except proc_exit, which returns nothing).

/** The module name of WASI preview1 imports. */
export const WASI_MODULE = "wasi_snapshot_preview1";

/** Host-function ids: indices into WASI_NAMES / WASI_SIGS. */
export const enum W {
  ARGS_GET, ARGS_SIZES_GET, ENVIRON_GET, ENVIRON_SIZES_GET, CLOCK_RES_GET, CLOCK_TIME_GET,
  FD_ADVISE, FD_ALLOCATE, FD_CLOSE, FD_DATASYNC, FD_FDSTAT_GET, FD_FDSTAT_SET_FLAGS,
  FD_FDSTAT_SET_RIGHTS, FD_FILESTAT_GET, FD_FILESTAT_SET_SIZE, FD_FILESTAT_SET_TIMES, FD_PREAD,
  FD_PRESTAT_GET, FD_PRESTAT_DIR_NAME, FD_PWRITE, FD_READ, FD_READDIR, FD_RENUMBER, FD_SEEK,
  FD_SYNC, FD_TELL, FD_WRITE, PATH_CREATE_DIRECTORY, PATH_FILESTAT_GET, PATH_FILESTAT_SET_TIMES,
  PATH_LINK, PATH_OPEN, PATH_READLINK, PATH_REMOVE_DIRECTORY, PATH_RENAME, PATH_SYMLINK,
  PATH_UNLINK_FILE, POLL_ONEOFF, PROC_EXIT, PROC_RAISE, SCHED_YIELD, RANDOM_GET,
  SOCK_ACCEPT, SOCK_RECV, SOCK_SEND, SOCK_SHUTDOWN,
}

/** Function names by id. */
export const WASI_NAMES: string[] = [
  "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
  "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
  "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
  "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
  "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
  "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
  "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get",
  "sock_accept", "sock_recv", "sock_send", "sock_shutdown",
];

/** Parameter signatures by id. */
export const WASI_SIGS: string[] = [
  "ii", "ii", "ii", "ii", "ii", "iIi",
  "iIIi", "iII", "i", "i", "ii", "ii",
  "iII", "ii", "iI", "iIIi", "iiiIi",
  "ii", "iii", "iiiIi", "iiii", "iiiIi", "ii", "iIii",
  "i", "ii", "iiii", "iii", "iiiii", "iiiiIIi",
  "iiiiiii", "iiiiiIIii", "iiiiii", "iii", "iiiiii", "iiiii",
  "iii", "iiii", "i", "i", "", "ii",
  "iii", "iiiiii", "iiiii", "ii",
];

/** The id of WASI function `name`, or -1 if preview1 has none. */
export function wasiId(name: string): i32 {
  for (let i = 0; i < WASI_NAMES.length; i++) if (WASI_NAMES[i] == name) return i;
  return -1;
}
