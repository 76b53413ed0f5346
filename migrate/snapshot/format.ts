// The snapshot file format (docs/snapshot-format.md): "FERRYSNP", version,
// then sections (id, length, CRC-32, payload), all little-endian. encode()
// turns a Snapshot into bytes; decode() checks the magic, version, every
// checksum and field and the module hash, and throws SnapshotError (one
// clear line) on anything wrong. The memory section is written as views of
// the captured pages (no copy) and may be deflated (section 9, --compress).

import { createHash } from "node:crypto";
import { crc32 } from "./crc32.js";
import { deflateMemory, inflateMemory } from "./deflate.js";
import type { FrameState, MemoryState, Snapshot, TableState } from "./model.js";
import { PAGE, VALTYPE } from "./model.js";

import { SnapshotError } from "./errors.js";
import { monitorNames } from "./monitors-section.js";

export { SnapshotError };

/** The 8 magic bytes. */
export const MAGIC = "FERRYSNP";
/** The format version this code writes and reads. */
export const VERSION = 1;

/** Section ids, in file order. */
export const enum Section { MODULE = 1, FRAMES = 2, GLOBALS = 3, TABLES = 4, MEMORY = 5, SEGMENTS = 6, HOST = 7, COUNTER = 8, MEMORY_DEFLATE = 9 }
const SECTION_NAMES = ["", "module", "frames", "globals", "tables", "memory", "segments", "host", "counter", "deflated memory"];
/** Section 11: monitors (monitors-section.ts); not in the enum's order above so section 10 stays another's. */
const SECTION_MONITORS = 11;
(SECTION_NAMES as string[])[SECTION_MONITORS] = "monitors";

/** How to encode a snapshot. */
export interface EncodeOptions {
  /** Store memory as section 9 (raw DEFLATE of section 5's payload) instead of section 5. */
  compress?: boolean;
}

const VALID_TYPES = new Set<number>(Object.values(VALTYPE));

/** SHA-256 of `bytes`. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(bytes).digest());
}

class Writer {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }
  u8(v: number): void { this.room(1); this.buf[this.len++] = v; }
  u32(v: number): void { this.room(4); this.view.setUint32(this.len, v >>> 0, true); this.len += 4; }
  u64(v: bigint): void { this.room(8); this.view.setBigUint64(this.len, BigInt.asUintN(64, v), true); this.len += 8; }
  bytes(b: Uint8Array): void { this.room(b.length); this.buf.set(b, this.len); this.len += b.length; }
  done(): Uint8Array { return this.buf.slice(0, this.len); }
}

class Reader {
  private readonly view: DataView;
  pos = 0;
  constructor(readonly buf: Uint8Array, readonly what: string) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) throw new SnapshotError(`${this.what} is truncated`);
  }
  u8(): number { this.need(1); return this.buf[this.pos++]!; }
  u32(): number { this.need(4); const v = this.view.getUint32(this.pos, true); this.pos += 4; return v; }
  u64(): bigint { this.need(8); const v = this.view.getBigUint64(this.pos, true); this.pos += 8; return v; }
  /** The next `n` bytes: a view of the input, not a copy. */
  bytes(n: number): Uint8Array { this.need(n); const b = this.buf.subarray(this.pos, this.pos + n); this.pos += n; return b; }
  /** A count of items of at least `size` bytes each that must fit in what is left. */
  count(size: number): number {
    const n = this.u32();
    if (n * size > this.buf.length - this.pos) throw new SnapshotError(`${this.what}: count ${n} exceeds the section`);
    return n;
  }
  end(): void {
    if (this.pos !== this.buf.length) throw new SnapshotError(`${this.what} has ${this.buf.length - this.pos} unexpected trailing bytes`);
  }
}

function type(r: Reader, what: string): number {
  const t = r.u8();
  if (!VALID_TYPES.has(t)) throw new SnapshotError(`${r.what}: ${what} has unknown value type 0x${t.toString(16)}`);
  return t;
}

// ---- sections --------------------------------------------------------------

function writeFrames(w: Writer, frames: FrameState[]): void {
  w.u32(frames.length);
  for (const f of frames) {
    w.u32(f.funcIndex);
    w.u32(f.pc);
    w.u32(f.numLocals);
    w.u32(f.types.length - f.numLocals);
    for (const t of f.types) w.u8(t);
    for (const v of f.values) w.u64(v);
  }
}

function readFrames(r: Reader): FrameState[] {
  const frames: FrameState[] = [];
  const n = r.count(16);
  if (n === 0) throw new SnapshotError("frames section: no frames");
  for (let i = 0; i < n; i++) {
    const funcIndex = r.u32();
    const pc = r.u32();
    const numLocals = r.u32();
    const height = r.u32();
    const total = numLocals + height;
    r.need(total * 9);
    const types: number[] = [];
    for (let k = 0; k < total; k++) types.push(type(r, `frame ${i}`));
    const values: bigint[] = [];
    for (let k = 0; k < total; k++) values.push(r.u64());
    frames.push({ funcIndex, pc, numLocals, types, values });
  }
  return frames;
}

function writeTables(w: Writer, tables: TableState[]): void {
  w.u32(tables.length);
  for (const t of tables) {
    w.u8(t.elemType);
    w.u32(t.elems.length);
    for (const e of t.elems) w.u32(e);
  }
}

function readTables(r: Reader): TableState[] {
  const tables: TableState[] = [];
  const n = r.count(5);
  for (let i = 0; i < n; i++) {
    const elemType = type(r, `table ${i}`);
    if (elemType !== VALTYPE.funcref && elemType !== VALTYPE.externref) throw new SnapshotError(`tables section: table ${i} is not of a reference type`);
    const size = r.count(4);
    const elems: number[] = [];
    for (let k = 0; k < size; k++) elems.push(r.u32());
    tables.push({ elemType, elems });
  }
  return tables;
}

/** The memory section payload as parts (headers, then views of the pages themselves). */
function memoryParts(mems: MemoryState[]): Uint8Array[] {
  let chunks = 0;
  for (const m of mems) chunks += m.chunks.length;
  const heads = new Uint8Array(4 + 8 * mems.length + 4 * chunks);
  const v = new DataView(heads.buffer);
  const parts: Uint8Array[] = [];
  let pos = 0, from = 0;
  v.setUint32(pos, mems.length, true); pos += 4;
  for (const m of mems) {
    v.setUint32(pos, m.pages, true); v.setUint32(pos + 4, m.chunks.length, true); pos += 8;
    for (const c of m.chunks) {
      if (c.bytes.length !== PAGE) throw new SnapshotError(`memory page ${c.page} has ${c.bytes.length} bytes, not ${PAGE}`);
      v.setUint32(pos, c.page, true); pos += 4;
      parts.push(heads.subarray(from, pos), c.bytes);
      from = pos;
    }
  }
  if (from < pos) parts.push(heads.subarray(from, pos));
  return parts;
}

function concat(parts: Uint8Array[], total = parts.reduce((n, p) => n + p.length, 0)): Uint8Array {
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) { out.set(p, pos); pos += p.length; }
  return out;
}

function readMemories(r: Reader): MemoryState[] {
  const mems: MemoryState[] = [];
  const n = r.count(8);
  for (let i = 0; i < n; i++) {
    const pages = r.u32();
    if (pages > 65536) throw new SnapshotError(`memory section: memory ${i} has ${pages} pages (at most 65536)`);
    const nChunks = r.count(4 + PAGE);
    const chunks: MemoryState["chunks"] = [];
    let last = -1;
    for (let k = 0; k < nChunks; k++) {
      const page = r.u32();
      if (page >= pages || page <= last) throw new SnapshotError(`memory section: page ${page} of memory ${i} is out of order or out of range`);
      last = page;
      chunks.push({ page, bytes: r.bytes(PAGE) });
    }
    mems.push({ pages, chunks });
  }
  return mems;
}

function writeFlags(w: Writer, flags: boolean[]): void {
  w.u32(flags.length);
  for (const f of flags) w.u8(f ? 1 : 0);
}

function readFlags(r: Reader): boolean[] {
  const n = r.count(1);
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const b = r.u8();
    if (b > 1) throw new SnapshotError(`${r.what}: flag ${b} is not 0 or 1`);
    out.push(b === 1);
  }
  return out;
}

// ---- file -------------------------------------------------------------------

/**
 * Snapshot `s` as a list of byte arrays whose concatenation is the file (for
 * writev: memory pages are passed as they are, not copied). With `compress`,
 * memory is section 9 instead of 5.
 */
export function encodeParts(s: Snapshot, o: EncodeOptions = {}): Uint8Array[] {
  const sections: Array<[Section, Uint8Array[]]> = [];
  const sec = (id: Section, fill: (w: Writer) => void) => {
    const w = new Writer();
    fill(w);
    sections.push([id, [w.done()]]);
  };
  sec(Section.MODULE, (w) => { w.bytes(s.moduleHash); w.u32(s.moduleBytes.length); w.bytes(s.moduleBytes); });
  sec(Section.FRAMES, (w) => writeFrames(w, s.frames));
  sec(Section.GLOBALS, (w) => { w.u32(s.globals.length); for (const g of s.globals) { w.u8(g.type); w.u64(g.value); } });
  sec(Section.TABLES, (w) => writeTables(w, s.tables));
  const mem = memoryParts(s.memories);
  sections.push(o.compress ? [Section.MEMORY_DEFLATE, [deflateMemory(concat(mem))]] : [Section.MEMORY, mem]);
  sec(Section.SEGMENTS, (w) => { writeFlags(w, s.droppedData); writeFlags(w, s.droppedElem); });
  sec(Section.HOST, (w) => w.bytes(new TextEncoder().encode(JSON.stringify(s.wasi))));
  sec(Section.COUNTER, (w) => w.u64(s.instructions));
  if (s.monitors !== undefined) sections.push([SECTION_MONITORS as Section, [s.monitors]]);
  const head = new Uint8Array(16 + 12 * sections.length);
  const v = new DataView(head.buffer);
  head.set(new TextEncoder().encode(MAGIC));
  v.setUint32(8, VERSION, true);
  v.setUint32(12, sections.length, true);
  const out: Uint8Array[] = [];
  let from = 0, pos = 16;
  for (const [id, payload] of sections) {
    let len = 0, crc = 0;
    for (const p of payload) { len += p.length; crc = crc32(p, crc); }
    v.setUint32(pos, id, true); v.setUint32(pos + 4, len, true); v.setUint32(pos + 8, crc, true);
    pos += 12;
    out.push(head.subarray(from, pos), ...payload);
    from = pos;
  }
  return out;
}

/** The bytes of snapshot `s`. */
export function encode(s: Snapshot, o: EncodeOptions = {}): Uint8Array {
  return concat(encodeParts(s, o));
}

/** Size in bytes of the uncompressed encoding of `s` (without encoding it). */
export function encodedSize(s: Snapshot): number {
  let mem = 4;
  for (const m of s.memories) mem += 8 + m.chunks.length * (4 + PAGE);
  return encode({ ...s, memories: [] }).length - 4 + mem;
}

/** Parses and validates snapshot bytes; SnapshotError on anything malformed. */
export function decode(bytes: Uint8Array): Snapshot {
  const r = new Reader(bytes, "snapshot");
  if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new SnapshotError("not a Ferry snapshot (bad magic)");
  r.pos = 8;
  const version = r.u32();
  if (version !== VERSION) throw new SnapshotError(`unsupported snapshot version ${version} (this Ferry reads version ${VERSION})`);
  const n = r.u32();
  const payloads = new Map<number, Uint8Array>();
  for (let i = 0; i < n; i++) {
    const id = r.u32();
    const len = r.u32();
    const crc = r.u32();
    const payload = r.bytes(len);
    const name = SECTION_NAMES[id];
    if (name === undefined || id === 0) throw new SnapshotError(`unknown section id ${id}`);
    if (payloads.has(id)) throw new SnapshotError(`duplicate ${name} section`);
    if (crc32(payload) !== crc) throw new SnapshotError(`${name} section is corrupt (CRC-32 mismatch)`);
    payloads.set(id, payload);
  }
  r.end();
  if (payloads.has(Section.MEMORY) && payloads.has(Section.MEMORY_DEFLATE)) throw new SnapshotError("both a memory and a deflated memory section");
  const deflated = payloads.get(Section.MEMORY_DEFLATE);
  if (deflated !== undefined) payloads.set(Section.MEMORY, inflateMemory(deflated));
  const section = (id: Section): Reader => {
    const p = payloads.get(id);
    if (p === undefined) throw new SnapshotError(`missing ${SECTION_NAMES[id]} section`);
    return new Reader(p, `${SECTION_NAMES[id]} section`);
  };
  let rr = section(Section.MODULE);
  const moduleHash = rr.bytes(32);
  const moduleBytes = rr.bytes(rr.u32());
  rr.end();
  const actual = sha256(moduleBytes);
  if (Buffer.compare(Buffer.from(actual), Buffer.from(moduleHash)) !== 0) throw new SnapshotError("module section: the module bytes do not match their SHA-256");
  rr = section(Section.FRAMES);
  const frames = readFrames(rr);
  rr.end();
  rr = section(Section.GLOBALS);
  const globals = [];
  for (let i = 0, g = rr.count(9); i < g; i++) globals.push({ type: type(rr, `global ${i}`), value: rr.u64() });
  rr.end();
  rr = section(Section.TABLES);
  const tables = readTables(rr);
  rr.end();
  rr = section(Section.MEMORY);
  const memories = readMemories(rr);
  rr.end();
  rr = section(Section.SEGMENTS);
  const droppedData = readFlags(rr);
  const droppedElem = readFlags(rr);
  rr.end();
  rr = section(Section.HOST);
  let wasi: Snapshot["wasi"];
  try {
    wasi = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(rr.bytes(rr.buf.length))) as Snapshot["wasi"];
  } catch {
    throw new SnapshotError("host section: not valid UTF-8 JSON");
  }
  checkWasi(wasi);
  rr = section(Section.COUNTER);
  const instructions = rr.u64();
  rr.end();
  const monitors = payloads.get(SECTION_MONITORS);
  if (monitors !== undefined) monitorNames(monitors);
  return {
    moduleHash, moduleBytes, frames, globals, tables, memories, droppedData, droppedElem, wasi, instructions,
    ...(deflated !== undefined ? { compressed: true } : {}), ...(monitors !== undefined ? { monitors } : {}),
  };
}

function checkWasi(w: Snapshot["wasi"]): void {
  const bad = (what: string) => new SnapshotError(`host section: ${what}`);
  if (typeof w !== "object" || w === null || w.version !== 1) throw bad("unsupported WASI state version");
  if (!Array.isArray(w.args) || !w.args.every((a) => typeof a === "string")) throw bad("args must be strings");
  if (!Array.isArray(w.env) || !w.env.every((a) => typeof a === "string")) throw bad("env must be strings");
  if (typeof w.fds !== "object" || w.fds === null || !Array.isArray(w.fds.entries)) throw bad("missing fd table");
  for (const e of w.fds.entries) {
    if (typeof e !== "object" || e === null || !Number.isInteger(e.fd) || e.fd < 0) throw bad("bad fd entry");
  }
  if (typeof w.clock !== "object" || w.clock === null || typeof w.clock.monotonicNs !== "string" || !/^-?\d+$/.test(w.clock.monotonicNs)) throw bad("bad clock state");
  if (w.pending !== undefined) {
    const p = w.pending as unknown as Record<string, unknown> | null;
    const ok = typeof p === "object" && p !== null && Object.keys(p).length === 2 && p.call === "poll_oneoff"
      && typeof p.waitedNs === "string" && /^\d{1,19}$/.test(p.waitedNs) && BigInt(p.waitedNs) < 2n ** 63n;
    if (!ok) throw bad("bad pending call");
  }
}

