// The WASI file descriptor table as plain, JSON-serialisable data: what each fd
// is (stdio passthrough, file or directory), where it lives on the host and in
// the guest's view, its offset, fdflags, access mode and rights. Real OS file
// descriptors are not part of that data: they are opened lazily from
// path + access mode + fdflags (the offset is tracked here, every read and write
// is positional), so a restored table simply reopens its files on first use.

import * as fs from "node:fs";
import { Errno, WasiError } from "./errno.js";
import { Fdflags } from "./constants.js";

/** What an fd stands for: one of the process's own stdio fds, an open file, or a directory. */
export type FdKind = "stdio" | "file" | "dir";

/** One open file descriptor (plain data; everything needed to reopen it). */
export interface FdEntry {
  /** The WASI fd number. */
  fd: number;
  kind: FdKind;
  /** WASI filetype (constants.ts Filetype) of what the fd refers to. */
  filetype: number;
  /** Absolute host path ("" for stdio). */
  hostPath: string;
  /** The path as the guest names it: the preopen name, then the path below it ("" for stdio). */
  guestPath: string;
  /** True for a preopened directory (reported by fd_prestat_get). */
  preopen: boolean;
  /** The process fd a stdio entry passes through to (0, 1 or 2); -1 otherwise. */
  stdio: number;
  /** Current offset of a file (bytes). */
  offset: number;
  /** WASI fdflags (append, dsync, nonblock, rsync, sync). */
  fdflags: number;
  /** Opened for reading / writing (the host access mode). */
  read: boolean;
  write: boolean;
  /** WASI rights of the fd and rights inherited by fds opened through it (bit sets below 2^30). */
  rightsBase: number;
  rightsInheriting: number;
}

/** The serialisable form of a table: entries in fd order. */
export interface FdTableState {
  entries: FdEntry[];
}

/** Highest number of open fds a workload may have. */
export const MAX_FDS = 1024;

/** Host open(2) flags for an entry: access mode + fdflags, plus `extra` (O_CREAT, O_EXCL, O_TRUNC...). */
export function hostOpenFlags(entry: Pick<FdEntry, "read" | "write" | "fdflags">, extra = 0): number {
  const c = fs.constants;
  let flags = entry.write ? (entry.read ? c.O_RDWR : c.O_WRONLY) : c.O_RDONLY;
  if (entry.fdflags & Fdflags.APPEND) flags |= c.O_APPEND;
  if (entry.fdflags & Fdflags.DSYNC) flags |= c.O_DSYNC ?? 0;
  if (entry.fdflags & (Fdflags.SYNC | Fdflags.RSYNC)) flags |= c.O_SYNC ?? 0;
  if (entry.fdflags & Fdflags.NONBLOCK) flags |= c.O_NONBLOCK ?? 0;
  return flags | (c.O_NOFOLLOW ?? 0) | extra;
}

/** The fd table: entries by fd number plus the lazily opened host fds. */
export class FdTable {
  private readonly entries = new Map<number, FdEntry>();
  /** Host fds of open file entries (not serialised). */
  private readonly handles = new Map<number, number>();

  /** Creates a table from serialised entries (or empty). */
  constructor(state?: FdTableState) {
    for (const e of state?.entries ?? []) this.entries.set(e.fd, { ...e });
  }

  /** The serialisable state (a copy). */
  state(): FdTableState {
    return { entries: [...this.entries.keys()].sort((a, b) => a - b).map((fd) => ({ ...this.entries.get(fd)! })) };
  }

  /** The entry of `fd`, or undefined. */
  find(fd: number): FdEntry | undefined {
    return this.entries.get(fd);
  }

  /** The entry of `fd`; EBADF if it is not open. */
  get(fd: number): FdEntry {
    const e = this.entries.get(fd);
    if (e === undefined) throw new WasiError(Errno.BADF);
    return e;
  }

  /** The entry of `fd` if it has all of `rights`; EBADF if not open, ENOTCAPABLE if a right is missing. */
  withRights(fd: number, rights: number): FdEntry {
    const e = this.get(fd);
    if ((e.rightsBase & rights) !== rights) throw new WasiError(Errno.NOTCAPABLE);
    return e;
  }

  /** All entries in fd order. */
  list(): FdEntry[] {
    return [...this.entries.keys()].sort((a, b) => a - b).map((fd) => this.entries.get(fd)!);
  }

  /** Adds `entry` at `entry.fd` if given (>= 0) or at the lowest free fd; returns the fd. EMFILE if full. */
  add(entry: Omit<FdEntry, "fd"> & { fd?: number }): number {
    let fd = entry.fd ?? -1;
    if (fd < 0) {
      fd = 0;
      while (this.entries.has(fd)) fd++;
    }
    if (fd >= MAX_FDS) throw new WasiError(Errno.MFILE);
    this.entries.set(fd, { ...entry, fd } as FdEntry);
    return fd;
  }

  /** The host fd of an entry: the process fd for stdio, else opened now if it is not yet. */
  hostFd(entry: FdEntry): number {
    if (entry.kind === "stdio") return entry.stdio;
    if (entry.kind === "dir") throw new WasiError(Errno.ISDIR);
    let h = this.handles.get(entry.fd);
    if (h === undefined) {
      h = fs.openSync(entry.hostPath, hostOpenFlags(entry));
      this.handles.set(entry.fd, h);
    }
    return h;
  }

  /** Records a host fd just opened for `fd` (by path_open). */
  setHostFd(fd: number, hostFd: number): void {
    this.dropHandle(fd);
    this.handles.set(fd, hostFd);
  }

  /** Closes the host fd of `fd` if one is open (it is reopened lazily, e.g. after an fdflags change). */
  dropHandle(fd: number): void {
    const h = this.handles.get(fd);
    if (h !== undefined) {
      this.handles.delete(fd);
      try {
        fs.closeSync(h);
      } catch {
        // Closing can only fail if the fd is already gone; nothing to undo.
      }
    }
  }

  /** Closes `fd`; EBADF if it is not open. */
  close(fd: number): void {
    this.get(fd);
    this.dropHandle(fd);
    this.entries.delete(fd);
  }

  /** Moves `from` to `to`, closing what `to` was; both must be open (EBADF). */
  renumber(from: number, to: number): void {
    const e = this.get(from);
    this.get(to);
    if (from === to) return;
    this.dropHandle(to);
    this.entries.delete(to);
    const h = this.handles.get(from);
    this.handles.delete(from);
    this.entries.delete(from);
    e.fd = to;
    this.entries.set(to, e);
    if (h !== undefined) this.handles.set(to, h);
  }

  /** Closes every host fd (the table itself stays, e.g. for a snapshot). */
  closeAll(): void {
    for (const fd of [...this.handles.keys()]) this.dropHandle(fd);
  }
}
