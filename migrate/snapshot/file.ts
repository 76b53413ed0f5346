// Snapshot files on disk: written atomically (a temporary file in the same
// directory, fsynced, then renamed over the target and the directory
// fsynced so the new name is durable too), read without ever
// modifying the file (file-reader.ts). The memory pages are written straight
// from VM memory with writev in batches of about 4 MiB (Deno: gathered in a
// staging buffer, its writevSync copies each buffer). Errors are SnapshotError
// with one clear line.

import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync, writevSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import process from "node:process";
import { encodeParts, SnapshotError } from "./format.js";
import type { EncodeOptions } from "./format.js";
import type { Snapshot } from "./model.js";

export { openSnapshotFile, readSnapshotFile } from "./file-reader.js";
export type { OpenSnapshot } from "./file-reader.js";

/** Bytes per write call (about: writev batches end at the first part past it). */
const BATCH = 4 << 20;
/** Deno's writevSync copies every buffer it is given (several times slower than one write): gather in a staging buffer there. */
/** Buffers per writev call (POSIX IOV_MAX is at least 1024 on Linux and macOS). */
const IOV_MAX = 1024;
const STAGED = (process.versions as Record<string, string | undefined>).deno !== undefined;

/** Milliseconds spent in each step of writeSnapshotFile (the bench's breakdown). */
export interface WriteTimes {
  /** encodeParts: section bytes and CRC-32s (memory pages are not copied). */
  encode: number;
  /** open + write: the bytes handed to the kernel. */
  write: number;
  /** fsync: the kernel flushes them to the device. */
  fsync: number;
  /** close, rename over the target, fsync of the directory (the new name). */
  rename: number;
}

function writeAllOf(fd: number, b: Uint8Array): void {
  for (let done = 0; done < b.length;) done += writeSync(fd, b, done, b.length - done);
}

/** Writes `batch` with one writev (continuing after short writes). */
function writevAll(fd: number, batch: Uint8Array[]): void {
  let i = 0;
  while (i < batch.length) {
    let n = writevSync(fd, i === 0 ? batch : batch.slice(i));
    while (i < batch.length && n >= batch[i]!.length) n -= batch[i++]!.length;
    if (n > 0) batch[i] = batch[i]!.subarray(n);
  }
}

/** Writes all of `parts` to `fd`, in order, in calls of about BATCH bytes (gathered in a staging buffer if `staged`); returns the bytes written. */
export function writeParts(fd: number, parts: Uint8Array[], staged = STAGED): number {
  let total = 0;
  if (staged) {
    const stage = new Uint8Array(BATCH);
    let used = 0;
    for (const p of parts) {
      total += p.length;
      if (used + p.length > BATCH) { writeAllOf(fd, stage.subarray(0, used)); used = 0; }
      if (p.length >= BATCH / 2) writeAllOf(fd, p);
      else { stage.set(p, used); used += p.length; }
    }
    writeAllOf(fd, stage.subarray(0, used));
    return total;
  }
  let batch: Uint8Array[] = [], bytes = 0;
  for (const p of parts) {
    if (p.length === 0) continue;
    batch.push(p);
    bytes += p.length;
    total += p.length;
    if (bytes >= BATCH || batch.length === IOV_MAX) { writevAll(fd, batch); batch = []; bytes = 0; }
  }
  if (batch.length > 0) writevAll(fd, batch);
  return total;
}

/** Flushes directory `dir` (the rename) to the device; a no-op where directories cannot be opened or fsynced (Windows). */
function syncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // not supported for directories here
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `s` to `path` atomically (optionally with memory deflated): the
 * file is complete on the device before it gets its name. Returns the number
 * of bytes written; `times`, if given, receives the time of each step.
 */
export function writeSnapshotFile(path: string, s: Snapshot, o: EncodeOptions = {}, times?: WriteTimes): number {
  let t = performance.now();
  const lap = (): number => { const now = performance.now(), d = now - t; t = now; return d; };
  const parts = encodeParts(s, o);
  const encode = lap();
  let size = 0, write = 0, fsync = 0;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, "w", 0o644);
    try {
      size = writeParts(fd, parts);
      write = lap();
      fsyncSync(fd);
      fsync = lap();
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    syncDir(dirname(path));
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw new SnapshotError(`cannot write snapshot ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (times !== undefined) Object.assign(times, { encode, write, fsync, rename: lap() });
  return size;
}
