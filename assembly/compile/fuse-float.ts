// Float chain fusion (docs/performance.md, log entry 5): an f64 operation
// whose operand was computed by the instruction emitted just before, into its
// canonical slot, becomes one superinstruction (the floatfuse block of
// ops.ts) and the intermediate value never goes through a frame slot:
//   a * b + c, a * b - c, c + a * b, c - a * b   F64_MUL_ADD ... F64_SUB_MUL
//   c + (a - b)                                  F64_ADD_SUB
//   (a + b) + K                                  F64_ADD_ADD_K
//   c + K / a                                    F64_ADD_KDIV
//   c + K / ((a + b) + K2)                       F64_ADD_KDIV_AAK
//   f64.convert_i32_s(a + K)                     F64_CONVERT_I32_S_ADD_K
//   br_if / if on (a + b) cmp K                  BR_F64_ADD_[N]<cmp>_K
// Each keeps the two roundings and the operand order of the Wasm code (no
// fma, NaN payloads chosen as the outer engine chooses them for the same
// expression). Only in fast code: with folding off (step and monitor copies)
// justProduced never matches. An intermediate that was teed to a local is
// not fused (its producer was retargeted, so justProduced fails), and
// nothing fused here can trap, so the pc map only needs every entry of the
// fused instructions to point at the fused word (pcTailTo).

import { IOp } from "../ops";
import { codeLen, op4, op5, op6, pcTailTo, rewindTo, wordAt } from "./emit";
import { Src, justProduced, kindAt, producedBefore, producer, setCanon, take, valAt } from "./fold";
import { slot } from "./state";

/**
 * f64 binary op `op` (internal opcode) on positions h, h+1 into h: emits one
 * fused instruction when an operand was produced just before. Returns false
 * (nothing emitted) when no form applies.
 */
export function fuseFloatBinary(op: u32, h: i32): bool {
  if (op != IOp.F64_ADD && op != IOp.F64_SUB) return false;
  const add = op == IOp.F64_ADD;
  // Right operand just computed: c op (x), c a local or already in its slot.
  const r = justProduced(h + 1);
  const kl = kindAt(h);
  if (r >= 0 && (kl == Src.LOCAL || kl == Src.CANON)) {
    const first = wordAt(r);
    let fop: u32 = 0;
    if (first == IOp.F64_MUL) fop = add ? IOp.F64_ADD_MUL : IOp.F64_SUB_MUL;
    else if (first == IOp.F64_SUB && add) fop = IOp.F64_ADD_SUB;
    else if (first == IOp.F64_KDIV && add) fop = IOp.F64_ADD_KDIV;
    if (fop == 0) return false;
    const x = wordAt(r + 2);
    const y = wordAt(r + 3); // b, or the low word of K
    const hi = wordAt(r + 4); // the high word of K (F64_KDIV only)
    setCanon(h + 1);
    const c = take(h); // a local or slot(h): emits nothing
    // c + K / ((a + b) + K2): the divisor was an F64_ADD_ADD_K just before the
    // KDIV, into position h + 2 (the constant K was deferred at h + 1).
    const q = fop == IOp.F64_ADD_KDIV && x == slot(h + 2) ? producedBefore(r, h + 2) : -1;
    if (q >= 0 && wordAt(q) == IOp.F64_ADD_ADD_K) {
      const a = wordAt(q + 2);
      const b = wordAt(q + 3);
      const k2lo = wordAt(q + 4);
      const k2hi = wordAt(q + 5);
      rewindTo(q);
      op5(IOp.F64_ADD_KDIV_AAK, slot(h), c, a, b);
      op4(y, hi, k2lo, k2hi); // K, K2: four raw words
      pcTailTo(q);
      producer(q, h);
      return true;
    }
    rewindTo(r);
    if (fop == IOp.F64_ADD_KDIV) op6(fop, slot(h), c, x, y, hi);
    else op5(fop, slot(h), c, x, y);
    pcTailTo(r);
    producer(r, h);
    return true;
  }
  // Left operand just computed: (x) op c, c a local, or (a + b) + K.
  const l = justProduced(h);
  if (l < 0) return false;
  const first = wordAt(l);
  const kr = kindAt(h + 1);
  if (first == IOp.F64_MUL && kr == Src.LOCAL) {
    const a = wordAt(l + 2);
    const b = wordAt(l + 3);
    const c = take(h + 1);
    rewindTo(l);
    op5(add ? IOp.F64_MUL_ADD : IOp.F64_MUL_SUB, slot(h), a, b, c);
    pcTailTo(l);
    producer(l, h);
    return true;
  }
  if (first == IOp.F64_ADD && add && kr == Src.K64) {
    const a = wordAt(l + 2);
    const b = wordAt(l + 3);
    const k = valAt(h + 1);
    setCanon(h + 1);
    rewindTo(l);
    op6(IOp.F64_ADD_ADD_K, slot(h), a, b, <u32>k, <u32>(k >>> 32));
    pcTailTo(l);
    producer(l, h);
    return true;
  }
  return false;
}

/** f64.convert_i32_s on position h: fused with an `i32.add K` emitted just before. Returns false if nothing emitted. */
export function fuseFloatConvert(op: u32, h: i32): bool {
  if (op != IOp.F64_CONVERT_I32_S) return false;
  const p = justProduced(h);
  if (p < 0 || wordAt(p) != IOp.I32_ADD_K) return false;
  const a = wordAt(p + 2);
  const k = wordAt(p + 3);
  rewindTo(p);
  op4(IOp.F64_CONVERT_I32_S_ADD_K, slot(h), a, k);
  pcTailTo(p);
  producer(p, h);
  return true;
}

/**
 * br_if / if on `F64_<cmp>_K` at word p (the instruction just emitted, on
 * position h) whose operand is an f64.add emitted just before it into slot(h):
 * rewinds both and emits BR_F64_ADD_[N]<cmp>_K S(a) S(b) K64 T (N when
 * !ifTrue). Returns the fused instruction's opcode word, or -1 (nothing
 * changed). Its branch target operand is word +5.
 */
export function fuseFloatBranch(p: i32, h: i32, ifTrue: bool): i32 {
  if (wordAt(p + 2) != slot(h)) return -1;
  const q = producedBefore(p, h);
  if (q < 0 || wordAt(q) != IOp.F64_ADD) return -1;
  const c = <u32>(<i32>wordAt(p) - IOp.F64_EQ_K);
  const a = wordAt(q + 2);
  const b = wordAt(q + 3);
  const lo = wordAt(p + 3);
  const hi = wordAt(p + 4);
  rewindTo(q);
  op6(<u32>(ifTrue ? IOp.BR_F64_ADD_EQ_K : IOp.BR_F64_ADD_NEQ_K) + c, a, b, lo, hi, 0);
  pcTailTo(q);
  return codeLen - 6;
}
