// Instantiation (spec 2.0 "instantiate", minus running the start function):
// import type checks against the records the driver passes, creation of the
// instance's own records, relocation of the compiled code into VM memory,
// evaluation of constant expressions, and initialisation from active element
// and data segments (in order; a bounds failure traps and leaves earlier
// writes visible; active and declarative segments are dropped afterwards).
// Resolving import names is the driver's job ("unknown import").

import { CompiledModule } from "../compiled";
import { ErrorKind, fail } from "../errors";
import { ConstExpr, ExternKind, Limits, Module, SegMode } from "../module";
import { Op } from "../opcodes";
import { hostFuncNew, relocateCode, wasmFuncNew } from "./func";
import { globalNew } from "./global";
import { memNew } from "./memory";
import { memInit, segDrop, segNew, tableInit } from "./segments";
import {
  FuncRec, GlobalRec, InstRec, InstanceData, MemRec, NO_MAX, TableRec, allocRecord, instances, internType,
} from "./store";
import { tableNew } from "./table";

/** Evaluates validated constant expression e in instance d: the value's 8 bytes (refs: address / id). */
export function evalConst(d: InstanceData, e: ConstExpr): u64 {
  switch (e.op) {
    case Op.GLOBAL_GET:
      return e.index < <u32>d.globals.length ? load<u64>(d.globals[e.index], GlobalRec.VALUE) : 0;
    case Op.REF_FUNC:
      return e.index < <u32>d.funcs.length ? <u64>d.funcs[e.index] : 0;
    case Op.REF_NULL:
      return 0;
    default: // i32/i64/f32/f64.const: the raw bits
      return e.bits;
  }
}

/** True if limits (size, max) of an existing table/memory match import limits `want` (spec "limits subtyping"). */
function limitsMatch(size: u32, max: u32, want: Limits): bool {
  if (size < want.min) return false;
  if (!want.hasMax) return true;
  return max != NO_MAX && max <= want.max;
}

/** Checks the import records against module m's imports and appends them to d's index spaces. */
function linkImports(m: Module, d: InstanceData, imports: usize, n: u32): bool {
  if (n != <u32>m.imports.length) {
    return fail(ErrorKind.LINK, "expected " + m.imports.length.toString() + " imports, got " + n.toString());
  }
  for (let i: u32 = 0; i < n; i++) {
    const im = m.imports[i];
    const a = load<u32>(imports + (<usize>i << 2));
    if (a == 0) return fail(ErrorKind.LINK, "unknown import");
    let ok = true;
    switch (im.kind) {
      case ExternKind.FUNC:
        ok = load<u32>(a, FuncRec.TYPE_ID) == d.typeIds[im.typeIdx];
        d.funcs.push(a);
        break;
      case ExternKind.TABLE:
        ok = load<u32>(a, TableRec.ELEM_TYPE) == <u32>im.table.elemType
          && limitsMatch(load<u32>(a, TableRec.LEN), load<u32>(a, TableRec.MAX), im.table.limits);
        d.tables.push(a);
        break;
      case ExternKind.MEMORY:
        ok = limitsMatch(load<u32>(a, MemRec.PAGES), load<u32>(a, MemRec.MAX), im.memory);
        d.mems.push(a);
        break;
      case ExternKind.GLOBAL:
        ok = load<u32>(a, GlobalRec.VAL_TYPE) == <u32>im.global.valType
          && load<u32>(a, GlobalRec.MUTABLE) == (im.global.mutable ? 1 : 0);
        d.globals.push(a);
        break;
      default:
        ok = false;
    }
    if (!ok) return fail(ErrorKind.LINK, "incompatible import type");
  }
  return true;
}

/** Creates the module's own functions, tables, memories, globals and segment records. */
function allocate(cm: CompiledModule, d: InstanceData): bool {
  const m = cm.module;
  for (let i = 0; i < cm.funcs.length; i++) {
    const cf = cm.funcs[i];
    d.funcs.push(<u32>wasmFuncNew(cf, d.typeIds[m.funcTypeIdx(cf.funcIndex)], d.record));
  }
  for (let i = 0; i < m.tables.length; i++) {
    const t = m.tables[i];
    const rec = tableNew(t.elemType, t.limits.min, t.limits.max, t.limits.hasMax);
    if (rec == 0) return false;
    d.tables.push(<u32>rec);
  }
  for (let i = 0; i < m.memories.length; i++) {
    const l = m.memories[i];
    const rec = memNew(l.min, l.max, l.hasMax);
    if (rec == 0) return false;
    d.mems.push(<u32>rec);
  }
  // Globals in order: an initialiser may read an imported (or earlier) global.
  for (let i = 0; i < m.globals.length; i++) {
    const g = m.globals[i];
    const rec = globalNew(g.type.valType, g.type.mutable);
    store<u64>(rec, evalConst(d, g.init), GlobalRec.VALUE);
    d.globals.push(<u32>rec);
  }
  const base = m.bytes.dataStart;
  for (let i = 0; i < m.datas.length; i++) {
    const s = m.datas[i];
    // The bytes stay in the module buffer, which `modules` keeps alive and the GC never moves.
    d.datas.push(<u32>segNew(base + s.start, s.end - s.start));
  }
  for (let i = 0; i < m.elems.length; i++) {
    const e = m.elems[i];
    const n = e.items.length;
    const refs = allocRecord((n > 0 ? <usize>n : 1) << 2);
    for (let j = 0; j < n; j++) store<u32>(refs + (<usize>j << 2), <u32>evalConst(d, e.items[j]));
    d.elems.push(<u32>segNew(refs, <u32>n));
  }
  return true;
}

/** Applies active segments in order (elements, then data), dropping active and declarative ones. */
function initSegments(m: Module, d: InstanceData): bool {
  for (let i = 0; i < m.elems.length; i++) {
    const e = m.elems[i];
    const seg = <usize>d.elems[i];
    if (e.mode == SegMode.ACTIVE) {
      const off = <u32>evalConst(d, e.offset);
      const t = e.table < <u32>d.tables.length ? <usize>d.tables[e.table] : 0;
      if (t == 0 || !tableInit(t, seg, off, 0, load<u32>(seg, 4))) {
        return fail(ErrorKind.TRAP, "out of bounds table access");
      }
      segDrop(seg);
    } else if (e.mode == SegMode.DECLARATIVE) {
      segDrop(seg);
    }
  }
  for (let i = 0; i < m.datas.length; i++) {
    const s = m.datas[i];
    if (s.mode != SegMode.ACTIVE) continue;
    const seg = <usize>d.datas[i];
    const off = <u32>evalConst(d, s.offset);
    const mem = s.memory < <u32>d.mems.length ? <usize>d.mems[s.memory] : 0;
    if (!memInit(mem, seg, off, 0, load<u32>(seg, 4))) return fail(ErrorKind.TRAP, "out of bounds memory access");
    segDrop(seg);
  }
  return true;
}

/**
 * Instantiates compiled module `cm` (handle `handle`) with the n import
 * records at `imports` (u32 addresses in import order). Returns the Instance
 * record, or 0 after recording a LINK, TRAP or INTERNAL error. The start
 * function is not run (InstanceData.start names it).
 */
export function instantiate(cm: CompiledModule, handle: i32, imports: usize, n: u32): usize {
  const m = cm.module;
  const d = new InstanceData(cm);
  d.moduleHandle = handle;
  for (let i = 0; i < m.types.length; i++) d.typeIds.push(internType(m.types[i].params, m.types[i].results));
  if (!linkImports(m, d, imports, n)) return 0;
  const rec = allocRecord(InstRec.SIZE);
  d.record = rec;
  if (!allocate(cm, d)) return 0;
  store<u32>(rec, d.mems.length > 0 ? d.mems[0] : 0, InstRec.MEM0);
  // Register before the code is relocated or segments run: from here on the
  // records are live (a trapping segment still leaves imported tables holding
  // references to this instance's functions, whose backtraces need the data).
  store<u32>(rec, <u32>instances.length, InstRec.ID);
  instances.push(d);
  const nImp = m.numImportedFuncs;
  for (let i = 0; i < cm.funcs.length; i++) {
    if (!relocateCode(d, cm.funcs[i], <usize>d.funcs[nImp + i])) return 0;
  }
  if (m.start >= 0 && <u32>m.start < <u32>d.funcs.length) d.start = d.funcs[m.start];
  if (!initSegments(m, d)) return 0;
  return rec;
}

/** Creates a host function from ValType byte lists in VM memory. */
export function hostFuncFromBytes(paramsPtr: usize, nParams: u32, resultsPtr: usize, nResults: u32, hostId: u32): usize {
  const params = new Array<u8>(nParams);
  for (let i: u32 = 0; i < nParams; i++) params[i] = load<u8>(paramsPtr + i);
  const results = new Array<u8>(nResults);
  for (let i: u32 = 0; i < nResults; i++) results[i] = load<u8>(resultsPtr + i);
  return hostFuncNew(params, results, hostId);
}
