// Host stat results in WASI's terms: the filetype of a node:fs Stats and the
// 64-byte filestat record (layout in constants.ts). Times are nanoseconds.

import type * as fs from "node:fs";
import { Filetype } from "./constants.js";
import type { GuestMemory } from "./memory.js";

/** The WASI filetype of a stat result. */
export function filetypeOf(st: fs.Stats | fs.BigIntStats | fs.Dirent): number {
  if (st.isFile()) return Filetype.REGULAR_FILE;
  if (st.isDirectory()) return Filetype.DIRECTORY;
  if (st.isSymbolicLink()) return Filetype.SYMBOLIC_LINK;
  if (st.isCharacterDevice()) return Filetype.CHARACTER_DEVICE;
  if (st.isBlockDevice()) return Filetype.BLOCK_DEVICE;
  if (st.isSocket() || st.isFIFO()) return Filetype.SOCKET_STREAM;
  return Filetype.UNKNOWN;
}

/** Nanoseconds of a stat time (BigIntStats carry them exactly; plain Stats only to the microsecond). */
function ns(big: bigint | undefined, ms: number): bigint {
  return big ?? BigInt(Math.round(ms * 1000)) * 1000n;
}

/** Writes the filestat record of `st` at `ptr`. */
export function writeFilestat(mem: GuestMemory, ptr: number, st: fs.BigIntStats | fs.Stats): void {
  const v = mem.window(ptr, 64);
  const big = typeof st.size === "bigint" ? (st as fs.BigIntStats) : undefined;
  const plain = st as fs.Stats;
  v.setBigUint64(0, BigInt.asUintN(64, BigInt(st.dev)), true);
  v.setBigUint64(8, BigInt.asUintN(64, BigInt(st.ino)), true);
  v.setUint8(16, filetypeOf(st));
  for (let i = 17; i < 24; i++) v.setUint8(i, 0);
  v.setBigUint64(24, BigInt(st.nlink), true);
  v.setBigUint64(32, BigInt(st.size), true);
  v.setBigUint64(40, ns(big?.atimeNs, plain.atimeMs), true);
  v.setBigUint64(48, ns(big?.mtimeNs, plain.mtimeMs), true);
  v.setBigUint64(56, ns(big?.ctimeNs, plain.ctimeMs), true);
}
