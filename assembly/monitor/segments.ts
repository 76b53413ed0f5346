// Static facts joined with segment counts: for one watched function, how many
// times each of its original instructions executed. A segment (FUEL K) runs
// K consecutive original instructions of the pc map, starting with the last
// one mapped to its FUEL word (compile/func.ts); a trap inside a segment
// means the instructions after the trap point ran once less.

import { CompiledFunc } from "../compiled";
import { IOp } from "../ops";
import { FuncRec } from "../runtime/store";
import { shadowAt } from "./shadow";
import { stepCopyIfBuilt } from "../exec/step";
import { trapFunc, trapIsStop, trapPc, watched } from "./state";

/** Index of the last pc map entry whose word is <= `word`, or -1. */
export function lastEntryAtOrBefore(cf: CompiledFunc, word: u32): i32 {
  const pm = cf.pcmap;
  let lo = 0, hi = (pm.length >> 1) - 1, r = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (unchecked(pm[(mid << 1) + 1]) <= word) {
      r = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return r;
}

/** One watched function: its FuncInst, compiled form and code address. */
export class FuncView {
  constructor(public index: u32, public func: usize, public cf: CompiledFunc) {}

  get code(): usize { return <usize>load<u32>(this.func, FuncRec.CODE); }

  /** Number of original instructions of the body. */
  get numInstrs(): i32 { return this.cf.pcmap.length >> 1; }

  /** Original offset of instruction j; its end (the next one's offset, or +1 for the last). */
  offset(j: i32): u32 { return unchecked(this.cf.pcmap[j << 1]); }
  endOffset(j: i32): u32 { return j + 1 < this.numInstrs ? unchecked(this.cf.pcmap[(j + 1) << 1]) : this.offset(j) + 1; }

  /** Executions of the segment whose FUEL is at `word` (a monitor copy with M_FUEL). */
  segCount(word: u32): u64 {
    const pc = this.code + (<usize>word << 2);
    if (load<i32>(pc) != IOp.M_FUEL) return 0;
    return load<u64>(shadowAt(pc, this.func));
  }

  /** Executions of every original instruction (needs segment counts), trap-adjusted. */
  instrCounts(): u64[] {
    const n = this.numInstrs;
    const out = new Array<u64>(n).fill(0);
    const sites = this.cf.fuelSites;
    const code = this.cf.code;
    for (let s = 0; s < sites.length; s += 3) {
      const w = unchecked(sites[s]);
      const c = this.segCount(w);
      if (c == 0) continue;
      const k = <i32>unchecked(code[w + 1]);
      const first = lastEntryAtOrBefore(this.cf, w);
      for (let j = first; j < first + k && j < n; j++) out[j] = c;
    }
    const r = trapRemainder(this);
    if (r.count > 0) for (let j = r.start; j < r.start + r.count; j++) if (out[j] > 0) out[j] -= 1;
    return out;
  }
}

/** Instructions charged as fuel but not run because of a trap: `count` of them from pc map entry `start`. */
export class Remainder {
  start: i32 = 0;
  count: i32 = 0;
  /** The fuel of these instructions was charged (a trap in fast code); a step copy charges as it goes. */
  charged: bool = true;
  /** Fuel charged for instructions that did not run. */
  get fuel(): u64 { return this.charged ? <u64>this.count : 0; }
}

/** The instructions of `v` a trap in it left unrun (count 0 if the last trap was elsewhere). */
export function trapRemainder(v: FuncView): Remainder {
  const r = new Remainder();
  if (trapFunc != v.func || trapPc == 0) return r;
  const inFast = trapPc >= v.code && trapPc < v.code + (<usize>v.cf.code.length << 2);
  // A run abandoned in fast code stopped at a segment start, before counting it: nothing to take back.
  if (trapIsStop && inFast) {
    r.charged = false;
    return r;
  }
  if (!inFast) return stepRemainder(v, r);
  const word = <u32>((trapPc - v.code) >> 2);
  const sites = v.cf.fuelSites;
  let seg = -1;
  for (let s = 0; s < sites.length; s += 3) {
    if (unchecked(sites[s]) <= word) seg = s;
    else break;
  }
  if (seg < 0) return r;
  const w = unchecked(sites[seg]);
  const first = lastEntryAtOrBefore(v.cf, w);
  const k = <i32>unchecked(v.cf.code[w + 1]);
  const t = lastEntryAtOrBefore(v.cf, word);
  r.start = t + 1;
  r.count = first + k - (t + 1);
  if (r.count < 0) r.count = 0;
  return r;
}

/**
 * A trap in the step copy (step-events.ts): the fast segment holding the
 * trapping instruction was counted whole, so the instructions after it in that
 * segment did not run; their fuel was never charged. A stop (trapIsStop)
 * there: the instruction at the stop did not run either, and if it opens its
 * fast segment, that segment was not counted yet.
 */
function stepRemainder(v: FuncView, r: Remainder): Remainder {
  r.charged = false;
  const sc = stepCopyIfBuilt(v.func);
  if (sc == null || trapPc < sc.code || trapPc >= sc.code + (<usize>sc.cf.code.length << 2)) return r;
  const e = lastEntryAtOrBefore(sc.cf, <u32>((trapPc - sc.code) >> 2));
  if (e < 0) return r;
  const off = unchecked(sc.cf.pcmap[e << 1]);
  let t = -1;
  for (let j = 0; j < v.numInstrs; j++) if (v.offset(j) == off) { t = j; break; }
  if (t < 0) return r;
  const sites = v.cf.fuelSites;
  for (let s = 0; s < sites.length; s += 3) {
    const w = unchecked(sites[s]);
    const first = lastEntryAtOrBefore(v.cf, w);
    const k = <i32>unchecked(v.cf.code[w + 1]);
    if (first <= t && t < first + k) {
      if (trapIsStop && t == first) return r;
      const from = trapIsStop ? t : t + 1;
      r.start = from;
      r.count = first + k - from;
      return r;
    }
  }
  return r;
}

/** Views of the watched instance's defined functions. */
export function watchedFuncs(): FuncView[] {
  const out = new Array<FuncView>();
  const d = watched;
  if (d == null) return out;
  const nImp = d.compiled.module.numImportedFuncs;
  for (let i = 0; i < d.compiled.funcs.length; i++) {
    out.push(new FuncView(nImp + <u32>i, <usize>d.funcs[nImp + <u32>i], d.compiled.funcs[i]));
  }
  return out;
}

/** The FuncView of the last trap, or null. */
export function trapView(): FuncView | null {
  const d = watched;
  if (d == null || trapFunc == 0) return null;
  const fs = watchedFuncs();
  for (let i = 0; i < fs.length; i++) if (fs[i].func == trapFunc) return fs[i];
  return null;
}
