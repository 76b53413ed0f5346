// Snapshot files on disk: written atomically (a temporary file in the same
// directory, fsynced, then renamed over the target), read without ever
// modifying the file. Errors are SnapshotError with one clear line.

import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writevSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import process from "node:process";
import { decode, encodeParts, SnapshotError } from "./format.js";
import type { EncodeOptions } from "./format.js";
import type { Snapshot } from "./model.js";

/** Buffers per writev call (POSIX IOV_MAX is at least 1024 on Linux and macOS). */
const IOV_MAX = 1024;

/** Writes all of `parts` to `fd`, in order, with writev (continuing after short writes); returns the bytes written. */
function writeAll(fd: number, parts: Uint8Array[]): number {
  const queue = parts.filter((p) => p.length > 0);
  let total = 0;
  let i = 0;
  while (i < queue.length) {
    const batch = queue.slice(i, i + IOV_MAX);
    let n = writevSync(fd, batch);
    total += n;
    for (const p of batch) {
      if (n < p.length) break;
      n -= p.length;
      i++;
    }
    if (n > 0) queue[i] = queue[i]!.subarray(n);
  }
  return total;
}

/** Writes `s` to `path` atomically (optionally with memory deflated); returns the number of bytes written. */
export function writeSnapshotFile(path: string, s: Snapshot, o: EncodeOptions = {}): number {
  const parts = encodeParts(s, o);
  let size = 0;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, "w", 0o644);
    try {
      size = writeAll(fd, parts);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw new SnapshotError(`cannot write snapshot ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return size;
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
