// Decoders for the module-level sections that hold declarations: type,
// import, function, table, memory, global, export, start and data count. Each
// reads its section's contents (after the id and size, which decode.ts
// handles) into the Module; on malformed bytes the Reader records the error and
// the function returns early with `r.bad` set.

import { Export, ExternKind, Global, Import, Limits, Module, TableType } from "../module";
import { readConstExpr } from "./constexpr";
import { Reader } from "./reader";
import { readFuncType, readGlobalType, readLimits, readTableType } from "./types";

/**
 * Gives `arr` room for `n` more entries up front (one allocation instead of
 * repeated doubling). `n` comes from len32, so it is bounded by the module size.
 */
export function reserve<T>(arr: Array<T>, n: u32): void {
  const len = arr.length;
  if (n == 0) return;
  arr.length = len + <i32>n;
  arr.length = len;
}

/** Type section: vec(functype). */
export function readTypeSection(r: Reader, m: Module): void {
  const n = r.len32();
  reserve(m.types, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) m.types.push(readFuncType(r));
}

/** Import section: vec(module name, item name, importdesc), counting imports by kind. */
export function readImportSection(r: Reader, m: Module): void {
  const n = r.len32();
  reserve(m.imports, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) {
    const im = new Import();
    im.module = r.name();
    im.name = r.name();
    const at = r.pos;
    const kind = r.u8();
    if (r.bad) return;
    switch (kind) {
      case ExternKind.FUNC:
        im.kind = ExternKind.FUNC;
        im.typeIdx = r.vu32();
        m.numImportedFuncs++;
        break;
      case ExternKind.TABLE:
        im.kind = ExternKind.TABLE;
        readTableType(r, im.table);
        m.numImportedTables++;
        break;
      case ExternKind.MEMORY:
        im.kind = ExternKind.MEMORY;
        readLimits(r, im.memory);
        m.numImportedMemories++;
        break;
      case ExternKind.GLOBAL:
        im.kind = ExternKind.GLOBAL;
        readGlobalType(r, im.global);
        m.numImportedGlobals++;
        break;
      default:
        r.fail("malformed import kind", at);
        return;
    }
    m.imports.push(im);
  }
}

/** Function section: vec(typeidx), the type of each defined function. */
export function readFunctionSection(r: Reader, m: Module): void {
  const n = r.len32();
  reserve(m.funcs, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) m.funcs.push(r.vu32());
}

/** Table section: vec(tabletype). */
export function readTableSection(r: Reader, m: Module): void {
  const n = r.len32();
  reserve(m.tables, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) {
    const t = new TableType();
    readTableType(r, t);
    m.tables.push(t);
  }
}

/** Memory section: vec(limits). */
export function readMemorySection(r: Reader, m: Module): void {
  const n = r.len32();
  reserve(m.memories, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) {
    const l = new Limits();
    readLimits(r, l);
    m.memories.push(l);
  }
}

/** Global section: vec(globaltype, constant expression). */
export function readGlobalSection(r: Reader, m: Module): void {
  const n = r.len32();
  reserve(m.globals, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) {
    const g = new Global();
    readGlobalType(r, g.type);
    if (r.bad) return;
    readConstExpr(r, g.init);
    m.globals.push(g);
  }
}

/** Export section: vec(name, kind byte, index). */
export function readExportSection(r: Reader, m: Module): void {
  const n = r.len32();
  reserve(m.exports, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) {
    const e = new Export();
    e.name = r.name();
    const at = r.pos;
    const kind = r.u8();
    if (r.bad) return;
    if (kind > <u32>ExternKind.GLOBAL) {
      r.fail("malformed export kind", at);
      return;
    }
    e.kind = <ExternKind>kind;
    e.index = r.vu32();
    m.exports.push(e);
  }
}

/** Start section: one function index. Indices >= 2^31 are clamped (still unknown to the validator). */
export function readStartSection(r: Reader, m: Module): void {
  const idx = r.vu32();
  m.start = idx > <u32>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>idx;
}

/**
 * Data count section: one u32. Returns the raw value (a value >= 2^31 cannot
 * match the data section, so decode.ts reports the inconsistency).
 */
export function readDataCountSection(r: Reader, m: Module): u32 {
  const n = r.vu32();
  m.dataCount = n > <u32>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>n;
  return n;
}
