// A cursor over one byte range of the module (a function body or a constant
// expression) for the compiler's single pass. The state lives in globals so
// the translation loop pays one compare per read; every read is bounded by the
// end of the range. Malformed bytes are reported with the spec decoder's
// messages (status.malformed) and make later reads return 0 without moving.

import { ValType } from "../opcodes";
import { malformed, unsupported } from "./status";

/** The spec's message for bytes that run out inside an instruction. */
export const UNEXPECTED_END = "unexpected end of section or function";

let base: usize = 0;   // address of module byte 0 (offsets are relative to it)
let cur: usize = 0;    // address of the next byte
let end: usize = 0;    // address just past the range

/** Starts reading module bytes [start, stop) of `bytes` (caller guarantees stop <= bytes.length). */
export function cursorInit(bytes: Uint8Array, start: u32, stop: u32): void {
  base = bytes.dataStart;
  cur = base + <usize>start;
  end = base + <usize>stop;
}

/** Offset in the module of the next byte. */
// @ts-ignore: decorator
@inline export function cursorPos(): u32 {
  return <u32>(cur - base);
}

/** True when the whole range has been read. */
// @ts-ignore: decorator
@inline export function atEnd(): bool {
  return cur >= end;
}

/** Bytes left in the range. */
// @ts-ignore: decorator
@inline export function bytesLeft(): u32 {
  return cur < end ? <u32>(end - cur) : 0;
}

function overrun(): u32 {
  malformed(UNEXPECTED_END, <u32>(end - base));
  cur = end;
  return 0;
}

/** Fails with `msg` at offset `at` and stops reading. */
function bad(msg: string, at: usize): u32 {
  malformed(msg, <u32>(at - base));
  cur = end;
  return 0;
}

/** One byte. */
// @ts-ignore: decorator
@inline export function readByte(): u32 {
  const p = cur;
  if (p >= end) return overrun();
  cur = p + 1;
  return <u32>load<u8>(p);
}

/** One byte; the caller has checked !atEnd(). */
// @ts-ignore: decorator
@inline export function readByteUnchecked(): u32 {
  const p = cur;
  cur = p + 1;
  return <u32>load<u8>(p);
}

/** The reserved 0x00 byte of memory instructions ("zero byte expected"). */
export function readZeroByte(): void {
  const at = cur;
  if (readByte() != 0) bad("zero byte expected", at);
}

/** An unsigned LEB128 u32 (indices, counts). */
// @ts-ignore: decorator
@inline export function readU32(): u32 {
  const p = cur;
  if (p < end) {
    const b = <u32>load<u8>(p);
    if (b < 0x80) {
      cur = p + 1;
      return b;
    }
  }
  return readU32Slow();
}

function readU32Slow(): u32 {
  let result: u32 = 0;
  let shift: u32 = 0;
  while (true) {
    const p = cur;
    if (p >= end) return overrun();
    const b = <u32>load<u8>(p);
    cur = p + 1;
    if (shift == 28) {
      if ((b & 0x7f) > 0x0f) return bad("integer too large", p);
      if ((b & 0x80) != 0) return bad("integer representation too long", p + 1);
      return result | (b << 28);
    }
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) == 0) return result;
    shift += 7;
  }
  return 0;
}

/** A signed LEB128 of `bits` (32, 33 or 64) bits, sign-extended. */
function readSigned(bits: i32): i64 {
  let result: u64 = 0;
  let shift: i32 = 0;
  let n = bits;
  while (true) {
    const p = cur;
    if (p >= end) return <i64>overrun();
    const b = <u32>load<u8>(p);
    cur = p + 1;
    if (n < 7) {
      // The last byte: no continuation, unused bits equal to the sign bit.
      const mask: u32 = (<u32>-1 << <u32>(n - 1)) & 0x7f;
      const m = b & mask;
      if (m != 0 && m != mask) return <i64>bad("integer too large", p);
      if ((b & 0x80) != 0) return <i64>bad("integer representation too long", p + 1);
    }
    result |= <u64>(b & 0x7f) << <u64>shift;
    shift += 7;
    if ((b & 0x80) == 0) {
      if (shift < 64 && (b & 0x40) != 0) result |= <u64>-1 << <u64>shift;
      return <i64>result;
    }
    n -= 7;
  }
  return 0;
}

/** A signed LEB128 i32 (i32.const). */
// @ts-ignore: decorator
@inline export function readS32(): i32 {
  const p = cur;
  if (p < end) {
    const b = <u32>load<u8>(p);
    if (b < 0x80) {
      cur = p + 1;
      return (<i32>(b << 25)) >> 25;
    }
  }
  return <i32>readSigned(32);
}

/** A signed LEB128 i64 (i64.const). */
export function readS64(): i64 {
  return readSigned(64);
}

/** A signed LEB128 s33 (block type index). */
export function readS33(): i64 {
  return readSigned(33);
}

/** Four raw bytes, little-endian (f32.const bits). */
export function readF32Bits(): u32 {
  const p = cur;
  if (end - p < 4 || p > end) return overrun();
  cur = p + 4;
  return load<u32>(p);
}

/** Eight raw bytes, little-endian (f64.const bits). */
export function readF64Bits(): u64 {
  const p = cur;
  if (end - p < 8 || p > end) return <u64>overrun();
  cur = p + 8;
  return load<u64>(p);
}

/** The next byte without consuming it, or -1 at the end. */
// @ts-ignore: decorator
@inline export function peekByte(): i32 {
  return cur < end ? <i32>load<u8>(cur) : -1;
}

/** A value type byte; 0 after a failure (malformed, or v128 which Ferry does not support yet). */
export function readValType(): u8 {
  const at = cur;
  const b = readByte();
  switch (b) {
    case ValType.I32: case ValType.I64: case ValType.F32: case ValType.F64:
    case ValType.FUNCREF: case ValType.EXTERNREF:
      return <u8>b;
    case ValType.V128:
      unsupported("SIMD (v128) is not supported", <u32>(at - base));
      cur = end;
      return 0;
  }
  if (at < end) bad((b & 0x80) != 0 ? "integer representation too long" : "malformed value type", at);
  return 0;
}

/** A reference type byte (ref.null); 0 after a failure. */
export function readRefType(): u8 {
  const at = cur;
  const b = readByte();
  if (b == ValType.FUNCREF || b == ValType.EXTERNREF) return <u8>b;
  if (at < end) bad((b & 0x80) != 0 ? "integer representation too long" : "malformed reference type", at);
  return 0;
}
