// The outer runtime's WASI preview1 functions the VM imports: every function
// a workload may call (forwarded with translated pointers, forward.ts), plus
// what the VM needs itself (args, environ, preopens, reading the workload).
// sock_* and proc_raise are not imported: the VM answers them itself (forward.ts).

@external("wasi_snapshot_preview1", "args_get") export declare function args_get(argv: usize, buf: usize): i32;
@external("wasi_snapshot_preview1", "args_sizes_get") export declare function args_sizes_get(argc: usize, size: usize): i32;
@external("wasi_snapshot_preview1", "environ_get") export declare function environ_get(env: usize, buf: usize): i32;
@external("wasi_snapshot_preview1", "environ_sizes_get") export declare function environ_sizes_get(count: usize, size: usize): i32;
@external("wasi_snapshot_preview1", "clock_res_get") export declare function clock_res_get(id: i32, res: usize): i32;
@external("wasi_snapshot_preview1", "clock_time_get") export declare function clock_time_get(id: i32, precision: i64, time: usize): i32;
@external("wasi_snapshot_preview1", "fd_advise") export declare function fd_advise(fd: i32, offset: i64, len: i64, advice: i32): i32;
@external("wasi_snapshot_preview1", "fd_allocate") export declare function fd_allocate(fd: i32, offset: i64, len: i64): i32;
@external("wasi_snapshot_preview1", "fd_close") export declare function fd_close(fd: i32): i32;
@external("wasi_snapshot_preview1", "fd_datasync") export declare function fd_datasync(fd: i32): i32;
@external("wasi_snapshot_preview1", "fd_fdstat_get") export declare function fd_fdstat_get(fd: i32, buf: usize): i32;
@external("wasi_snapshot_preview1", "fd_fdstat_set_flags") export declare function fd_fdstat_set_flags(fd: i32, flags: i32): i32;
@external("wasi_snapshot_preview1", "fd_fdstat_set_rights") export declare function fd_fdstat_set_rights(fd: i32, base: i64, inheriting: i64): i32;
@external("wasi_snapshot_preview1", "fd_filestat_get") export declare function fd_filestat_get(fd: i32, buf: usize): i32;
@external("wasi_snapshot_preview1", "fd_filestat_set_size") export declare function fd_filestat_set_size(fd: i32, size: i64): i32;
@external("wasi_snapshot_preview1", "fd_filestat_set_times") export declare function fd_filestat_set_times(fd: i32, atim: i64, mtim: i64, flags: i32): i32;
@external("wasi_snapshot_preview1", "fd_pread") export declare function fd_pread(fd: i32, iovs: usize, n: i32, offset: i64, nread: usize): i32;
@external("wasi_snapshot_preview1", "fd_prestat_get") export declare function fd_prestat_get(fd: i32, buf: usize): i32;
@external("wasi_snapshot_preview1", "fd_prestat_dir_name") export declare function fd_prestat_dir_name(fd: i32, path: usize, len: i32): i32;
@external("wasi_snapshot_preview1", "fd_pwrite") export declare function fd_pwrite(fd: i32, iovs: usize, n: i32, offset: i64, nwritten: usize): i32;
@external("wasi_snapshot_preview1", "fd_read") export declare function fd_read(fd: i32, iovs: usize, n: i32, nread: usize): i32;
@external("wasi_snapshot_preview1", "fd_readdir") export declare function fd_readdir(fd: i32, buf: usize, len: i32, cookie: i64, used: usize): i32;
@external("wasi_snapshot_preview1", "fd_renumber") export declare function fd_renumber(fd: i32, to: i32): i32;
@external("wasi_snapshot_preview1", "fd_seek") export declare function fd_seek(fd: i32, offset: i64, whence: i32, newOffset: usize): i32;
@external("wasi_snapshot_preview1", "fd_sync") export declare function fd_sync(fd: i32): i32;
@external("wasi_snapshot_preview1", "fd_tell") export declare function fd_tell(fd: i32, offset: usize): i32;
@external("wasi_snapshot_preview1", "fd_write") export declare function fd_write(fd: i32, iovs: usize, n: i32, nwritten: usize): i32;
@external("wasi_snapshot_preview1", "path_create_directory") export declare function path_create_directory(fd: i32, path: usize, len: i32): i32;
@external("wasi_snapshot_preview1", "path_filestat_get") export declare function path_filestat_get(fd: i32, flags: i32, path: usize, len: i32, buf: usize): i32;
@external("wasi_snapshot_preview1", "path_filestat_set_times") export declare function path_filestat_set_times(fd: i32, flags: i32, path: usize, len: i32, atim: i64, mtim: i64, fst: i32): i32;
@external("wasi_snapshot_preview1", "path_link") export declare function path_link(oldFd: i32, oldFlags: i32, oldPath: usize, oldLen: i32, newFd: i32, newPath: usize, newLen: i32): i32;
@external("wasi_snapshot_preview1", "path_open") export declare function path_open(fd: i32, dirflags: i32, path: usize, len: i32, oflags: i32, base: i64, inheriting: i64, fdflags: i32, outFd: usize): i32;
@external("wasi_snapshot_preview1", "path_readlink") export declare function path_readlink(fd: i32, path: usize, len: i32, buf: usize, bufLen: i32, used: usize): i32;
@external("wasi_snapshot_preview1", "path_remove_directory") export declare function path_remove_directory(fd: i32, path: usize, len: i32): i32;
@external("wasi_snapshot_preview1", "path_rename") export declare function path_rename(fd: i32, oldPath: usize, oldLen: i32, newFd: i32, newPath: usize, newLen: i32): i32;
@external("wasi_snapshot_preview1", "path_symlink") export declare function path_symlink(oldPath: usize, oldLen: i32, fd: i32, newPath: usize, newLen: i32): i32;
@external("wasi_snapshot_preview1", "path_unlink_file") export declare function path_unlink_file(fd: i32, path: usize, len: i32): i32;
@external("wasi_snapshot_preview1", "poll_oneoff") export declare function poll_oneoff(input: usize, output: usize, n: i32, nevents: usize): i32;
@external("wasi_snapshot_preview1", "proc_exit") export declare function proc_exit(code: i32): void;
@external("wasi_snapshot_preview1", "sched_yield") export declare function sched_yield(): i32;
@external("wasi_snapshot_preview1", "random_get") export declare function random_get(buf: usize, len: i32): i32;
