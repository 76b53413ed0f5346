// Loads the canonical monitor state of a snapshot's monitors section
// (canon-save.ts, docs/snapshot-format.md section 11) into the monitors of the
// freshly restored instance, which must watch it with the same monitors
// (the host enables them from the section's names before instantiating).
// Everything is validated first: an unknown monitor, a counter for a site
// that does not exist, a wrong size -> false with a SNAPSHOT error, nothing
// changed.

import { ErrorKind, fail } from "../errors";
import { IOp } from "../ops";
import { siteWord } from "../exec/sites-map";
import { In } from "./canon-bytes";
import { CANON_VERSION } from "./canon-save";
import { MonitorBit } from "./kinds";
import { instrWords } from "./lengths";
import { monitorBit } from "./names";
import { shadowAt } from "./shadow";
import { FuncView, lastEntryAtOrBefore, watchedFuncs } from "./segments";
import {
  actPush, callsTab, depthTab, edgeAdd, MAX_PAGES, monitorMask, numFuncs, pageTab, setAddrRange, totalTab, watched,
} from "./state";
import { FuncRec } from "../runtime/store";

function bad(msg: string): bool {
  return fail(ErrorKind.SNAPSHOT, "monitors section: " + msg);
}

/** The monitor mask named by a section payload's header, or 0 (error recorded). */
export function canonMask(ptr: usize, len: u32): u32 {
  const r = new In(ptr, len);
  return readNames(r);
}

function readNames(r: In): u32 {
  const version = r.u32();
  if (r.short) { bad("truncated"); return 0; }
  if (version != CANON_VERSION) { bad("unsupported version " + version.toString()); return 0; }
  const n = r.count(4);
  if (n <= 0) { bad(n < 0 ? "truncated" : "no monitors"); return 0; }
  let mask: u32 = 0;
  for (let i: i64 = 0; i < n; i++) {
    const name = r.str();
    if (r.short) { bad("truncated"); return 0; }
    const b = monitorBit(name);
    if (b == 0) { bad("unknown monitor \"" + name + "\""); return 0; }
    if (mask & b) { bad("monitor \"" + name + "\" listed twice"); return 0; }
    mask |= b;
  }
  return mask;
}

/** One pending write (validated before anything is written). */
class Put {
  constructor(public addr: usize, public v: u64) {}
}

function viewOf(fs: FuncView[], f: u32): FuncView | null {
  for (let i = 0; i < fs.length; i++) if (fs[i].index == f) return fs[i];
  return null;
}

/** Loads the payload at [ptr, ptr+len); false after recording a SNAPSHOT error (nothing loaded). */
export function monitorLoad(ptr: usize, len: u32): bool {
  const d = watched;
  if (d == null) return bad("no instance is watched by monitors");
  const r = new In(ptr, len);
  const mask = readNames(r);
  if (mask == 0) return false;
  if (mask != monitorMask) return bad("its monitors are not the ones enabled");
  const nf = r.u32();
  if (r.short) return bad("truncated");
  if (nf != numFuncs) return bad(nf.toString() + " functions, the module has " + numFuncs.toString());
  const fs = watchedFuncs();
  const puts = new Array<Put>();
  const where = (f: u32, off: u32): string => "function " + f.toString() + " offset " + off.toString();

  // Segments.
  let n = r.count(16);
  if (n < 0) return bad("truncated");
  for (let i: i64 = 0; i < n; i++) {
    const f = r.u32(), off = r.u32(), c = r.u64();
    const v = viewOf(fs, f);
    const w = v == null ? -1 : siteWord(v.cf, off);
    const pc: usize = v == null || w < 0 ? 0 : v.code + (<usize>w << 2);
    if (pc == 0 || load<i32>(pc) != IOp.M_FUEL) return bad("no counted segment at " + where(f, off));
    puts.push(new Put(shadowAt(pc, v!.func), c));
  }

  // Branch sites (in code order; an offset may hold several sites).
  n = r.count(12);
  if (n < 0) return bad("truncated");
  const used = new Set<usize>();
  for (let i: i64 = 0; i < n; i++) {
    const f = r.u32(), off = r.u32(), k = r.u32();
    if (r.short || <u64>k * 8 > <u64>r.left()) return bad("truncated");
    const v = viewOf(fs, f);
    const pc: usize = v == null ? 0 : branchSite(v, off, k, used);
    if (pc == 0) return bad("no branch site with " + k.toString() + " counts at " + where(f, off));
    used.add(pc);
    const s = shadowAt(pc, v!.func);
    const op = load<i32>(pc);
    if (op == IOp.M_BR_TABLE) {
      for (let t: u32 = 0; t < k; t++) puts.push(new Put(s + (<usize>t << 3), r.u64()));
    } else {
      const taken = r.u64(), notTaken = r.u64();
      const jumpIsTaken = op == IOp.M_BR_IF;
      puts.push(new Put(s, jumpIsTaken ? taken : notTaken));
      puts.push(new Put(s + 8, jumpIsTaken ? notTaken : taken));
    }
  }

  // Functions.
  n = r.count(20);
  if (n < 0) return bad("truncated");
  for (let i: i64 = 0; i < n; i++) {
    const f = r.u32(), c = r.u64(), t = r.u64();
    if (f >= numFuncs) return bad("function " + f.toString() + " out of range");
    puts.push(new Put(callsTab + (<usize>f << 3), c));
    puts.push(new Put(totalTab + (<usize>f << 3), t));
  }
  if ((mask & (MonitorBit.PROFILE | MonitorBit.CALLS)) == 0 && n > 0) return bad("call counts without a call monitor");

  // Activations.
  n = r.count(12);
  if (n < 0) return bad("truncated");
  if ((mask & MonitorBit.PROFILE) == 0 && n > 0) return bad("activations without the profile monitor");
  const acts = new Array<u64>();
  for (let i: i64 = 0; i < n; i++) {
    const f = r.u32(), e = r.u64();
    const v = viewOf(fs, f);
    if (v == null) return bad("activation of function " + f.toString() + ", not a defined function");
    acts.push(<u64>f);
    acts.push(e);
  }

  // Call edges.
  n = r.count(20);
  if (n < 0) return bad("truncated");
  if ((mask & MonitorBit.CALLS) == 0 && n > 0) return bad("call edges without the calls monitor");
  const edges = new Array<u64>();
  for (let i: i64 = 0; i < n; i++) {
    const caller1 = r.u32(), callee = r.u32(), kind = r.u32(), c = r.u64();
    if (caller1 > numFuncs || callee >= numFuncs || kind > 1) return bad("bad call edge " + caller1.toString() + " -> " + callee.toString());
    edges.push((<u64>caller1 << 33) | (<u64>callee << 1) | <u64>kind);
    edges.push(c);
  }

  // Memory.
  const lo = r.u64(), hi = r.u64();
  n = r.count(36);
  if (n < 0) return bad("truncated");
  if (n > 0 && pageTab == 0) return bad("memory pages without the memory monitor");
  for (let i: i64 = 0; i < n; i++) {
    const g = r.u32();
    if (g >= MAX_PAGES) return bad("page " + g.toString() + " out of range");
    const p = pageTab + (<usize>g << 5);
    for (let k = 0; k < 4; k++) puts.push(new Put(p + (<usize>k << 3), r.u64()));
  }
  if (r.short) return bad("truncated");
  if (r.pos != r.len) return bad((r.len - r.pos).toString() + " unexpected trailing bytes");

  // Valid: apply.
  for (let i = 0; i < puts.length; i++) store<u64>(puts[i].addr, puts[i].v);
  for (let i = 0; i < acts.length; i += 2) {
    const f = <u32>acts[i];
    actPush(f, acts[i + 1]);
    const dp = depthTab + (<usize>f << 2);
    store<u32>(dp, load<u32>(dp) + 1);
  }
  for (let i = 0; i < edges.length; i += 2) edgeAdd(edges[i], edges[i + 1]);
  if (n > 0) {
    setAddrRange(lo, lo);
    setAddrRange(hi, hi);
  }
  return true;
}

/** The first M_BR_* of `v` at original offset `off` with `k` counters not in `used`, or 0. */
function branchSite(v: FuncView, off: u32, k: u32, used: Set<usize>): usize {
  const code = <usize>load<u32>(v.func, FuncRec.CODE);
  const end = code + (<usize>v.cf.code.length << 2);
  let p = code;
  while (p < end) {
    const op = load<i32>(p);
    const n = instrWords(p);
    if (n == 0) return 0;
    if (op == IOp.M_BR_IF || op == IOp.M_BR_IF_NOT || op == IOp.M_BR_TABLE) {
      const j = lastEntryAtOrBefore(v.cf, <u32>((p - code) >> 2));
      const kk: u32 = op == IOp.M_BR_TABLE ? load<u32>(p, 8) + 1 : 2;
      if (j >= 0 && v.offset(j) == off && kk == k && !used.has(p)) return p;
    }
    p += <usize>n << 2;
  }
  return 0;
}
