// Snapshot files on disk: written atomically (a temporary file in the same
// directory, fsynced, then renamed over the target), read without ever
// modifying the file. Errors are SnapshotError with one clear line.

import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import process from "node:process";
import { decode, encode, SnapshotError } from "./format.js";
import type { Snapshot } from "./model.js";

/** Writes `s` to `path` atomically; returns the number of bytes written. */
export function writeSnapshotFile(path: string, s: Snapshot): number {
  const bytes = encode(s);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, "w", 0o644);
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw new SnapshotError(`cannot write snapshot ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return bytes.length;
}

/** Reads and validates the snapshot at `path` (the file is never modified). */
export function readSnapshotFile(path: string): Snapshot {
  if (!existsSync(path)) throw new SnapshotError(`${path}: no such file`);
  if (statSync(path).isDirectory()) throw new SnapshotError(`${path} is a directory, not a snapshot`);
  try {
    return decode(new Uint8Array(readFileSync(path)));
  } catch (e) {
    if (e instanceof SnapshotError) throw new SnapshotError(`${path}: ${e.message}`);
    throw e;
  }
}
