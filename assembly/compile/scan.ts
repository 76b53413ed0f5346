// Decode-only pass over the function bodies, run only after a validation
// error: the spec decodes the whole module before validating it, so a
// malformed body anywhere (illegal opcode, bad LEB128, missing `end`, or
// memory.init/data.drop without a data count section) must be reported
// instead of the validation error. The syntax walk is the decoder's
// (binary/bodyscan.ts); the data count rule, which the reference decoder
// checks after the whole module, is checked here.

import { scanBodies as scanSyntax } from "../binary/bodyscan";
import { ErrorKind, fail } from "../errors";
import { Module } from "../module";
import { Imm, Op, OpFC, immOf, immOfFC } from "../opcodes";
import { cursorInit, cursorPos, atEnd, readByte, readF32Bits, readF64Bits, readS33, readS64, readU32 } from "./cursor";

/** Skips the immediates of a well-formed instruction of immediate kind `kind`. */
function skip(kind: Imm): void {
  switch (kind) {
    case Imm.BLOCKTYPE: readS33(); break;
    case Imm.LABEL: case Imm.FUNC: case Imm.LOCAL: case Imm.GLOBAL: case Imm.TABLE:
    case Imm.DATA: case Imm.ELEM: case Imm.REFTYPE: case Imm.MEMORY:
      readU32();
      break;
    case Imm.BR_TABLE: {
      const n = readU32();
      for (let i: u32 = 0; i <= n; i++) readU32();
      break;
    }
    case Imm.SELECT_T: {
      const n = readU32();
      for (let i: u32 = 0; i < n; i++) readByte();
      break;
    }
    case Imm.CALL_INDIRECT: case Imm.ELEM_TABLE: case Imm.TABLE_TABLE: case Imm.MEMARG:
    case Imm.DATA_MEMORY: case Imm.MEMORY_MEMORY:
      readU32();
      readU32();
      break;
    case Imm.I32: case Imm.I64: readS64(); break;
    case Imm.F32: readF32Bits(); break;
    case Imm.F64: readF64Bits(); break;
  }
}

/** Offset of the first memory.init/data.drop in the (well-formed) bodies of m, or -1. */
function firstDataUse(m: Module): i32 {
  for (let i = 0; i < m.bodies.length; i++) {
    const body = m.bodies[i];
    cursorInit(m.bytes, body.codeStart, body.codeEnd);
    while (!atEnd()) {
      const at = cursorPos();
      const op = readByte();
      if (op == Op.PREFIX_FC) {
        const sub = readU32();
        if (sub == OpFC.MEMORY_INIT || sub == OpFC.DATA_DROP) return <i32>at;
        skip(immOfFC(sub));
      } else {
        skip(immOf(op));
      }
    }
  }
  return -1;
}

/** Decodes every body of m; false after recording the first MALFORMED (or INTERNAL) error. */
export function scanBodies(m: Module): bool {
  if (!scanSyntax(m, m.bodies.length)) return false;
  if (m.dataCount < 0 && m.datas.length > 0) {
    const at = firstDataUse(m);
    if (at >= 0) {
      fail(ErrorKind.MALFORMED, "data count section required", at);
      return false;
    }
  }
  return true;
}
