// Reading snapshot files for a restore. openSnapshotFile reads and decodes
// every section except the pages of the memory section, which stay on disk
// as a MemorySource for restoreSnapshot to stream into the VM (no buffer the
// size of the file). Anything unusual in the file's layout (bad magic,
// truncation, trailing bytes, a malformed memory section) makes it read the
// whole file and let format.ts decode() refuse it with its usual message.

import { closeSync, fstatSync, openSync, statSync } from "node:fs";
import { crc32 } from "./crc32.js";
import { decode, MAGIC, Section, SnapshotError, VERSION } from "./format.js";
import { CHUNK, MemorySource, readFully } from "./memory-source.js";
import type { MemoryLayout } from "./memory-source.js";
import type { Snapshot } from "./model.js";

/** A decoded snapshot whose memory pages, if `memory` is set, are still in the file (`snapshot.memories[i].chunks` is then empty). */
export interface OpenSnapshot {
  snapshot: Snapshot;
  memory?: MemorySource;
}

/** The whole of the open file `fd` of `size` bytes, in one read into one buffer. */
function readAll(fd: number, size: number): Uint8Array {
  const buf = new Uint8Array(size);
  readFully(fd, buf, 0, "snapshot");
  return buf;
}

function u32(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);
}

/** The bytes of the file without the memory pages (memory section rewritten with no chunks), or undefined if the layout is unusual. */
function split(fd: number, size: number): { bytes: Uint8Array; memory: MemorySource } | undefined {
  if (size < 16) return undefined;
  const head = new Uint8Array(16);
  readFully(fd, head, 0, "snapshot");
  if (new TextDecoder().decode(head.subarray(0, 8)) !== MAGIC || u32(head, 8) !== VERSION) return undefined;
  const n = u32(head, 12);
  const parts: Uint8Array[] = [head];
  let memory: MemorySource | undefined;
  let pos = 16;
  for (let i = 0; i < n; i++) {
    if (pos + 12 > size) return undefined;
    const sh = new Uint8Array(12);
    readFully(fd, sh, pos, "snapshot");
    const id = u32(sh, 0), len = u32(sh, 4);
    pos += 12;
    if (pos + len > size) return undefined;
    if (id === Section.MEMORY && memory === undefined) {
      const m = memoryLayout(fd, pos, len, u32(sh, 8));
      if (m === undefined) return undefined;
      memory = m.source;
      const v = new DataView(sh.buffer);
      v.setUint32(4, m.stub.length, true);
      v.setUint32(8, crc32(m.stub), true);
      parts.push(sh, m.stub);
    } else {
      const payload = new Uint8Array(len);
      readFully(fd, payload, pos, "snapshot");
      parts.push(sh, payload);
    }
    pos += len;
  }
  if (pos !== size || memory === undefined) return undefined;
  const bytes = new Uint8Array(parts.reduce((t, p) => t + p.length, 0));
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.length; }
  return { bytes, memory };
}

/** The chunk layout of the memory section payload at `pos` (`len` bytes), and the same payload without chunks; undefined if malformed. */
function memoryLayout(fd: number, pos: number, len: number, crc: number): { source: MemorySource; stub: Uint8Array } | undefined {
  if (len < 4) return undefined;
  const end = pos + len;
  const count = new Uint8Array(4);
  readFully(fd, count, pos, "snapshot");
  const nMems = u32(count, 0);
  if (nMems > (len - 4) / 8) return undefined;
  const heads = [count];
  const layouts: MemoryLayout[] = [];
  let at = pos + 4;
  for (let i = 0; i < nMems; i++) {
    if (at + 8 > end) return undefined;
    const mh = new Uint8Array(8);
    readFully(fd, mh, at, "snapshot");
    const pages = u32(mh, 0), chunks = u32(mh, 4);
    at += 8;
    if (chunks > pages || at + chunks * CHUNK > end) return undefined;
    heads.push(mh);
    layouts.push({ pages, chunks, offset: at });
    at += chunks * CHUNK;
  }
  if (at !== end) return undefined;
  const stub = new Uint8Array(4 + 8 * nMems);
  const v = new DataView(stub.buffer);
  v.setUint32(0, nMems, true);
  layouts.forEach((l, i) => v.setUint32(4 + 8 * i, l.pages, true));
  return { source: new MemorySource(fd, layouts, heads, crc), stub };
}

function open(path: string): number {
  try {
    if (statSync(path).isDirectory()) throw new SnapshotError(`${path} is a directory, not a snapshot`);
    return openSync(path, "r");
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new SnapshotError(`${path}: no such file`);
    throw new SnapshotError(`cannot read snapshot ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function prefixed<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SnapshotError) throw new SnapshotError(`${path}: ${e.message}`);
    throw e;
  }
}

/** Reads and validates the snapshot at `path`, all of it in memory (the file is never modified). */
export function readSnapshotFile(path: string): Snapshot {
  const fd = open(path);
  try {
    return prefixed(path, () => decode(readAll(fd, fstatSync(fd).size)));
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and validates the snapshot at `path` except its memory pages, which
 * restoreSnapshot(…, memory) streams from the file (and checks) later; close
 * `memory` if it is not restored. The file is never modified.
 */
export function openSnapshotFile(path: string): OpenSnapshot {
  const fd = open(path);
  let owned = false;
  try {
    const size = fstatSync(fd).size;
    const parts = prefixed(path, () => split(fd, size));
    if (parts === undefined) return { snapshot: prefixed(path, () => decode(readAll(fd, size))) };
    const snapshot = prefixed(path, () => decode(parts.bytes));
    owned = true;
    return { snapshot, memory: parts.memory };
  } finally {
    if (!owned) closeSync(fd);
  }
}
