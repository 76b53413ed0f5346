// Per-opcode tables for the plain numeric instructions (0x45..0xc4 and the
// 0xFC 0..7 saturating truncations), built once from the opcode table
// (opcodes.ts): operand and result types, and the internal opcode (ops.ts).
// The internal numeric opcodes keep the Wasm order, so the mapping is an
// offset per contiguous range (checked by tests/assembly/compile.spec.ts).

import { IOp } from "../ops";
import { numericSig, satSig } from "../opcodes";

/** Internal opcode meaning "emit nothing" (reinterprets: slots hold raw bits). */
export const NO_IOP: u16 = 0xffff;

/** Operand 1 type (ValType byte) by Wasm opcode; index 0x100 + sub for 0xFC sub-opcodes 0..7. */
export const NUM_A = new StaticArray<u8>(0x108);
/** Operand 2 type, 0 for unary instructions. */
export const NUM_B = new StaticArray<u8>(0x108);
/** Result type. */
export const NUM_R = new StaticArray<u8>(0x108);
/** Internal opcode, NO_IOP if none is emitted. */
export const NUM_IOP = new StaticArray<u16>(0x108);

let built = false;

/** Internal opcode of numeric Wasm opcode op (0x45..0xc4). */
export function numericIOp(op: u32): u16 {
  if (op <= 0xa6) return <u16>(IOp.I32_EQZ + (op - 0x45));
  if (op <= 0xbb) return <u16>(IOp.I32_WRAP_I64 + (op - 0xa7));
  if (op <= 0xbf) return NO_IOP; // reinterprets
  return <u16>(IOp.I32_EXTEND8_S + (op - 0xc0));
}

/** Fills the tables (idempotent). */
export function buildNumericTables(): void {
  if (built) return;
  built = true;
  for (let op: u32 = 0x45; op <= 0xc4; op++) {
    unchecked(NUM_A[op] = numericSig(op, 0));
    unchecked(NUM_B[op] = numericSig(op, 1));
    unchecked(NUM_R[op] = numericSig(op, 2));
    unchecked(NUM_IOP[op] = numericIOp(op));
  }
  for (let sub: u32 = 0; sub < 8; sub++) {
    const i = 0x100 + sub;
    unchecked(NUM_A[i] = satSig(sub, 0));
    unchecked(NUM_B[i] = 0);
    unchecked(NUM_R[i] = satSig(sub, 2));
    unchecked(NUM_IOP[i] = <u16>(IOp.I32_TRUNC_SAT_F32_S + sub));
  }
}
