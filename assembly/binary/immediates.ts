// Skipping an instruction's immediates without interpreting them, with the
// spec reference decoder's checks and messages ("zero byte expected",
// "malformed memop flags", LEB128 errors, "illegal opcode xx"). Used for
// constant expressions (constexpr.ts) and the body syntax scan (bodyscan.ts).

import { Imm } from "../opcodes";
import { Reader } from "./reader";
import { readRefType, readValType } from "./types";

/** Lowercase hex, at least two digits, as in the reference decoder's "illegal opcode xx". */
function hex2(v: u32): string {
  const h = v.toString(16);
  return v < 16 ? "0" + h : h;
}

/** Fails with the reference decoder's "illegal opcode xx" (or "illegal opcode fc xx" when sub >= 0). */
export function illegalOpcode(r: Reader, op: u32, sub: i64, at: u32): void {
  let msg = "illegal opcode " + hex2(op);
  if (sub >= 0) msg += " " + hex2(<u32>sub);
  r.fail(msg, at);
}

/** Fails with "malformed memop flags" (alignment exponent of 32 or more). */
function badMemop(r: Reader, at: u32): void {
  r.fail("malformed memop flags", at);
}

/** Fails with "zero byte expected" unless the next byte is 0x00 (reserved memory index). */
function zeroByte(r: Reader): void {
  const at = r.pos;
  if (r.u8() != 0) badZero(r, at);
}

function badZero(r: Reader, at: u32): void {
  r.fail("zero byte expected", at);
}

/**
 * Skips the immediates of an instruction whose immediate kind is `kind`,
 * checking them as the reference decoder does. Reusable by any code that walks
 * instructions without interpreting them.
 */
export function skipImmediate(r: Reader, kind: Imm): void {
  switch (kind) {
    case Imm.NONE: break;
    case Imm.BLOCKTYPE: {
      // 0x40 (empty) or a value type is one byte 0x40..0x7f; else an s33 type index.
      const b = r.peek();
      if (b >= 0 && (b & 0xc0) == 0x40) {
        if (b != 0x40) readValType(r);
        else r.pos++;
      } else {
        r.vsN(33);
      }
      break;
    }
    case Imm.LABEL: case Imm.FUNC: case Imm.LOCAL: case Imm.GLOBAL: case Imm.TABLE:
    case Imm.DATA: case Imm.ELEM:
      r.vu32();
      break;
    case Imm.BR_TABLE: {
      const n = r.len32();
      for (let i: u32 = 0; i < n && !r.bad; i++) r.vu32();
      r.vu32();
      break;
    }
    case Imm.CALL_INDIRECT: case Imm.ELEM_TABLE: case Imm.TABLE_TABLE:
      r.vu32();
      r.vu32();
      break;
    case Imm.SELECT_T: {
      const n = r.len32();
      for (let i: u32 = 0; i < n && !r.bad; i++) readValType(r);
      break;
    }
    case Imm.MEMARG: {
      const at = r.pos;
      const align = r.vu32();
      if (!r.bad && align >= 32) badMemop(r, at);
      r.vu32();
      break;
    }
    case Imm.MEMORY: zeroByte(r); break;
    case Imm.I32: r.vs32(); break;
    case Imm.I64: r.vs64(); break;
    case Imm.F32: r.skip(4); break;
    case Imm.F64: r.skip(8); break;
    case Imm.REFTYPE: readRefType(r); break;
    case Imm.DATA_MEMORY: r.vu32(); zeroByte(r); break;
    case Imm.MEMORY_MEMORY: zeroByte(r); zeroByte(r); break;
    default: illegalOpcode(r, 0, -1, r.pos); break;
  }
}
