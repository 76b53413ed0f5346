// The monitors' state inside the VM: which monitors are on, the instance they
// watch, and the dynamic tables the event helpers (events.ts) fill: calls and
// inclusive instructions per function, the activation stack for those, call
// edges, memory pages, the trap point. Raw heap blocks, never GC-managed, so
// the helpers called from the interpreter loop never allocate managed objects.

import { FuncRec, InstanceData } from "../runtime/store";

/** MonitorBit mask set by ferry_monitor_enable (0: monitors off). */
export let monitorMask: u32 = 0;
/** The watched instance (the first instantiated after enabling), or null. */
export let watched: InstanceData | null = null;
export let watchedRec: usize = 0;
/** Number of functions (imports + defined) of the watched module. */
export let numFuncs: u32 = 0;

// Per function (module function index): calls (u64), inclusive instructions
// (u64), activations on the stack (u32).
export let callsTab: usize = 0;
export let totalTab: usize = 0;
export let depthTab: usize = 0;

// Activation stack: (function index u64, fuel used at entry u64) per frame.
export let actBase: usize = 0;
export let actLen: u32 = 0;
export let actCap: u32 = 0;

// Call edges: open addressing, (key u64, count u64); key 0 = empty.
export let edgeTab: usize = 0;
export let edgeCap: u32 = 0;
export let edgeLen: u32 = 0;

// Memory: per 64 KiB page (65536 pages) loads, stores, bytes loaded, bytes stored (u64 each).
export const MAX_PAGES: u32 = 65536;
export let pageTab: usize = 0;
export let minAddr: u64 = u64.MAX_VALUE;
export let maxAddr: u64 = 0;

/** Where the last trap happened in the watched code (0: none); or, trapIsStop, where a run was stopped for good (--fuel). */
export let trapPc: usize = 0;
export let trapFunc: usize = 0;
export let trapIsStop: bool = false;

function zeroed(bytes: usize): usize {
  const p = heap.alloc(bytes);
  memory.fill(p, 0, bytes);
  return p;
}

/** Turns monitors on for the next instance (mask of MonitorBit); it is watched instead of any earlier one. */
export function setMask(mask: u32): void {
  monitorMask = mask;
  watched = null;
}

/** Starts watching instance `d` (fresh tables). */
export function watch(d: InstanceData): void {
  watched = d;
  watchedRec = d.record;
  numFuncs = <u32>d.funcs.length;
  const n: usize = numFuncs > 0 ? <usize>numFuncs : 1;
  callsTab = zeroed(n << 3);
  totalTab = zeroed(n << 3);
  depthTab = zeroed(n << 2);
  actCap = 64;
  actBase = zeroed(<usize>actCap << 4);
  actLen = 0;
  edgeCap = 256;
  edgeTab = zeroed(<usize>edgeCap << 4);
  edgeLen = 0;
  pageTab = 0;
  minAddr = u64.MAX_VALUE;
  maxAddr = 0;
  trapPc = 0;
  trapFunc = 0;
}

/** Allocates the page table (memory monitor). */
export function allocPages(): void {
  pageTab = zeroed(<usize>MAX_PAGES << 5);
}

/** Records the last trap point (called by the interpreter's trap exit). */
export function noteTrap(pc: usize, func: usize): void {
  if (monitorMask == 0) return;
  trapPc = pc;
  trapFunc = func;
  trapIsStop = false;
}

/** Records where a suspended run was abandoned (its instruction at pc did not run; ferry_trap_unwind). */
export function noteStop(pc: usize, func: usize): void {
  noteTrap(pc, func);
  trapIsStop = true;
}

/** Updates the memory summary. */
export function setAddrRange(lo: u64, hi: u64): void {
  if (lo < minAddr) minAddr = lo;
  if (hi > maxAddr) maxAddr = hi;
}

/** Module function index of FuncInst `f` in the watched instance, or -1. */
export function funcIndexOf(f: usize): i32 {
  if (f == 0) return -1;
  if (<usize>load<u32>(f, FuncRec.INSTANCE) == watchedRec) return <i32>load<u32>(f, FuncRec.INDEX);
  const d = watched;
  if (d == null) return -1;
  const n = d.compiled.module.numImportedFuncs;
  for (let i: u32 = 0; i < n; i++) if (<usize>unchecked(d.funcs[i]) == f) return <i32>i;
  return -1;
}

/** Pushes an activation (function index, fuel at entry); grows the stack. */
export function actPush(fi: u32, fuel: u64): void {
  if (actLen == actCap) {
    const cap = actCap << 1;
    actBase = heap.realloc(actBase, <usize>cap << 4);
    actCap = cap;
  }
  const p = actBase + (<usize>actLen << 4);
  store<u64>(p, <u64>fi);
  store<u64>(p, fuel, 8);
  actLen++;
}

/** Pops the innermost activation. */
export function actPop(): void {
  if (actLen > 0) actLen--;
}

/** Adds `n` to the count of edge `key` (nonzero). */
export function edgeAdd(key: u64, n: u64): void {
  if ((edgeLen + 1) << 1 > edgeCap) edgeGrow();
  const mask = edgeCap - 1;
  let i = <u32>(key * 0x9e3779b97f4a7c15 >> 40) & mask;
  while (true) {
    const p = edgeTab + (<usize>i << 4);
    const k = load<u64>(p);
    if (k == key) {
      store<u64>(p, load<u64>(p, 8) + n, 8);
      return;
    }
    if (k == 0) {
      store<u64>(p, key);
      store<u64>(p, n, 8);
      edgeLen++;
      return;
    }
    i = (i + 1) & mask;
  }
}

function edgeGrow(): void {
  const old = edgeTab;
  const oldCap = edgeCap;
  edgeCap = oldCap << 1;
  edgeTab = zeroed(<usize>edgeCap << 4);
  edgeLen = 0;
  for (let i: u32 = 0; i < oldCap; i++) {
    const p = old + (<usize>i << 4);
    const k = load<u64>(p);
    if (k != 0) edgeAdd(k, load<u64>(p, 8));
  }
  heap.free(old);
}
