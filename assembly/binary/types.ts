// Decoding of the type grammar: value types, reference types, function types,
// limits, table types and global types. Messages follow the spec reference
// decoder ("malformed reference type", "malformed mutability", ...).

import { FuncType, GlobalType, Limits, TableType } from "../module";
import { ValType } from "../opcodes";
import { Reader } from "./reader";
import { reserve } from "./sections";

/** A value type byte (i32 i64 f32 f64 funcref externref); 0 after a failure. */
export function readValType(r: Reader): u8 {
  const at = r.pos;
  const b = r.u8();
  if (r.bad) return 0;
  switch (b) {
    case ValType.I32: case ValType.I64: case ValType.F32: case ValType.F64:
    case ValType.FUNCREF: case ValType.EXTERNREF:
      return <u8>b;
  }
  badValType(r, b, at);
  return 0;
}

/** Records the failure for value type byte `b` (kept out of readValType: strings cost shadow-stack stores). */
function badValType(r: Reader, b: u32, at: u32): void {
  // v128 is valid Wasm 2.0 + SIMD, but the VM has no SIMD yet: refuse clearly.
  if (b == ValType.V128) r.unsupported("SIMD (v128) is not supported", at);
  else malformedType(r, b, "malformed value type", at);
}

/**
 * The reference decoder reads type codes as 7-bit signed LEB128: a byte with the
 * continuation bit is an overlong encoding, anything else an unknown type.
 */
function malformedType(r: Reader, b: u32, msg: string, at: u32): void {
  if ((b & 0x80) != 0) r.fail("integer representation too long", at + 1);
  else r.fail(msg, at);
}

/** A reference type byte (funcref or externref); 0 after a failure. */
export function readRefType(r: Reader): u8 {
  const at = r.pos;
  const b = r.u8();
  if (r.bad) return 0;
  if (b == ValType.FUNCREF || b == ValType.EXTERNREF) return <u8>b;
  badRefType(r, b, at);
  return 0;
}

/** Records the failure for reference type byte `b`. */
function badRefType(r: Reader, b: u32, at: u32): void {
  malformedType(r, b, "malformed reference type", at);
}

/** A function type: 0x60, vec(valtype) params, vec(valtype) results. */
export function readFuncType(r: Reader): FuncType {
  const t = new FuncType();
  const at = r.pos;
  const b = r.u8();
  if (r.bad) return t;
  if (b != 0x60) {
    malformedType(r, b, "malformed function type", at);
    return t;
  }
  let n = r.len32();
  reserve(t.params, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) t.params.push(readValType(r));
  n = r.len32();
  reserve(t.results, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) t.results.push(readValType(r));
  return t;
}

/** Limits: a 1-bit LEB128 flag, min, and max when the flag is 1. */
export function readLimits(r: Reader, into: Limits): void {
  const flag = r.vuN(1);
  into.min = r.vu32();
  if (flag == 1) {
    into.max = r.vu32();
    into.hasMax = true;
  }
}

/** A table type: reference type then limits. */
export function readTableType(r: Reader, into: TableType): void {
  into.elemType = readRefType(r);
  readLimits(r, into.limits);
}

/** A global type: value type then mutability (0x00 const, 0x01 var). */
export function readGlobalType(r: Reader, into: GlobalType): void {
  into.valType = readValType(r);
  const at = r.pos;
  const m = r.u8();
  if (r.bad) return;
  if (m > 1) {
    r.fail("malformed mutability", at);
    return;
  }
  into.mutable = m == 1;
}
