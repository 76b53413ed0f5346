// Operand folding for the translator (docs/performance.md, "operand
// folding"): which operand-stack positions of the function being compiled
// hold their value somewhere other than their canonical slot P+L+h.
//
// `local.get x` and the constants emit no code: the position is remembered as
// "is local x" (a slot too: consumers read the local directly) or "is the
// constant c" (consumers use an immediate form, OP_K, or materialise it).
// A `local.set`/`local.tee` right after the instruction that produced the value
// retargets that instruction's destination to the local; `br_if`/`if` right
// after a compare becomes one compare-and-branch instruction.
//
// Invariant (snapshots, exec/state.ts): at every FUEL site and call return
// point, every position holds its value in its canonical slot. func.ts
// flushes (materialises) all deferred positions before every instruction that
// is not fold-aware, and every segment end, call and branch is such an
// instruction; `local.set x` first materialises positions that still refer to
// x. With folding off (Context.fold = false) nothing is ever deferred and the
// code is one internal instruction per Wasm instruction, results in canonical
// slots.

import { IOp } from "../ops";
import { codeLen, op3, op4, op5, op6, op7, pcTailTo, rewindTo, movePcTail, setWord, wordAt } from "./emit";
import { slot } from "./state";
import { fuseFloatBranch } from "./fuse-float";
import { addBranchOp, testBranchOp } from "./fuse-mem";

/** Where the value of a stack position is. */
export const enum Src {
  /** In its canonical slot. */
  CANON = 0,
  /** In the local whose slot byte offset is the value. */
  LOCAL = 1,
  /** The 32-bit constant that is the value (i32, f32 bits). */
  K32 = 2,
  /** The 64-bit constant that is the value (i64, f64 bits). */
  K64 = 3,
}

/** Folding enabled for the function being compiled. */
export let folding: bool = true;
/** Number of positions whose Src is not CANON. Read-only outside this file. */
export let nDeferred: i32 = 0;

let kinds: usize = 0; // u8 per position
let vals: usize = 0; // u64 per position
let cap: i32 = 0;
let high: i32 = 0; // positions >= high are CANON

// The last value-producing instruction (OP S(dst) ...): where it starts, the
// code length after it, and the stack position it wrote.
let prodStart: i32 = -1;
let prodEnd: i32 = -1;
let prodH: i32 = -1;

// The producer before that one (superinstructions over two producers, instrs.ts).
let prevStart: i32 = -1;
let prevEnd: i32 = -1;
let prevH: i32 = -1;

// The last I32_ADD_K emitted (start, end word): condBranch fuses it with a
// branch on its result that follows at once (ADDK_BR_*).
let addkStart: i32 = -1;
let addkEnd: i32 = -1;

/** Records that an I32_ADD_K was just emitted at word `start`. */
export function noteAddK(start: i32): void {
  addkStart = start;
  addkEnd = codeLen;
}

/**
 * If the I32_ADD_K emitted last ends at word `end` (the branch about to
 * replace everything from `end` on follows it at once), puts its (dst, a, K)
 * in addkDst/addkA/addkK and returns true.
 */
function takeAddK(end: i32, reg: bool = false): bool {
  if (!folding || addkEnd != end || addkStart < 0) return false;
  // memfuse: a register I32_ADD (noted by instrs.ts) fuses too where `reg` (ADD_BR_<cmp>).
  addkReg = wordAt(addkStart) == IOp.I32_ADD;
  if (wordAt(addkStart) != IOp.I32_ADD_K && !(reg && addkReg)) return false;
  addkDst = wordAt(addkStart + 1);
  addkA = wordAt(addkStart + 2);
  addkK = wordAt(addkStart + 3);
  return true;
}
let addkDst: u32 = 0;
let addkA: u32 = 0;
let addkK: u32 = 0;
let addkReg: bool = false;

// The last instruction retargeted to a local (start, end word): fuse-mem.ts
// fuses a compare teed to a local with the select that follows (SELECT_<cmp>).
let retStart: i32 = -1;
let retEnd: i32 = -1;

/** Word index of the instruction just emitted if retarget() made it write `dst`, else -1. */
export function justRetargeted(dst: u32): i32 {
  return folding && retEnd == codeLen && retStart >= 0 && wordAt(retStart + 1) == dst ? retStart : -1;
}

/** Word index of the last branch emitted by condBranch (its opcode word). */
export let branchStart: i32 = 0;

/** Resets the state for a new function. */
export function foldReset(fold: bool): void {
  folding = fold;
  for (let i = 0; i < high; i++) store<u8>(kinds + <usize>i, 0);
  high = 0;
  nDeferred = 0;
  prodEnd = -1;
  prevEnd = -1;
  addkEnd = -1;
  retEnd = -1;
}

function ensure(h: i32): void {
  if (h < cap) return;
  let n = cap < 64 ? 64 : cap << 1;
  while (n <= h) n <<= 1;
  kinds = kinds == 0 ? heap.alloc(<usize>n) : heap.realloc(kinds, <usize>n);
  vals = vals == 0 ? heap.alloc(<usize>n << 3) : heap.realloc(vals, <usize>n << 3);
  for (let i = cap; i < n; i++) store<u8>(kinds + <usize>i, 0);
  cap = n;
}

/** Src of position h. */
// @ts-ignore: decorator
@inline export function kindAt(h: i32): u32 {
  return h < high ? <u32>load<u8>(kinds + <usize>h) : Src.CANON;
}

/** The local offset or constant of a deferred position h. */
// @ts-ignore: decorator
@inline export function valAt(h: i32): u64 {
  return load<u64>(vals + (<usize>h << 3));
}

/** Records that position h is deferred: (kind, value). */
export function defer(h: i32, kind: u32, v: u64): void {
  ensure(h);
  if (load<u8>(kinds + <usize>h) == 0) nDeferred++;
  store<u8>(kinds + <usize>h, <u8>kind);
  store<u64>(vals + (<usize>h << 3), v);
  if (h >= high) high = h + 1;
}

/** Marks position h canonical (its value is, or is about to be, in its slot). */
export function setCanon(h: i32): void {
  if (h < high && load<u8>(kinds + <usize>h) != 0) {
    store<u8>(kinds + <usize>h, 0);
    nDeferred--;
  }
}

/** Emits the code that puts the deferred value of position h into slot `dst`. */
function materialise(h: i32, kind: u32, dst: u32): void {
  const v = valAt(h);
  if (kind == Src.LOCAL) {
    if (<u32>v != dst) op3(IOp.COPY, dst, <u32>v);
  } else if (kind == Src.K32) {
    op3(IOp.CONST32, dst, <u32>v);
  } else {
    op4(IOp.CONST64, dst, <u32>v, <u32>(v >>> 32));
  }
}

/**
 * The operand word for the value at position h, which the caller is
 * consuming: a local's slot, or h's canonical slot (a constant is
 * materialised there first). Position h becomes canonical.
 */
export function take(h: i32): u32 {
  const k = kindAt(h);
  if (k == Src.CANON) return slot(h);
  setCanon(h);
  if (k == Src.LOCAL) return <u32>valAt(h);
  materialise(h, k, slot(h));
  return slot(h);
}

/** Materialises every deferred position below `top`. */
export function flush(top: i32): void {
  const n = top < high ? top : high;
  for (let h = 0; h < n; h++) {
    const k = <u32>load<u8>(kinds + <usize>h);
    if (k == Src.CANON) continue;
    materialise(h, k, slot(h));
    store<u8>(kinds + <usize>h, 0);
    nDeferred--;
  }
}

/** Materialises the positions below `top` that still refer to the local at byte offset `off`. */
export function flushLocal(top: i32, off: u32): void {
  const n = top < high ? top : high;
  for (let h = 0; h < n; h++) {
    if (<u32>load<u8>(kinds + <usize>h) == Src.LOCAL && <u32>valAt(h) == off) {
      materialise(h, Src.LOCAL, slot(h));
      store<u8>(kinds + <usize>h, 0);
      nDeferred--;
    }
  }
}

/** Records that the instruction starting at word `start` (just emitted, OP S(dst) ...) wrote position h. */
export function producer(start: i32, h: i32): void {
  setCanon(h);
  if (start > prodStart) {
    prevStart = prodStart;
    prevEnd = prodEnd;
    prevH = prodH;
  } else if (start < prodStart) {
    prevEnd = -1; // rewound past the last producer: the one before is unknown
  } // start == prodStart: a fused instruction replaced the last producer; the one before stays
  prodStart = start;
  prodEnd = codeLen;
  prodH = h;
}

/**
 * If position h was written by the instruction emitted last, makes that
 * instruction write slot `dst` instead and returns true.
 */
export function retarget(h: i32, dst: u32): bool {
  if (!folding || prodEnd != codeLen || prodH != h || kindAt(h) != Src.CANON) return false;
  setWord(prodStart + 1, dst);
  retStart = prodStart;
  retEnd = codeLen;
  prodEnd = -1;
  return true;
}

/** Word index of the instruction just emitted if it wrote position h (still canonical there), else -1. */
export function justProduced(h: i32): i32 {
  return folding && prodEnd == codeLen && prodH == h && kindAt(h) == Src.CANON ? prodStart : -1;
}

/**
 * Word index of the instruction emitted just before the one at `p` (which
 * justProduced returned), if it wrote position h into its canonical slot and
 * ended exactly at p; else -1.
 */
export function producedBefore(p: i32, h: i32): i32 {
  return prevEnd == p && prevH == h && prodStart == p && wordAt(prevStart + 1) == slot(h) ? prevStart : -1;
}

/** The constant right operand of a binary op at position h, if it has an OP_K form: its K word; else -1 (as i64). */
export function constOperand(h: i32, wide: bool): i64 {
  const k = kindAt(h);
  if (k == Src.K32 && !wide) return <i64><u32>valAt(h);
  if (k == Src.K64 && wide) {
    const v = <i64>valAt(h);
    if (v == <i64><i32>v) return <i64><u32><i32>v;
  }
  return -1;
}

/** The OP_K form of binary internal opcode iop, or 0 if none. */
export function kForm(op: u32): u32 {
  const iop = <i32>op;
  if (iop >= IOp.I32_EQ && iop <= IOp.I32_GE_U) return <u32>(IOp.I32_EQ_K + (iop - IOp.I32_EQ));
  if (iop >= IOp.I32_ADD && iop <= IOp.I32_MUL) return <u32>(IOp.I32_ADD_K + (iop - IOp.I32_ADD));
  if (iop >= IOp.I32_AND && iop <= IOp.I32_SHR_U) return <u32>(IOp.I32_AND_K + (iop - IOp.I32_AND));
  if (iop >= IOp.I64_EQ && iop <= IOp.I64_GE_U) return <u32>(IOp.I64_EQ_K + (iop - IOp.I64_EQ));
  if (iop >= IOp.I64_ADD && iop <= IOp.I64_MUL) return <u32>(IOp.I64_ADD_K + (iop - IOp.I64_ADD));
  if (iop >= IOp.I64_AND && iop <= IOp.I64_SHR_U) return <u32>(IOp.I64_AND_K + (iop - IOp.I64_AND));
  if (iop >= IOp.I32_ROTL && iop <= IOp.I32_ROTR) return <u32>(IOp.I32_ROTL_K + (iop - IOp.I32_ROTL));
  if (iop >= IOp.I64_ROTL && iop <= IOp.I64_ROTR) return <u32>(IOp.I64_ROTL_K + (iop - IOp.I64_ROTL));
  return 0;
}

// Compare index (EQ, NE, LT_S, LT_U, GT_S, GT_U, LE_S, LE_U, GE_S, GE_U) -> index of its negation.
const NEGATE = memory.data<u8>([1, 0, 8, 9, 6, 7, 4, 5, 2, 3]);

/** Fused compare-and-branch opcode for compare index c of family `base` (BR_I32_EQ...), negated if `neg`. */
// @ts-ignore: decorator
@inline function brCmp(base: i32, c: i32, neg: bool): u32 {
  return <u32>(base + (neg ? <i32>load<u8>(NEGATE + <usize>c) : c));
}

/**
 * Emits a conditional branch on the i32 at position h (consumed): taken if
 * the value is non-zero (`ifTrue`) or zero (!ifTrue). When the value was
 * produced by an integer compare or eqz emitted just before, that
 * instruction is replaced by one compare-and-branch. Returns the word index
 * of the branch's target operand; branchStart is its opcode word.
 */
export function condBranch(h: i32, ifTrue: bool): i32 {
  if (folding && prodEnd == codeLen && prodH == h && kindAt(h) == Src.CANON) {
    const iop = <i32>wordAt(prodStart);
    const a = wordAt(prodStart + 2);
    const b = wordAt(prodStart + 3);
    let fop: u32 = 0;
    const neg = !ifTrue;
    if (iop >= IOp.I32_EQ && iop <= IOp.I32_GE_U) fop = brCmp(IOp.BR_I32_EQ, iop - IOp.I32_EQ, neg);
    else if (iop >= IOp.I64_EQ && iop <= IOp.I64_GE_U) fop = brCmp(IOp.BR_I64_EQ, iop - IOp.I64_EQ, neg);
    else if (iop >= IOp.I32_EQ_K && iop <= IOp.I32_GE_U_K) fop = brCmp(IOp.BR_I32_EQ_K, iop - IOp.I32_EQ_K, neg);
    else if (iop >= IOp.I64_EQ_K && iop <= IOp.I64_GE_U_K) fop = brCmp(IOp.BR_I64_EQ_K, iop - IOp.I64_EQ_K, neg);
    else if (iop == IOp.I32_AND_K) fop = testBranchOp(ifTrue); // memfuse: BR_AND_K_NZ / _Z
    if (fop != 0 && fop <= <u32>IOp.BR_I32_GE_U_K && takeAddK(prodStart, true)) {
      // i32.add K (a loop counter, often teed to a local), then an i32 compare and br_if: one ADDK_BR.
      const s = addkStart;
      rewindTo(s);
      prodEnd = -1;
      addkEnd = -1;
      branchStart = codeLen;
      const aop = <u32>IOp.ADDK_BR_EQ + (fop - <u32>IOp.BR_I32_EQ);
      op7(addkReg ? addBranchOp(aop) : aop, addkDst, addkA, addkK, a, b, 0);
      pcTailTo(s);
      return branchStart + 6;
    }
    if (fop != 0) {
      rewindTo(prodStart);
      prodEnd = -1;
      branchStart = codeLen;
      op4(fop, a, b, 0);
      return branchStart + 3;
    }
    if (iop >= IOp.F64_EQ_K && iop <= IOp.F64_GE_K) {
      // F64_<cmp>_K S(dst) S(a) K64 -> BR_F64_[N]<cmp>_K S(a) K64 T (same length)
      const fb = fuseFloatBranch(prodStart, h, ifTrue); // floatfuse: an f64.add before it joins in
      if (fb >= 0) {
        prodEnd = -1;
        branchStart = fb;
        return fb + 5;
      }
      const hi = wordAt(prodStart + 4);
      rewindTo(prodStart);
      prodEnd = -1;
      branchStart = codeLen;
      op5(<u32>((ifTrue ? IOp.BR_F64_EQ_K : IOp.BR_F64_NEQ_K) + (iop - IOp.F64_EQ_K)), a, b, hi, 0);
      return branchStart + 4;
    }
    if (iop == IOp.I32_EQZ) {
      rewindTo(prodStart);
      prodEnd = -1;
      branchStart = codeLen;
      op3(ifTrue ? IOp.BR_IF_NOT : IOp.BR_IF, a, 0);
      return branchStart + 2;
    }
    if (iop == IOp.I64_EQZ) {
      rewindTo(prodStart);
      prodEnd = -1;
      branchStart = codeLen;
      op4(ifTrue ? IOp.BR_I64_EQ_K : IOp.BR_I64_NE_K, a, 0, 0);
      movePcTail(prodStart + 3, prodStart + 4);
      return branchStart + 3;
    }
  }
  const cond = take(h);
  if (takeAddK(codeLen)) {
    const s = addkStart;
    rewindTo(s);
    prodEnd = -1;
    addkEnd = -1;
    branchStart = codeLen;
    op6(ifTrue ? IOp.ADDK_BR_NZ : IOp.ADDK_BR_Z, addkDst, addkA, addkK, cond, 0);
    pcTailTo(s);
    return branchStart + 5;
  }
  branchStart = codeLen;
  op3(ifTrue ? IOp.BR_IF : IOp.BR_IF_NOT, cond, 0);
  return branchStart + 2;
}
