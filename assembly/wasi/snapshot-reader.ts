// Resume in the WASI build: reads snapshot format v1 (docs/snapshot-format.md)
// with every check the JS reader makes (magic, version, unknown, duplicate and
// missing sections, CRC-32, lengths, trailing bytes, value types, page order,
// flags, the module's SHA-256, the host JSON), then rebuilds the state in a
// freshly instantiated module through assembly/exec/state.ts (which validates
// every frame). Anything wrong: one line `ferry: <snapshot>: ...` and exit 2,
// before the workload runs; the file is only read.

import { errorMessage } from "../errors";
import { Machine } from "../exec/frames";
import { memorySetPages, restoreEnd, restorePush, tableSetSize } from "../exec/state";
import { GlobalRec, InstanceData, MemRec, SegRec, TableRec } from "../runtime/store";
import { ByteReader } from "./bytes";
import { crc32 } from "./crc32";
import { shown } from "./options";
import { refuse } from "./refuse";
import { MONITORS_SECTION } from "./snapshot-monitors";
import { sha256 } from "./sha256";
import {
  MAGIC, NULL_REF, PAGE, SECTION_COUNT, SECTION_NAMES, Sec, T_EXTERNREF, T_F64, T_FUNCREF, T_I64, VERSION, validType,
} from "./snapshot-format";

/** A frame of the snapshot: its fields and where its types and values are in the file. */
class FrameRef {
  func: u32 = 0;
  pc: u32 = 0;
  numLocals: u32 = 0;
  height: u32 = 0;
  types: usize = 0;
  values: usize = 0;
}

/** A memory of the snapshot: page count and (page index, address of its bytes) pairs. */
class MemRef {
  pages: u32 = 0;
  chunkPages: u32[] = [];
  chunkAt: usize[] = [];
}

/** A table of the snapshot. */
class TableRef {
  elemType: u32 = 0;
  size: u32 = 0;
  elems: usize = 0;
}

/** A decoded snapshot; addresses point into the file's bytes. */
export class SnapshotRef {
  module: Uint8Array = new Uint8Array(0);
  frames: FrameRef[] = [];
  globalTypes: u32[] = [];
  globalValues: u64[] = [];
  tables: TableRef[] = [];
  mems: MemRef[] = [];
  droppedData: bool[] = [];
  droppedElem: bool[] = [];
  host: string = "";
  instructions: u64 = 0;
  /** Section 11 (monitors), 0 if absent (snapshot-monitors.ts); the snapshot's name in messages. */
  monitorsAt: usize = 0;
  monitorsLen: u32 = 0;
  name: string = "";
}

let name = "";

function fail(msg: string): void {
  refuse(name + ": " + msg);
}

function valType(r: ByteReader, what: string): u32 {
  const t = r.u8();
  if (!validType(t)) fail(r.what + ": " + what + " has unknown value type 0x" + t.toString(16));
  return t;
}

function flags(r: ByteReader): bool[] {
  const n = r.count(1);
  const out: bool[] = [];
  for (let i: u32 = 0; i < n; i++) {
    const b = r.u8();
    if (b > 1) fail(r.what + ": flag " + b.toString() + " is not 0 or 1");
    out.push(b == 1);
  }
  return out;
}

/** A reader of section `id` (found at at[id], lens[id]). */
function section(at: StaticArray<usize>, lens: StaticArray<usize>, id: u32): ByteReader {
  return new ByteReader(at[id], lens[id], name + ": " + SECTION_NAMES[id] + " section");
}

/** Parses and checks the snapshot bytes (named `path` in messages); refuses (exit 2) on anything malformed. */
export function decodeSnapshot(bytes: Uint8Array, path: string): SnapshotRef {
  name = shown(path);
  const base = bytes.dataStart;
  const len = <usize>bytes.length;
  if (len < 16 || load<u64>(base) != MAGIC) fail("not a Ferry snapshot (bad magic)");
  const r = new ByteReader(base, len, name + ": snapshot");
  r.pos = 8;
  const version = r.u32();
  if (version != VERSION) fail("unsupported snapshot version " + version.toString() + " (this Ferry's WASI build reads version " + VERSION.toString() + ")");
  const n = r.u32();
  const at = new StaticArray<usize>(SECTION_COUNT + 1);
  const lens = new StaticArray<usize>(SECTION_COUNT + 1);
  let monAt: usize = 0, monLen: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const id = r.u32();
    const l = r.u32();
    const crc = r.u32();
    const p = r.skip(l);
    if (id == MONITORS_SECTION) {
      if (monAt != 0) fail("duplicate monitors section");
      if (crc32(p, <usize>l) != crc) fail("monitors section is corrupt (CRC-32 mismatch)");
      monAt = p;
      monLen = l;
      continue;
    }
    if (id == 0 || id > SECTION_COUNT) fail("unknown section id " + id.toString() + " (an encoding this Ferry's WASI build does not support)");
    if (at[id] != 0) fail("duplicate " + SECTION_NAMES[id] + " section");
    if (crc32(p, <usize>l) != crc) fail(SECTION_NAMES[id] + " section is corrupt (CRC-32 mismatch)");
    at[id] = p;
    lens[id] = <usize>l;
  }
  r.end();
  for (let id: u32 = 1; id <= SECTION_COUNT; id++) if (at[id] == 0) fail("missing " + SECTION_NAMES[id] + " section");
  const s = new SnapshotRef();
  s.monitorsAt = monAt;
  s.monitorsLen = monLen;
  s.name = name;

  let q = section(at, lens, Sec.MODULE);
  const hash = q.skip(32);
  const mlen = q.u32();
  const mat = q.skip(mlen);
  q.end();
  s.module = new Uint8Array(<i32>mlen);
  memory.copy(s.module.dataStart, mat, <usize>mlen);
  const actual = sha256(s.module.dataStart, <usize>mlen);
  if (memory.compare(actual.dataStart, hash, 32) != 0) fail("module section: the module bytes do not match their SHA-256");

  q = section(at, lens, Sec.FRAMES);
  const nf = q.count(16);
  if (nf == 0) fail("frames section: no frames");
  for (let i: u32 = 0; i < nf; i++) {
    const f = new FrameRef();
    f.func = q.u32();
    f.pc = q.u32();
    f.numLocals = q.u32();
    f.height = q.u32();
    const total = <u64>f.numLocals + <u64>f.height;
    q.need(total * 9);
    f.types = q.base + q.pos;
    for (let k: u64 = 0; k < total; k++) valType(q, "frame " + i.toString());
    f.values = q.skip(total * 8);
    s.frames.push(f);
  }
  q.end();

  q = section(at, lens, Sec.GLOBALS);
  const ng = q.count(9);
  for (let i: u32 = 0; i < ng; i++) {
    s.globalTypes.push(valType(q, "global " + i.toString()));
    s.globalValues.push(q.u64());
  }
  q.end();

  q = section(at, lens, Sec.TABLES);
  const nt = q.count(5);
  for (let i: u32 = 0; i < nt; i++) {
    const t = new TableRef();
    t.elemType = valType(q, "table " + i.toString());
    if (t.elemType != T_FUNCREF && t.elemType != T_EXTERNREF) fail("tables section: table " + i.toString() + " is not of a reference type");
    t.size = q.count(4);
    t.elems = q.skip(<u64>t.size << 2);
    s.tables.push(t);
  }
  q.end();

  q = section(at, lens, Sec.MEMORY);
  const nm = q.count(8);
  for (let i: u32 = 0; i < nm; i++) {
    const m = new MemRef();
    m.pages = q.u32();
    if (m.pages > 65536) fail("memory section: memory " + i.toString() + " has " + m.pages.toString() + " pages (at most 65536)");
    const nc = q.count(4 + <u32>PAGE);
    let last: i64 = -1;
    for (let k: u32 = 0; k < nc; k++) {
      const page = q.u32();
      if (page >= m.pages || <i64>page <= last) fail("memory section: page " + page.toString() + " of memory " + i.toString() + " is out of order or out of range");
      last = page;
      m.chunkPages.push(page);
      m.chunkAt.push(q.skip(PAGE));
    }
    s.mems.push(m);
  }
  q.end();

  q = section(at, lens, Sec.SEGMENTS);
  s.droppedData = flags(q);
  s.droppedElem = flags(q);
  q.end();

  s.host = String.UTF8.decodeUnsafe(at[Sec.HOST], lens[Sec.HOST]);

  q = section(at, lens, Sec.COUNTER);
  s.instructions = q.u64();
  q.end();
  return s;
}

// ---- restore --------------------------------------------------------------------

function misfit(msg: string): void {
  fail("snapshot does not fit the module: " + msg);
}

/** The raw slot of canonical value v of type t. */
function raw(t: u32, v: u64, d: InstanceData, where: string): u64 {
  if (t == T_I64 || t == T_F64) return v;
  if (t == T_FUNCREF || t == T_EXTERNREF) {
    if (v == <u64>NULL_REF) return 0;
    if (t == T_EXTERNREF) misfit(where + ": non-null externref");
    if (v >= <u64>d.funcs.length || d.funcs[<i32>v] == 0) misfit(where + ": function index " + v.toString() + " out of range");
    return <u64>d.funcs[<i32>v];
  }
  if (v > 0xffffffff) misfit(where + ": 32-bit value out of range");
  return v;
}

/** Rebuilds snapshot `s` in instance `inst` (data `d`), freshly instantiated from s.module; refuses if it does not fit. */
export function restoreSnapshot(s: SnapshotRef, inst: usize, d: InstanceData): void {
  if (d.mems.length != s.mems.length) misfit(s.mems.length.toString() + " memories, the module has " + d.mems.length.toString());
  for (let i = 0; i < d.mems.length; i++) {
    const m = <usize>d.mems[i];
    const ms = s.mems[i];
    if (!memorySetPages(m, ms.pages)) misfit("memory " + i.toString() + ": " + errorMessage());
    const base = <usize>load<u32>(m, MemRec.BASE);
    memory.fill(base, 0, <usize>ms.pages * PAGE);
    for (let k = 0; k < ms.chunkPages.length; k++) memory.copy(base + <usize>ms.chunkPages[k] * PAGE, ms.chunkAt[k], PAGE);
  }
  if (d.globals.length != s.globalTypes.length) misfit(s.globalTypes.length.toString() + " globals, the module has " + d.globals.length.toString());
  for (let i = 0; i < d.globals.length; i++) {
    const g = <usize>d.globals[i];
    const t = s.globalTypes[i];
    if (load<u32>(g, GlobalRec.VAL_TYPE) != t) misfit("global " + i.toString() + " has a different type");
    store<u64>(g, raw(t, s.globalValues[i], d, "global " + i.toString()), GlobalRec.VALUE);
  }
  if (d.tables.length != s.tables.length) misfit(s.tables.length.toString() + " tables, the module has " + d.tables.length.toString());
  for (let i = 0; i < d.tables.length; i++) {
    const t = <usize>d.tables[i];
    const ts = s.tables[i];
    if (load<u32>(t, TableRec.ELEM_TYPE) != ts.elemType) misfit("table " + i.toString() + " has a different element type");
    if (!tableSetSize(t, ts.size)) misfit("table " + i.toString() + ": " + errorMessage());
    const elems = <usize>load<u32>(t, TableRec.ELEMS);
    for (let k: u32 = 0; k < ts.size; k++) {
      const v = <u64>load<u32>(ts.elems + (<usize>k << 2));
      store<u32>(elems + (<usize>k << 2), <u32>raw(ts.elemType, v, d, "table " + i.toString()));
    }
  }
  if (d.datas.length != s.droppedData.length) misfit(s.droppedData.length.toString() + " data segments, the module has " + d.datas.length.toString());
  for (let i = 0; i < d.datas.length; i++) if (s.droppedData[i]) store<u32>(<usize>d.datas[i], 0, SegRec.LEN);
  if (d.elems.length != s.droppedElem.length) misfit(s.droppedElem.length.toString() + " element segments, the module has " + d.elems.length.toString());
  for (let i = 0; i < d.elems.length; i++) if (s.droppedElem[i]) store<u32>(<usize>d.elems[i], 0, SegRec.LEN);

  for (let i = 0; i < s.frames.length; i++) {
    const f = s.frames[i];
    const total = f.numLocals + f.height;
    const fp = restorePush(inst, f.func, f.pc, f.height, f.types, total);
    if (fp == 0) misfit("frame " + i.toString() + " (function " + f.func.toString() + ", pc " + f.pc.toString() + "): " + errorMessage());
    for (let k: u32 = 0; k < total; k++) {
      const t = <u32>load<u8>(f.types + <usize>k);
      store<u64>(fp + (<usize>k << 3), raw(t, load<u64>(f.values + (<usize>k << 3)), d, "frame " + i.toString()));
    }
  }
  if (!restoreEnd()) misfit(errorMessage());
  Machine.fuelUsed = s.instructions;
}
