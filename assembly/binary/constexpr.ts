// Constant expressions (global initialisers, segment offsets, element items):
// finds the byte range [start, end) up to the `end` (0x0b) that closes the
// expression, skipping each instruction's immediates generically through the
// opcode table (opcodes.ts). It does not judge whether an instruction is
// allowed in a constant expression - that is the validator's "constant
// expression required" (an *invalid* module, not a malformed one). Only
// malformed bytes fail here: an unknown opcode ("illegal opcode"), a bad LEB128,
// a missing `end` ("END opcode expected" / "unexpected end").

import { ConstExpr } from "../module";
import { Imm, Op, immOf, immOfFC } from "../opcodes";
import { illegalOpcode, skipImmediate } from "./immediates";
import { Reader } from "./reader";
import { readRefType } from "./types";

// skipImmediate lived here first; re-exported for code that imports it from here.
export { skipImmediate } from "./immediates";

/**
 * Reads a constant expression into `e`: sets e.start/e.end (end just past the
 * closing 0x0b). When the expression is a single instruction of the kinds a 2.0
 * constant expression may hold (*.const, global.get, ref.null, ref.func), also
 * fills e.op / e.bits / e.index; otherwise e.op stays 0 for the validator.
 */
export function readConstExpr(r: Reader, e: ConstExpr): void {
  e.start = r.pos;
  let depth: u32 = 0;
  let count: u32 = 0;
  let op: u32 = 0;
  let bits: u64 = 0;
  let index: u32 = 0;
  while (!r.bad) {
    const at = r.pos;
    const b = r.u8();
    if (r.bad) return;
    if (b == Op.END) {
      if (depth == 0) break;
      depth--;
      count++;
      continue;
    }
    if (b == Op.ELSE) {
      // Only inside an `if`; at the top level the reference decoder expects `end`.
      if (depth == 0) {
        r.fail("END opcode expected", at);
        return;
      }
      count++;
      continue;
    }
    count++;
    op = b;
    switch (b) {
      case Op.I32_CONST: bits = <u64><u32>r.vs32(); break;
      case Op.I64_CONST: bits = <u64>r.vs64(); break;
      case Op.F32_CONST: bits = <u64>r.u32le(); break;
      case Op.F64_CONST: bits = r.u64le(); break;
      case Op.GLOBAL_GET: index = r.vu32(); break;
      case Op.REF_FUNC: index = r.vu32(); break;
      case Op.REF_NULL: index = readRefType(r); break;
      case Op.PREFIX_FC: {
        const sub = r.vu32();
        if (r.bad) return;
        const kind = immOfFC(sub);
        if (kind == Imm.UNKNOWN) {
          illegalOpcode(r, b, sub, at);
          return;
        }
        skipImmediate(r, kind);
        break;
      }
      default: {
        const kind = immOf(b);
        if (kind == Imm.UNKNOWN) {
          illegalOpcode(r, b, -1, at);
          return;
        }
        if (kind == Imm.BLOCKTYPE) depth++;
        skipImmediate(r, kind);
      }
    }
  }
  if (r.bad) return;
  e.end = r.pos;
  if (count == 1 && isConstOp(op)) {
    e.op = <u8>op;
    e.bits = bits;
    e.index = index;
  }
}

/** True for the opcodes a 2.0 constant expression may consist of. */
function isConstOp(op: u32): bool {
  return (op >= <u32>Op.I32_CONST && op <= <u32>Op.F64_CONST) || op == <u32>Op.GLOBAL_GET ||
    op == <u32>Op.REF_NULL || op == <u32>Op.REF_FUNC;
}
