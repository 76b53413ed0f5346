// Constant expressions (global initialisers, segment offsets and element
// items): collects the functions they name with ref.func (part of the spec's
// C.refs, "declared" functions), validates them as the spec does (first
// "constant expression required" for any other instruction, then typing), and
// fills the evaluated form of ConstExpr (op/bits/index) for the runtime. In
// 2.0 a valid constant expression is exactly one instruction plus `end`.
// Element items given as function indices arrive pre-evaluated from the
// decoder (empty byte range, op = ref.func).

import { ConstExpr, Module } from "../module";
import { Op, ValType } from "../opcodes";
import { Context } from "./context";
import {
  atEnd, cursorInit, readByte, readF32Bits, readF64Bits, readRefType, readS32, readS64, readU32,
} from "./cursor";
import { invalid, stop } from "./status";

/** Marks in c.declared every function that e names with ref.func. */
export function collectRefs(m: Module, c: Context, e: ConstExpr): void {
  if (e.end <= e.start) {
    if (e.op == Op.REF_FUNC && e.index < c.numFuncs) c.declared[e.index] = 1;
    return;
  }
  cursorInit(m.bytes, e.start, e.end);
  while (!atEnd() && !stop) {
    const op = readByte();
    switch (op) {
      case Op.I32_CONST: readS32(); break;
      case Op.I64_CONST: readS64(); break;
      case Op.F32_CONST: readF32Bits(); break;
      case Op.F64_CONST: readF64Bits(); break;
      case Op.REF_NULL: readRefType(); break;
      case Op.GLOBAL_GET: readU32(); break;
      case Op.REF_FUNC: {
        const x = readU32();
        if (x < c.numFuncs) c.declared[x] = 1;
        break;
      }
      default: return; // `end`, or not constant (reported by checkConst)
    }
  }
}

/**
 * Validates e as a constant expression of type t in context c (whose globals
 * are the imported ones only, as the spec's C' for module-level expressions)
 * and fills e.op / e.bits / e.index. Returns false with a pending error.
 */
export function checkConst(m: Module, c: Context, e: ConstExpr, t: u32): bool {
  if (e.end <= e.start) {
    // Pre-evaluated ref.func item.
    if (e.index >= c.numFuncs) return invalid("unknown function " + e.index.toString(), e.start);
    if (t != ValType.FUNCREF) return invalid("type mismatch", e.start);
    return true;
  }
  // Pass 1: every instruction must be constant.
  cursorInit(m.bytes, e.start, e.end);
  while (!atEnd()) {
    const op = readByte();
    if (op == Op.END) break;
    switch (op) {
      case Op.I32_CONST: readS32(); break;
      case Op.I64_CONST: readS64(); break;
      case Op.F32_CONST: readF32Bits(); break;
      case Op.F64_CONST: readF64Bits(); break;
      case Op.REF_NULL: readRefType(); break;
      case Op.REF_FUNC: readU32(); break;
      case Op.GLOBAL_GET: {
        const x = readU32();
        if (x >= c.numImportedGlobals) return invalid("unknown global " + x.toString(), e.start);
        if (c.globalMut[x] != 0) return invalid("constant expression required", e.start);
        break;
      }
      default:
        return invalid("constant expression required", e.start);
    }
    if (stop) return false;
  }
  // Pass 2: typing; the result must be exactly one value of type t.
  cursorInit(m.bytes, e.start, e.end);
  let count = 0;
  let type: u32 = 0;
  let op: u32 = 0;
  let bits: u64 = 0;
  let index: u32 = 0;
  while (!atEnd()) {
    op = readByte();
    if (op == Op.END) break;
    switch (op) {
      case Op.I32_CONST: bits = <u64><u32>readS32(); type = ValType.I32; break;
      case Op.I64_CONST: bits = <u64>readS64(); type = ValType.I64; break;
      case Op.F32_CONST: bits = <u64>readF32Bits(); type = ValType.F32; break;
      case Op.F64_CONST: bits = readF64Bits(); type = ValType.F64; break;
      case Op.REF_NULL: type = readRefType(); index = type; break;
      case Op.GLOBAL_GET: index = readU32(); type = <u32>c.globalTypes[index]; break;
      case Op.REF_FUNC: {
        index = readU32();
        if (index >= c.numFuncs) return invalid("unknown function " + index.toString(), e.start);
        if (c.declared[index] == 0) return invalid("undeclared function reference", e.start);
        type = ValType.FUNCREF;
        break;
      }
    }
    count++;
    e.op = <u8>op;
    e.bits = bits;
    e.index = index;
  }
  if (count != 1 || type != t) return invalid("type mismatch", e.start);
  return true;
}
