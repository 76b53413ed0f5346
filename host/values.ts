// Workload values as the host sees them. At the low level a number is its raw
// bit pattern (`bits`, unsigned BigInt), so NaN payloads and -0 survive exactly;
// a reference carries the JS object it stands for (externref) or a function
// handle (funcref), `null` being the null reference. On top: conversions to
// and from plain JS values (i32 as number, i64 as BigInt, f32/f64 as number).

import { ValType } from "./abi.js";

/** Numeric value type names. */
export type NumType = "i32" | "i64" | "f32" | "f64";
/** Reference type names. */
export type RefType = "funcref" | "externref";
/** Every value type name (v128 is declared for completeness; engines do not support it yet). */
export type ValTypeName = NumType | RefType | "v128";

/** A numeric value: its raw bit pattern as an unsigned BigInt (32 or 64 bits). */
export interface NumValue {
  type: NumType;
  bits: bigint;
}

/** A reference value: `ref` is null for the null reference, otherwise the JS object / function handle. */
export interface RefValue {
  type: RefType;
  ref: unknown;
}

/** A workload value. */
export type Value = NumValue | RefValue;

/** A plain JS value: number (i32, f32, f64), bigint (i64), or anything for references. */
export type JsValue = unknown;

/** A function signature. */
export interface FuncType {
  params: ValTypeName[];
  results: ValTypeName[];
}

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);
const f64buf = new Float64Array(1);
const u64buf = new BigUint64Array(f64buf.buffer);

/** Binary code of a value type name. */
export function valTypeCode(t: ValTypeName): ValType {
  switch (t) {
    case "i32": return ValType.I32;
    case "i64": return ValType.I64;
    case "f32": return ValType.F32;
    case "f64": return ValType.F64;
    case "v128": return ValType.V128;
    case "funcref": return ValType.FUNCREF;
    case "externref": return ValType.EXTERNREF;
  }
}

/** Value type name of a binary code; throws on an unknown code. */
export function valTypeName(code: number): ValTypeName {
  switch (code) {
    case ValType.I32: return "i32";
    case ValType.I64: return "i64";
    case ValType.F32: return "f32";
    case ValType.F64: return "f64";
    case ValType.V128: return "v128";
    case ValType.FUNCREF: return "funcref";
    case ValType.EXTERNREF: return "externref";
  }
  throw new RangeError(`unknown value type code 0x${code.toString(16)}`);
}

/** True for funcref and externref. */
export function isRefType(t: ValTypeName): t is RefType {
  return t === "funcref" || t === "externref";
}

/** Bits of an f32 number (NaN payloads as the runtime keeps them). */
export function f32Bits(x: number): bigint {
  f32buf[0] = x;
  return BigInt(u32buf[0]!);
}

/** The f32 number of a bit pattern (a signalling NaN may come back quieted). */
export function f32FromBits(bits: bigint): number {
  u32buf[0] = Number(BigInt.asUintN(32, bits));
  return f32buf[0]!;
}

/** Bits of an f64 number. */
export function f64Bits(x: number): bigint {
  f64buf[0] = x;
  return u64buf[0]!;
}

/** The f64 number of a bit pattern. */
export function f64FromBits(bits: bigint): number {
  u64buf[0] = BigInt.asUintN(64, bits);
  return f64buf[0]!;
}

/** The zero (or null) value of a type. */
export function zeroValue(t: ValTypeName): Value {
  if (isRefType(t)) return { type: t, ref: null };
  if (t === "v128") throw new RangeError("v128 values are not supported");
  return { type: t, bits: 0n };
}

/** Converts a plain JS value to a Value of type `t` (i32 from number, i64 from bigint or number, floats from number). */
export function fromJs(t: ValTypeName, x: JsValue): Value {
  switch (t) {
    case "i32": return { type: t, bits: BigInt(Number(x) >>> 0) };
    case "i64": return { type: t, bits: BigInt.asUintN(64, typeof x === "bigint" ? x : BigInt(Math.trunc(Number(x)))) };
    case "f32": return { type: t, bits: f32Bits(Number(x)) };
    case "f64": return { type: t, bits: f64Bits(Number(x)) };
    case "funcref":
    case "externref": return { type: t, ref: x ?? null };
    case "v128": throw new RangeError("v128 values are not supported");
  }
}

/** Converts a Value to a plain JS value: i32 as a signed number, i64 as a signed BigInt, floats as numbers, refs as their object (or null). */
export function toJs(v: Value): JsValue {
  switch (v.type) {
    case "i32": return Number(BigInt.asIntN(32, v.bits));
    case "i64": return BigInt.asIntN(64, v.bits);
    case "f32": return f32FromBits(v.bits);
    case "f64": return f64FromBits(v.bits);
    default: return v.ref;
  }
}

/** Bit width of a numeric type. */
export function bitWidth(t: NumType): 32 | 64 {
  return t === "i32" || t === "f32" ? 32 : 64;
}

/** Normalises bits to the width of the type (unsigned). */
export function maskBits(t: NumType, bits: bigint): bigint {
  return BigInt.asUintN(bitWidth(t), bits);
}

/** A short human-readable form of a value, e.g. `i32:42`, `f32:nan(0x7fc00000)`, `externref:null`. */
export function formatValue(v: Value): string {
  switch (v.type) {
    case "i32": return `i32:${BigInt.asIntN(32, v.bits)}`;
    case "i64": return `i64:${BigInt.asIntN(64, v.bits)}`;
    case "f32": {
      const x = f32FromBits(v.bits);
      return Number.isNaN(x) ? `f32:nan(0x${v.bits.toString(16)})` : `f32:${Object.is(x, -0) ? "-0" : x}`;
    }
    case "f64": {
      const x = f64FromBits(v.bits);
      return Number.isNaN(x) ? `f64:nan(0x${v.bits.toString(16)})` : `f64:${Object.is(x, -0) ? "-0" : x}`;
    }
    default: return `${v.type}:${v.ref === null ? "null" : describeRef(v.ref)}`;
  }
}

function describeRef(ref: unknown): string {
  if (typeof ref === "object" && ref !== null && "toString" in ref && ref.toString !== Object.prototype.toString) return String(ref);
  if (typeof ref === "function") return "func";
  try {
    return JSON.stringify(ref) ?? String(ref);
  } catch {
    return String(ref);
  }
}
