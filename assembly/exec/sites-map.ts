// Lookups between internal code words, resume sites and original bytecode
// offsets of one translation of a function (fast or step-mode, compiled.ts
// pcmap and fuelSites), and the CompiledFunc behind a FuncInst. Shared by the
// snapshot hooks (state.ts), step-mode copies (step.ts) and backtraces.

import { CompiledFunc } from "../compiled";
import { FuncRec, instanceData } from "../runtime/store";

/** The (fast) CompiledFunc of wasm FuncInst `func`, or null (host function, unknown instance). */
export function compiledOf(func: usize): CompiledFunc | null {
  if (func == 0 || load<u32>(func, FuncRec.CODE) == 0) return null;
  const d = instanceData(load<u32>(func, FuncRec.INSTANCE));
  if (d == null) return null;
  const cm = d.compiled;
  const index = load<u32>(func, FuncRec.INDEX);
  const nImp = cm.module.numImportedFuncs;
  if (index < nImp || index - nImp >= <u32>cm.funcs.length) return null;
  return cm.funcs[index - nImp];
}

/** Index into cf.fuelSites (a multiple of 3) of the site at code word `word`, or -1. */
export function siteAt(cf: CompiledFunc, word: u32): i32 {
  const s = cf.fuelSites;
  let lo = 0;
  let hi = s.length / 3;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const w = unchecked(s[mid * 3]);
    if (w == word) return mid * 3;
    if (w < word) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/** Index of the last pcmap pair whose word is <= `word`, or -1 if none. */
function lastPairAtOrBefore(cf: CompiledFunc, word: u32): i32 {
  // Pairs are in code order: words never decrease.
  const m = cf.pcmap;
  let lo = 0;
  let hi = m.length >> 1;
  if (hi == 0) return -1;
  if (unchecked(m[1]) > word) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (unchecked(m[(mid << 1) + 1]) <= word) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Original offset of the instruction that opens the segment at code word `word` (last pcmap pair at that word), or -1. */
export function siteOffset(cf: CompiledFunc, word: u32): i64 {
  const i = lastPairAtOrBefore(cf, word);
  if (i < 0) return -1;
  const m = cf.pcmap;
  return unchecked(m[(i << 1) + 1]) == word ? <i64>unchecked(m[i << 1]) : -1;
}

/** Original offset of the instruction whose internal code contains word `word` (backtraces), 0 if unknown. */
export function offsetAround(cf: CompiledFunc, word: u32): u32 {
  // Instructions that emit no code share the word of the next emitted one, and the last of them is the one that did.
  const i = lastPairAtOrBefore(cf, word);
  return i < 0 ? 0 : unchecked(cf.pcmap[i << 1]);
}

/** Code word of the resume site whose opening instruction is at original offset `pc`, or -1. */
export function siteWord(cf: CompiledFunc, pc: u32): i64 {
  // Offsets increase along the pairs (instructions in order): binary search.
  const m = cf.pcmap;
  let lo = 0;
  let hi = m.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const off = unchecked(m[mid << 1]);
    if (off == pc) {
      const w = unchecked(m[(mid << 1) + 1]);
      // Canonical: the last instruction mapped to the word is the one that opens the segment.
      if (((mid + 1) << 1) + 1 < m.length && unchecked(m[((mid + 1) << 1) + 1]) == w) return -1;
      return siteAt(cf, w) < 0 ? -1 : <i64>w;
    }
    if (off < pc) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}
