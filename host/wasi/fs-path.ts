// The path_* functions: every path is resolved under its directory fd by
// sandbox.ts (no escape through `..`, absolute paths or symlinks), the
// directory fd's rights are checked, then the host operation runs on the
// resolved host path. path_open, which creates fd table entries, is in
// fs-open.ts.

import * as fs from "node:fs";
import { Lookupflags, Rights } from "./constants.js";
import { Errno, WasiError } from "./errno.js";
import type { WasiContext, WasiFunction } from "./context.js";
import type { FdEntry } from "./fd-table.js";
import { writeFilestat } from "./filestat.js";
import { timesFor } from "./fs-fd.js";
import type { ResolvedPath } from "./sandbox.js";
import { resolvePath } from "./sandbox.js";

/** The directory entry of `fd` with `rights`: EBADF if closed, ENOTDIR if not a directory, ENOTCAPABLE if a right is missing. */
export function dirWithRights(ctx: WasiContext, fd: number, rights: number): FdEntry {
  const e = ctx.fds.get(fd);
  if (e.kind !== "dir") throw new WasiError(Errno.NOTDIR);
  if ((e.rightsBase & rights) !== rights) throw new WasiError(Errno.NOTCAPABLE);
  return e;
}

/** Reads the guest path at (ptr, len) and resolves it under directory fd `fd` (which must have `rights`). */
export function resolveAt(ctx: WasiContext, fd: number, rights: number, ptr: number, len: number, follow: boolean): ResolvedPath {
  const dir = dirWithRights(ctx, fd, rights);
  return resolvePath(dir, ctx.mem.string(ptr, len), follow);
}

function isRoot(r: ResolvedPath, ctx: WasiContext, fd: number): boolean {
  return r.hostPath === ctx.fds.get(fd).hostPath;
}

/** path_* except path_open. */
export function pathFunctions(ctx: WasiContext): Record<string, WasiFunction> {
  const { mem } = ctx;
  return {
    path_create_directory(fd: number, path: number, len: number): number {
      const r = resolveAt(ctx, fd, Rights.PATH_CREATE_DIRECTORY, path, len, false);
      if (r.stat !== null) return Errno.EXIST;
      fs.mkdirSync(r.hostPath, 0o777);
      return Errno.SUCCESS;
    },

    path_filestat_get(fd: number, flags: number, path: number, len: number, buf: number): number {
      const r = resolveAt(ctx, fd, Rights.PATH_FILESTAT_GET, path, len, (flags & Lookupflags.SYMLINK_FOLLOW) !== 0);
      if (r.stat === null) return Errno.NOENT;
      mem.window(buf, 64);
      writeFilestat(mem, buf, fs.lstatSync(r.hostPath, { bigint: true }));
      return Errno.SUCCESS;
    },

    path_filestat_set_times(fd: number, flags: number, path: number, len: number, atim: bigint, mtim: bigint, fst: number): number {
      const r = resolveAt(ctx, fd, Rights.PATH_FILESTAT_SET_TIMES, path, len, (flags & Lookupflags.SYMLINK_FOLLOW) !== 0);
      if (r.stat === null) return Errno.NOENT;
      const [a, m] = timesFor(fst, atim, mtim, () => fs.lstatSync(r.hostPath));
      if (r.stat.isSymbolicLink()) fs.lutimesSync(r.hostPath, a, m);
      else fs.utimesSync(r.hostPath, a, m);
      return Errno.SUCCESS;
    },

    path_link(oldFd: number, oldFlags: number, oldPath: number, oldLen: number, newFd: number, newPath: number, newLen: number): number {
      const src = resolveAt(ctx, oldFd, Rights.PATH_LINK_SOURCE, oldPath, oldLen, (oldFlags & Lookupflags.SYMLINK_FOLLOW) !== 0);
      const dst = resolveAt(ctx, newFd, Rights.PATH_LINK_TARGET, newPath, newLen, false);
      if (src.stat === null) return Errno.NOENT;
      if (src.stat.isDirectory()) return Errno.PERM;
      if (dst.stat !== null) return Errno.EXIST;
      if (dst.mustBeDir) return Errno.NOENT;
      fs.linkSync(src.hostPath, dst.hostPath);
      return Errno.SUCCESS;
    },

    path_readlink(fd: number, path: number, len: number, buf: number, bufLen: number, bufusedPtr: number): number {
      const r = resolveAt(ctx, fd, Rights.PATH_READLINK, path, len, false);
      if (r.stat === null) return Errno.NOENT;
      if (!r.stat.isSymbolicLink()) return Errno.INVAL;
      mem.slice(buf, bufLen);
      mem.window(bufusedPtr, 4);
      const target = new Uint8Array(fs.readlinkSync(r.hostPath, { encoding: "buffer" }));
      const n = Math.min(bufLen, target.length);
      mem.write(buf, target.subarray(0, n));
      mem.setU32(bufusedPtr, n);
      return Errno.SUCCESS;
    },

    path_remove_directory(fd: number, path: number, len: number): number {
      const r = resolveAt(ctx, fd, Rights.PATH_REMOVE_DIRECTORY, path, len, false);
      if (r.stat === null) return Errno.NOENT;
      if (!r.stat.isDirectory()) return Errno.NOTDIR;
      if (isRoot(r, ctx, fd)) return Errno.BUSY;
      fs.rmdirSync(r.hostPath);
      return Errno.SUCCESS;
    },

    path_rename(fd: number, oldPath: number, oldLen: number, newFd: number, newPath: number, newLen: number): number {
      const src = resolveAt(ctx, fd, Rights.PATH_RENAME_SOURCE, oldPath, oldLen, false);
      const dst = resolveAt(ctx, newFd, Rights.PATH_RENAME_TARGET, newPath, newLen, false);
      if (src.stat === null) return Errno.NOENT;
      if (isRoot(src, ctx, fd) || isRoot(dst, ctx, newFd)) return Errno.BUSY;
      if (dst.stat !== null) {
        if (src.stat.isDirectory() && !dst.stat.isDirectory()) return Errno.NOTDIR;
        if (!src.stat.isDirectory() && dst.stat.isDirectory()) return Errno.ISDIR;
      } else if (dst.mustBeDir && !src.stat.isDirectory()) {
        return Errno.NOTDIR;
      }
      if (src.stat.isDirectory() && (dst.hostPath + "/").startsWith(src.hostPath + "/")) return Errno.INVAL;
      fs.renameSync(src.hostPath, dst.hostPath);
      return Errno.SUCCESS;
    },

    path_symlink(oldPath: number, oldLen: number, fd: number, newPath: number, newLen: number): number {
      const target = mem.string(oldPath, oldLen);
      const dst = resolveAt(ctx, fd, Rights.PATH_SYMLINK, newPath, newLen, false);
      if (target.length === 0) return Errno.NOENT;
      if (target.startsWith("/")) return Errno.NOTCAPABLE;
      if (dst.stat !== null) return Errno.EXIST;
      fs.symlinkSync(target, dst.hostPath);
      return Errno.SUCCESS;
    },

    path_unlink_file(fd: number, path: number, len: number): number {
      const r = resolveAt(ctx, fd, Rights.PATH_UNLINK_FILE, path, len, false);
      if (r.stat === null) return Errno.NOENT;
      if (r.stat.isDirectory()) return Errno.ISDIR;
      fs.unlinkSync(r.hostPath);
      return Errno.SUCCESS;
    },
  };
}
