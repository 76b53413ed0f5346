// path_open: resolves the path under a directory fd (sandbox.ts), applies the
// oflags (creat, directory, excl, trunc), lookupflags (symlink_follow) and
// fdflags, and adds an fd table entry. The requested rights are cut down to
// what the directory may hand on; the host access mode follows from them.
// Directories get an entry without a host fd (they are used by path).

import * as fs from "node:fs";
import { FDFLAGS_ALL, Filetype, Lookupflags, Oflags, RIGHTS_DIR, RIGHTS_FILE, RIGHTS_READ, RIGHTS_WRITE, Rights } from "./constants.js";
import { Errno, WasiError } from "./errno.js";
import type { WasiContext, WasiFunction } from "./context.js";
import { hostOpenFlags } from "./fd-table.js";
import { filetypeOf } from "./filestat.js";
import { dirWithRights } from "./fs-path.js";
import { resolvePath } from "./sandbox.js";

/** Rights as a number (the bits WASI defines are all below 2^30). */
function rightsOf(v: bigint): number {
  return Number(BigInt.asUintN(64, v) & 0x3fffffffn);
}

/** path_open. */
export function openFunctions(ctx: WasiContext): Record<string, WasiFunction> {
  const { fds, mem } = ctx;
  return {
    path_open(
      fd: number, dirflags: number, path: number, pathLen: number, oflags: number,
      rightsBase: bigint, rightsInheriting: bigint, fdflags: number, fdPtr: number,
    ): number {
      if (oflags & ~15 || fdflags & ~FDFLAGS_ALL) return Errno.INVAL;
      let needed = Rights.PATH_OPEN;
      if (oflags & Oflags.CREAT) needed |= Rights.PATH_CREATE_FILE;
      if (oflags & Oflags.TRUNC) needed |= Rights.PATH_FILESTAT_SET_SIZE;
      const dir = dirWithRights(ctx, fd, needed);
      const guestPath = mem.string(path, pathLen);
      mem.window(fdPtr, 4);
      const base = rightsOf(rightsBase) & dir.rightsInheriting;
      const inheriting = rightsOf(rightsInheriting) & dir.rightsInheriting;
      const r = resolvePath(dir, guestPath, (dirflags & Lookupflags.SYMLINK_FOLLOW) !== 0);
      const creat = (oflags & Oflags.CREAT) !== 0;
      const excl = (oflags & Oflags.EXCL) !== 0;
      const st = r.stat;
      if (st !== null) {
        if (creat && excl) return Errno.EXIST;
        if (st.isSymbolicLink()) return Errno.LOOP; // a final symlink that was not to be followed
        if ((oflags & Oflags.DIRECTORY) && !st.isDirectory()) return Errno.NOTDIR;
      } else {
        if (!creat) return Errno.NOENT;
        if (oflags & Oflags.DIRECTORY) return Errno.INVAL;
        if (r.mustBeDir) return Errno.ISDIR;
      }
      const write = (base & RIGHTS_WRITE) !== 0;
      if (st !== null && st.isDirectory()) {
        if (write || (oflags & Oflags.TRUNC)) return Errno.ISDIR;
        const newFd = fds.add({
          kind: "dir", filetype: Filetype.DIRECTORY, hostPath: r.hostPath, guestPath: r.guestPath, preopen: false,
          stdio: -1, offset: 0, fdflags: fdflags & FDFLAGS_ALL, read: true, write: false,
          rightsBase: base & RIGHTS_DIR, rightsInheriting: inheriting,
        });
        mem.setU32(fdPtr, newFd);
        return Errno.SUCCESS;
      }
      const entry = {
        kind: "file" as const, filetype: Filetype.REGULAR_FILE, hostPath: r.hostPath, guestPath: r.guestPath, preopen: false,
        stdio: -1, offset: 0, fdflags: fdflags & FDFLAGS_ALL, read: (base & RIGHTS_READ) !== 0 || !write, write,
        rightsBase: base & RIGHTS_FILE, rightsInheriting: inheriting,
      };
      const c = fs.constants;
      const extra = (creat ? c.O_CREAT : 0) | (excl ? c.O_EXCL : 0) | (oflags & Oflags.TRUNC ? c.O_TRUNC : 0);
      const h = fs.openSync(r.hostPath, hostOpenFlags(entry, extra), 0o666);
      let newFd: number;
      try {
        entry.filetype = filetypeOf(fs.fstatSync(h));
        if (entry.filetype === Filetype.DIRECTORY) throw new WasiError(Errno.ISDIR); // created in a race
        newFd = fds.add(entry);
      } catch (e) {
        fs.closeSync(h);
        throw e;
      }
      fds.setHostFd(newFd, h);
      mem.setU32(fdPtr, newFd);
      return Errno.SUCCESS;
    },
  };
}
