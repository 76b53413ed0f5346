// Module-level validation (spec section 3.4): type indices of functions and
// imports, limits of tables and memories, "multiple memories", global
// initialisers, element and data segments, the start function and exports.
// Function bodies are validated (and translated) afterwards by func.ts.

import { ExternKind, Limits, Module, SegMode } from "../module";
import { ValType } from "../opcodes";
import { checkConst, collectRefs } from "./constexpr";
import { Context } from "./context";
import { invalid } from "./status";

const MAX_PAGES: u32 = 65536;

function checkTableLimits(l: Limits, at: u32): bool {
  if (l.hasMax && l.min > l.max) return invalid("size minimum must not be greater than maximum", at);
  return true;
}

function checkMemoryLimits(l: Limits, at: u32): bool {
  const msg = "memory size must be at most 65536 pages (4GiB)";
  if (l.min > MAX_PAGES) return invalid(msg, at);
  if (l.hasMax) {
    if (l.max > MAX_PAGES) return invalid(msg, at);
    if (l.min > l.max) return invalid("size minimum must not be greater than maximum", at);
  }
  return true;
}

/** Marks the functions the module declares for ref.func: those named in exports, element segments and global/segment initialisers. */
function collectDeclared(m: Module, c: Context): void {
  for (let i = 0; i < m.exports.length; i++) {
    const ex = m.exports[i];
    if (ex.kind == ExternKind.FUNC && ex.index < c.numFuncs) c.declared[ex.index] = 1;
  }
  for (let i = 0; i < m.globals.length; i++) collectRefs(m, c, m.globals[i].init);
  for (let i = 0; i < m.elems.length; i++) {
    const seg = m.elems[i];
    if (seg.mode == SegMode.ACTIVE) collectRefs(m, c, seg.offset);
    for (let j = 0; j < seg.items.length; j++) collectRefs(m, c, seg.items[j]);
  }
  for (let i = 0; i < m.datas.length; i++) {
    const seg = m.datas[i];
    if (seg.mode == SegMode.ACTIVE) collectRefs(m, c, seg.offset);
  }
}

/** Validates everything but the function bodies. Returns false with a pending error (status.ts). */
export function validateModule(m: Module, c: Context): bool {
  // Types of imported and defined functions; limits of imported tables and memories.
  for (let i = 0; i < m.imports.length; i++) {
    const im = m.imports[i];
    if (im.kind == ExternKind.FUNC) {
      if (im.typeIdx >= c.numTypes) return invalid("unknown type " + im.typeIdx.toString(), 0);
    } else if (im.kind == ExternKind.TABLE) {
      if (!checkTableLimits(im.table.limits, 0)) return false;
    } else if (im.kind == ExternKind.MEMORY) {
      if (!checkMemoryLimits(im.memory, 0)) return false;
    }
  }
  for (let i = 0; i < m.funcs.length; i++) {
    const t = m.funcs[i];
    if (t >= c.numTypes) return invalid("unknown type " + t.toString(), 0);
  }
  for (let i = 0; i < m.tables.length; i++) {
    if (!checkTableLimits(m.tables[i].limits, 0)) return false;
  }
  for (let i = 0; i < m.memories.length; i++) {
    if (!checkMemoryLimits(m.memories[i], 0)) return false;
  }

  collectDeclared(m, c);

  // Globals: initialisers may read imported globals only.
  for (let i = 0; i < m.globals.length; i++) {
    const g = m.globals[i];
    if (!checkConst(m, c, g.init, g.type.valType)) return false;
  }

  // Element segments: items of the segment's type; active ones need a table of that type.
  for (let i = 0; i < m.elems.length; i++) {
    const seg = m.elems[i];
    for (let j = 0; j < seg.items.length; j++) {
      if (!checkConst(m, c, seg.items[j], seg.elemType)) return false;
    }
    if (seg.mode == SegMode.ACTIVE) {
      if (seg.table >= c.numTables) return invalid("unknown table " + seg.table.toString(), seg.offset.start);
      if (c.tableTypes[seg.table] != seg.elemType) return invalid("type mismatch", seg.offset.start);
      if (!checkConst(m, c, seg.offset, ValType.I32)) return false;
    }
  }

  // Data segments: active ones need the memory.
  for (let i = 0; i < m.datas.length; i++) {
    const seg = m.datas[i];
    if (seg.mode == SegMode.ACTIVE) {
      if (seg.memory >= c.numMemories) return invalid("unknown memory " + seg.memory.toString(), seg.offset.start);
      if (!checkConst(m, c, seg.offset, ValType.I32)) return false;
    }
  }

  // Start function: [] -> [].
  if (m.start >= 0) {
    const f = <u32>m.start;
    if (f >= c.numFuncs) return invalid("unknown function " + f.toString(), 0);
    const t = m.types[c.funcTypes[f]];
    if (t.params.length != 0 || t.results.length != 0) {
      return invalid("start function must not have parameters or results", 0);
    }
  }

  // Exports: indices in range, names unique.
  const names = new Set<string>();
  for (let i = 0; i < m.exports.length; i++) {
    const ex = m.exports[i];
    const x = ex.index;
    switch (ex.kind) {
      case ExternKind.FUNC:
        if (x >= c.numFuncs) return invalid("unknown function " + x.toString(), 0);
        break;
      case ExternKind.TABLE:
        if (x >= c.numTables) return invalid("unknown table " + x.toString(), 0);
        break;
      case ExternKind.MEMORY:
        if (x >= c.numMemories) return invalid("unknown memory " + x.toString(), 0);
        break;
      case ExternKind.GLOBAL:
        if (x >= c.numGlobals) return invalid("unknown global " + x.toString(), 0);
        break;
    }
    if (names.has(ex.name)) return invalid("duplicate export name", 0);
    names.add(ex.name);
  }

  if (c.numMemories > 1) return invalid("multiple memories", 0);
  return true;
}
