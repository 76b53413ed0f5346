// Memory and integer superinstructions of the fast code (memfuse sub-block of
// ops.ts; docs/performance.md, log entry "memfuse"): peepholes over the last
// one or two instructions emitted, called by instrs.ts (binary ops, select)
// and fold.ts (add + branch) only when folding is on. Each one rewinds the
// instructions it merges and emits one fused instruction at the start of the
// first, so the result is still "the last producer" (a following local.set
// retargets it, a following br_if may fuse with it).
//
// - F64_MUL_LL: `f64.load; f64.load; f64.mul` (plain or LOAD_A addresses),
//   and F64_MUL_LL_ADD / F64_ADD_MUL_LL when an f64.add of a register follows.
// - OP_<inner>_K: i32 add/xor/or whose operand was just computed by a
//   shl/shr_u/and with a constant (`a ^ (b >> 8)`, `x ^ (x << 13)`).
// - SELECT_<cmp>: an i32 register compare (often teed to a local) followed by
//   the select that uses it as condition.
// - I32_LOAD_SA_XOR_SHR_U_K: an I32_LOAD_SA whose result is xored with a
//   shr_u by a constant (table-driven CRC).
// - ADD_BR_<cmp>[_K]: opcode of the register-add form of ADDK_BR (fold.ts),
//   BR_AND_K_NZ / _Z: opcode of an I32_AND_K fused with br_if / if (fold.ts).

import { IOp } from "../ops";
import { op5, op7, op8, op9, pcTailSpread, pcTailTo, rewindTo, wordAt } from "./emit";
import { Src, justProduced, justRetargeted, kindAt, producedBefore, producer, take } from "./fold";
import { slot } from "./state";

/**
 * Emits binary op `iop` on positions h, h+1 into h as one memfuse
 * superinstruction if the code just emitted allows it; returns false
 * (nothing emitted) otherwise. Called before the generic OP S S S form.
 */
export function fuseMemBinary(iop: u32, h: i32): bool {
  if (iop == IOp.F64_MUL) return mulOfLoads(h);
  if (iop == IOp.F64_ADD) return addOfMul(h);
  if (iop == IOp.I32_ADD || iop == IOp.I32_XOR || iop == IOp.I32_OR) return shiftedOperand(iop, h);
  return false;
}

/** (addr slot, add K, offset K) of an f64 load at word p (I64_LOAD or I64_LOAD_A), in loadA/loadAdd/loadOff; false if p is neither. */
function loadParts(p: i32): bool {
  const op = wordAt(p);
  if (op == IOp.I64_LOAD) {
    loadA = wordAt(p + 2);
    loadAdd = 0;
    loadOff = wordAt(p + 3);
    return true;
  }
  if (op == IOp.I64_LOAD_A) {
    loadA = wordAt(p + 2);
    loadAdd = wordAt(p + 3);
    loadOff = wordAt(p + 4);
    return true;
  }
  return false;
}
let loadA: u32 = 0;
let loadAdd: u32 = 0;
let loadOff: u32 = 0;

/** `f64.load; f64.load; f64.mul`, both loads just emitted into their canonical slots h, h+1: one F64_MUL_LL. */
function mulOfLoads(h: i32): bool {
  const p = justProduced(h + 1);
  if (p < 0) return false;
  const q = producedBefore(p, h);
  if (q < 0 || !loadParts(p)) return false;
  const b = loadA, bAdd = loadAdd, bOff = loadOff;
  if (!loadParts(q)) return false;
  rewindTo(q);
  op8(IOp.F64_MUL_LL, slot(h), loadA, loadAdd, loadOff, b, bAdd, bOff);
  // pc map: first load at q, second at q+1 (its trap is reported there), the mul at q+2.
  pcTailSpread(q);
  producer(q, h);
  return true;
}

/**
 * `f64.add` of an F64_MUL_LL just emitted and a value already in a slot (a
 * local or canonical position): one F64_MUL_LL_ADD (product on the left) or
 * F64_ADD_MUL_LL (on the right), S(c) appended to the F64_MUL_LL operands.
 */
function addOfMul(h: i32): bool {
  let p = justProduced(h);
  let other = h + 1;
  let op: u32 = IOp.F64_MUL_LL_ADD;
  if (p < 0 || wordAt(p) != IOp.F64_MUL_LL) {
    p = justProduced(h + 1);
    other = h;
    op = IOp.F64_ADD_MUL_LL;
    if (p < 0 || wordAt(p) != IOp.F64_MUL_LL) return false;
  }
  const k = kindAt(other);
  if (k == Src.K32 || k == Src.K64) return false; // would be materialised after p
  const c = take(other); // emits nothing
  const a = wordAt(p + 2), aAdd = wordAt(p + 3), aOff = wordAt(p + 4);
  const b = wordAt(p + 5), bAdd = wordAt(p + 6), bOff = wordAt(p + 7);
  rewindTo(p);
  op9(op, slot(h), a, aAdd, aOff, b, bAdd, bOff, c);
  pcTailSpread(p); // loads at p and p+1 as in F64_MUL_LL, the mul at p+2, the add at p+3
  producer(p, h);
  return true;
}

/** Index 0..2 of the shl/shr_u/and-with-constant at word p (SHL_K, SHR_U_K, AND_K), or -1. */
function innerIndex(p: i32): i32 {
  const op = wordAt(p);
  if (op == IOp.I32_SHL_K) return 0;
  if (op == IOp.I32_SHR_U_K) return 1;
  if (op == IOp.I32_AND_K) return 2;
  return -1;
}

/**
 * i32 add/xor/or on h, h+1 where one operand was computed just before by
 * SHL_K/SHR_U_K/AND_K into its canonical slot and the other is already in a
 * slot (a local or canonical position, not a constant to materialise): one
 * OP_<inner>_K S(dst) S(a) S(b) K. The three outer ops commute exactly, so a
 * shifted left operand swaps sides.
 */
function shiftedOperand(iop: u32, h: i32): bool {
  let p = justProduced(h + 1);
  let other = h;
  if (p < 0 || innerIndex(p) < 0) {
    p = justProduced(h);
    other = h + 1;
    if (p < 0 || innerIndex(p) < 0) return false;
  }
  const k = kindAt(other);
  if (k == Src.K32 || k == Src.K64) return false; // would be materialised after p
  const a = take(other); // a local or canonical slot: emits nothing
  const inner = innerIndex(p);
  const outer = iop == IOp.I32_ADD ? 0 : iop == IOp.I32_XOR ? 1 : 2;
  const b = wordAt(p + 2);
  const kk = wordAt(p + 3);
  // CRC's `tab[i] ^ (crc >> 8)`: the left operand loaded by an I32_LOAD_SA just before.
  const q = other == h && outer == 1 && inner == 1 ? producedBefore(p, h) : -1;
  if (q >= 0 && wordAt(q) == IOp.I32_LOAD_SA) {
    const y = wordAt(q + 2), s = wordAt(q + 3), add = wordAt(q + 4), off = wordAt(q + 5);
    rewindTo(q);
    op8(IOp.I32_LOAD_SA_XOR_SHR_U_K, slot(h), y, s, add, off, b, kk);
    pcTailSpread(q); // the load at q (its trap), the shift at q+1, the xor at q+2
    producer(q, h);
    return true;
  }
  rewindTo(p);
  op5(<u32>(IOp.I32_ADD_SHL_K + outer * 3 + inner), slot(h), a, b, kk);
  pcTailTo(p);
  producer(p, h);
  return true;
}

/**
 * select with operands a, b (slots) and condition slot c, when the
 * instruction just emitted is an i32 register compare writing c (its result
 * maybe teed to a local): one SELECT_<cmp> S(dst) S(a) S(b) S(c) S(x) S(y)
 * into position h. Returns false (nothing emitted) otherwise.
 */
export function fuseSelect(h: i32, a: u32, b: u32, c: u32): bool {
  let p = justProduced(h + 2);
  if (p < 0 || wordAt(p + 1) != c) p = justRetargeted(c);
  if (p < 0) return false;
  const op = <i32>wordAt(p);
  if (op < IOp.I32_EQ || op > IOp.I32_GE_U) return false;
  const x = wordAt(p + 2);
  const y = wordAt(p + 3);
  rewindTo(p);
  op7(<u32>(IOp.SELECT_EQ + (op - IOp.I32_EQ)), slot(h), a, b, c, x, y);
  pcTailTo(p);
  producer(p, h);
  return true;
}

/** The test-and-branch opcode replacing an I32_AND_K + br_if (ifTrue) or + if (jumps when zero). */
export function testBranchOp(ifTrue: bool): u32 {
  return ifTrue ? IOp.BR_AND_K_NZ : IOp.BR_AND_K_Z;
}

/** The ADD_BR form (register addend) of fused add-and-branch opcode `addkOp` (ADDK_BR_EQ..ADDK_BR_GE_U_K). */
export function addBranchOp(addkOp: u32): u32 {
  return addkOp - <u32>IOp.ADDK_BR_EQ + <u32>IOp.ADD_BR_EQ;
}
