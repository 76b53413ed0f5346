// WASI preview1 constants (witx `wasi_snapshot_preview1`): file types, rights,
// fd/open/lookup flags, whence, clocks, poll event types, and the byte layouts
// of the records the functions read and write in workload memory.

/** `filetype` (u8). */
export const enum Filetype {
  UNKNOWN = 0,
  BLOCK_DEVICE = 1,
  CHARACTER_DEVICE = 2,
  DIRECTORY = 3,
  REGULAR_FILE = 4,
  SOCKET_DGRAM = 5,
  SOCKET_STREAM = 6,
  SYMBOLIC_LINK = 7,
}

/** `rights` (u64 bit set; every defined bit is below 2^30, so rights travel as JS numbers). */
export const Rights = {
  FD_DATASYNC: 1 << 0,
  FD_READ: 1 << 1,
  FD_SEEK: 1 << 2,
  FD_FDSTAT_SET_FLAGS: 1 << 3,
  FD_SYNC: 1 << 4,
  FD_TELL: 1 << 5,
  FD_WRITE: 1 << 6,
  FD_ADVISE: 1 << 7,
  FD_ALLOCATE: 1 << 8,
  PATH_CREATE_DIRECTORY: 1 << 9,
  PATH_CREATE_FILE: 1 << 10,
  PATH_LINK_SOURCE: 1 << 11,
  PATH_LINK_TARGET: 1 << 12,
  PATH_OPEN: 1 << 13,
  FD_READDIR: 1 << 14,
  PATH_READLINK: 1 << 15,
  PATH_RENAME_SOURCE: 1 << 16,
  PATH_RENAME_TARGET: 1 << 17,
  PATH_FILESTAT_GET: 1 << 18,
  PATH_FILESTAT_SET_SIZE: 1 << 19,
  PATH_FILESTAT_SET_TIMES: 1 << 20,
  FD_FILESTAT_GET: 1 << 21,
  FD_FILESTAT_SET_SIZE: 1 << 22,
  FD_FILESTAT_SET_TIMES: 1 << 23,
  PATH_SYMLINK: 1 << 24,
  PATH_REMOVE_DIRECTORY: 1 << 25,
  PATH_UNLINK_FILE: 1 << 26,
  POLL_FD_READWRITE: 1 << 27,
  SOCK_SHUTDOWN: 1 << 28,
  SOCK_ACCEPT: 1 << 29,
} as const;

/** Every right. */
export const RIGHTS_ALL = (1 << 30) - 1;

/** Rights that make sense on a regular file (or a character device). */
export const RIGHTS_FILE =
  Rights.FD_DATASYNC | Rights.FD_READ | Rights.FD_SEEK | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_SYNC |
  Rights.FD_TELL | Rights.FD_WRITE | Rights.FD_ADVISE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_GET |
  Rights.FD_FILESTAT_SET_SIZE | Rights.FD_FILESTAT_SET_TIMES | Rights.POLL_FD_READWRITE;

/** Rights that make sense on a directory (as the base rights of its fd). */
export const RIGHTS_DIR =
  Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_SYNC | Rights.FD_ADVISE | Rights.PATH_CREATE_DIRECTORY |
  Rights.PATH_CREATE_FILE | Rights.PATH_LINK_SOURCE | Rights.PATH_LINK_TARGET | Rights.PATH_OPEN |
  Rights.FD_READDIR | Rights.PATH_READLINK | Rights.PATH_RENAME_SOURCE | Rights.PATH_RENAME_TARGET |
  Rights.PATH_FILESTAT_GET | Rights.PATH_FILESTAT_SET_SIZE | Rights.PATH_FILESTAT_SET_TIMES |
  Rights.FD_FILESTAT_GET | Rights.FD_FILESTAT_SET_TIMES | Rights.PATH_SYMLINK | Rights.PATH_REMOVE_DIRECTORY |
  Rights.PATH_UNLINK_FILE | Rights.POLL_FD_READWRITE;

/** Rights of a stream that cannot seek (a terminal, a pipe). */
export const RIGHTS_STREAM =
  RIGHTS_FILE & ~(Rights.FD_SEEK | Rights.FD_TELL | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE | Rights.FD_ADVISE);

/** Rights that need the file open for writing. */
export const RIGHTS_WRITE = Rights.FD_DATASYNC | Rights.FD_WRITE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE;

/** Rights that need the file open for reading. */
export const RIGHTS_READ = Rights.FD_READ | Rights.FD_READDIR;

/** `fdflags` (u16). */
export const enum Fdflags {
  APPEND = 1,
  DSYNC = 2,
  NONBLOCK = 4,
  RSYNC = 8,
  SYNC = 16,
}

/** Every fdflags bit. */
export const FDFLAGS_ALL = 31;

/** `oflags` (u16) of path_open. */
export const enum Oflags {
  CREAT = 1,
  DIRECTORY = 2,
  EXCL = 4,
  TRUNC = 8,
}

/** `lookupflags` (u32). */
export const enum Lookupflags {
  SYMLINK_FOLLOW = 1,
}

/** `fstflags` (u16) of the set_times functions. */
export const enum Fstflags {
  ATIM = 1,
  ATIM_NOW = 2,
  MTIM = 4,
  MTIM_NOW = 8,
}

/** `whence` (u8) of fd_seek. */
export const enum Whence {
  SET = 0,
  CUR = 1,
  END = 2,
}

/** `clockid` (u32). */
export const enum ClockId {
  REALTIME = 0,
  MONOTONIC = 1,
  PROCESS_CPUTIME = 2,
  THREAD_CPUTIME = 3,
}

/** `eventtype` (u8) of subscriptions and events. */
export const enum Eventtype {
  CLOCK = 0,
  FD_READ = 1,
  FD_WRITE = 2,
}

/** `subclockflags` (u16). */
export const SUBCLOCK_ABSTIME = 1;

/** `eventrwflags` (u16). */
export const EVENTRW_HANGUP = 1;

/** Largest `advice` value (normal, sequential, random, willneed, dontneed, noreuse). */
export const ADVICE_MAX = 5;

/** `preopentype` of a directory. */
export const PREOPENTYPE_DIR = 0;

// Record layouts in workload memory (all little-endian).
//
// filestat (64 bytes)        fdstat (24 bytes)              prestat (8 bytes)
//  +0  dev      u64           +0  fs_filetype   u8           +0 tag          u8 (0 = dir)
//  +8  ino      u64           +2  fs_flags      u16          +4 pr_name_len  u32
//  +16 filetype u8            +8  rights_base   u64
//  +24 nlink    u64           +16 rights_inher. u64         iovec / ciovec (8 bytes)
//  +32 size     u64                                          +0 buf u32, +4 buf_len u32
//  +40 atim     u64          dirent (24 bytes + name)
//  +48 mtim     u64           +0 d_next u64 (cookie)         event (32 bytes)
//  +56 ctim     u64           +8 d_ino u64                    +0  userdata u64
//                             +16 d_namlen u32                +8  error    u16
// subscription (48 bytes)     +20 d_type u8                   +10 type     u8
//  +0  userdata u64                                           +16 fd_readwrite.nbytes u64
//  +8  tag      u8 (eventtype)                                +24 fd_readwrite.flags  u16
//  +16 clock.id u32 | fd_readwrite.fd u32
//  +24 clock.timeout u64
//  +32 clock.precision u64
//  +40 clock.flags u16

/** Sizes of the records above. */
export const SIZE = {
  FILESTAT: 64,
  FDSTAT: 24,
  PRESTAT: 8,
  IOVEC: 8,
  DIRENT: 24,
  SUBSCRIPTION: 48,
  EVENT: 32,
} as const;
