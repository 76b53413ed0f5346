// Directory fds: fd_readdir (entries ".", ".." then the names in sorted order,
// so a cookie - the index of the next entry - means the same thing on every
// host and after a restore) and the preopen queries fd_prestat_get /
// fd_prestat_dir_name.

import * as fs from "node:fs";
import { Filetype, PREOPENTYPE_DIR, Rights } from "./constants.js";
import { Errno, WasiError } from "./errno.js";
import type { WasiContext, WasiFunction } from "./context.js";
import { filetypeOf } from "./filestat.js";
import { encodeUtf8 } from "./memory.js";

/** One directory entry as fd_readdir reports it. */
interface DirEntry {
  name: string;
  /** Full host path (lstat'ed lazily for the inode). */
  path: string;
  type: number;
}

/** The entries of directory `hostPath`: ".", "..", then the rest sorted by name. */
function listDir(hostPath: string): DirEntry[] {
  const dirents = fs.readdirSync(hostPath, { withFileTypes: true });
  const rest = dirents
    .map((d) => ({ name: d.name, path: `${hostPath}/${d.name}`, type: filetypeOf(d) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [
    { name: ".", path: hostPath, type: Filetype.DIRECTORY },
    { name: "..", path: `${hostPath}/..`, type: Filetype.DIRECTORY },
    ...rest,
  ];
}

function inodeOf(path: string): bigint {
  try {
    return BigInt.asUintN(64, fs.lstatSync(path, { bigint: true }).ino);
  } catch {
    return 0n; // the entry vanished between readdir and lstat
  }
}

/** fd_readdir, fd_prestat_get, fd_prestat_dir_name. */
export function dirFunctions(ctx: WasiContext): Record<string, WasiFunction> {
  const { fds, mem } = ctx;
  return {
    fd_readdir(fd: number, buf: number, bufLen: number, cookie: bigint, bufusedPtr: number): number {
      const e = fds.get(fd);
      if (e.kind !== "dir") return Errno.NOTDIR;
      fds.withRights(fd, Rights.FD_READDIR);
      mem.slice(buf, bufLen);
      mem.window(bufusedPtr, 4);
      const entries = listDir(e.hostPath);
      const start = BigInt.asUintN(64, cookie);
      // Build as much as fits; the last entry may be cut short (bufused == buf_len tells the guest to come back).
      const out = new Uint8Array(bufLen);
      let used = 0;
      for (let i = start; i < BigInt(entries.length) && used < bufLen; i++) {
        const ent = entries[Number(i)]!;
        const name = encodeUtf8(ent.name);
        const rec = new Uint8Array(24 + name.length);
        const rv = new DataView(rec.buffer);
        rv.setBigUint64(0, i + 1n, true);
        rv.setBigUint64(8, inodeOf(ent.path), true);
        rv.setUint32(16, name.length, true);
        rv.setUint8(20, ent.type);
        rec.set(name, 24);
        const n = Math.min(rec.length, bufLen - used);
        out.set(rec.subarray(0, n), used);
        used += n;
      }
      mem.write(buf, out.subarray(0, used));
      mem.setU32(bufusedPtr, used);
      return Errno.SUCCESS;
    },

    fd_prestat_get(fd: number, ptr: number): number {
      const e = fds.get(fd);
      if (!e.preopen) return Errno.BADF;
      const v = mem.window(ptr, 8);
      v.setUint32(0, PREOPENTYPE_DIR, true);
      v.setUint32(4, encodeUtf8(e.guestPath).length, true);
      return Errno.SUCCESS;
    },

    fd_prestat_dir_name(fd: number, path: number, len: number): number {
      const e = fds.get(fd);
      if (!e.preopen) return Errno.BADF;
      const name = encodeUtf8(e.guestPath);
      if (len < name.length) throw new WasiError(Errno.NAMETOOLONG);
      mem.write(path, name);
      return Errno.SUCCESS;
    },
  };
}
