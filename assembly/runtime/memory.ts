// Linear memories (MemInst records, docs/internals.md): creation and growth.
// A workload memory is one raw TLSF block of VM memory at MemInst.base with
// MemInst.cap bytes reserved. Growing within cap only zero-fills; beyond it the
// block is reallocated with headroom (it may move, so the interpreter reloads
// the base after memory.grow, host calls and instance switches).

import { ErrorKind, fail } from "../errors";
import { MemRec, NO_MAX, allocRecord } from "./store";

/** Bytes per Wasm page. */
export const PAGE_BYTES: u32 = 65536;
/** Pages addressable by a 32-bit memory (the spec's upper bound). */
export const SPEC_MAX_PAGES: u32 = 65536;
/**
 * Ferry's own cap on one memory: AssemblyScript's TLSF allocator cannot hand
 * out a block of 1 GiB or more, so a memory stays just below it. memory.grow
 * past this returns -1, which the spec allows.
 */
export const FERRY_MAX_PAGES: u32 = 16383;

/** The largest page count memory `mem` may reach (declared max, spec and Ferry caps). */
function pageLimit(mem: usize): u32 {
  const max = load<u32>(mem, MemRec.MAX);
  return max < FERRY_MAX_PAGES ? max : FERRY_MAX_PAGES;
}

/** Creates a MemInst of `min` pages (zeroed); max = NO_MAX when !hasMax. Returns 0 after recording an error. */
export function memNew(min: u32, max: u32, hasMax: bool): usize {
  if (hasMax && max < min) {
    fail(ErrorKind.INTERNAL, "memory size minimum must not be greater than maximum");
    return 0;
  }
  if (min > FERRY_MAX_PAGES) {
    fail(ErrorKind.INTERNAL, "memory of " + min.toString() + " pages exceeds Ferry's limit of " + FERRY_MAX_PAGES.toString() + " pages");
    return 0;
  }
  const mem = allocRecord(MemRec.SIZE);
  store<u32>(mem, hasMax ? max : NO_MAX, MemRec.MAX);
  const bytes = <usize>min * PAGE_BYTES;
  if (bytes > 0) {
    const base = heap.alloc(bytes);
    memory.fill(base, 0, bytes);
    store<u32>(mem, <u32>base, MemRec.BASE);
    store<u32>(mem, <u32>bytes, MemRec.CAP);
  }
  store<u32>(mem, min, MemRec.PAGES);
  return mem;
}

/** Grows memory `mem` by `delta` pages: returns the old page count, or -1 (nothing changed) past a limit. */
export function memGrow(mem: usize, delta: u32): i32 {
  const old = load<u32>(mem, MemRec.PAGES);
  const want = <u64>old + <u64>delta;
  if (want > <u64>pageLimit(mem)) return -1;
  if (delta == 0) return <i32>old;
  const newPages = <u32>want;
  const oldBytes = <usize>old * PAGE_BYTES;
  const newBytes = <usize>newPages * PAGE_BYTES;
  let base = <usize>load<u32>(mem, MemRec.BASE);
  const cap = <usize>load<u32>(mem, MemRec.CAP);
  if (newBytes > cap) {
    // Reserve headroom (half again the current reservation, up to the limit)
    // so a program growing page by page (sbrk) rarely moves its memory.
    let newCap = cap + (cap >> 1);
    const limitBytes = <usize>pageLimit(mem) * PAGE_BYTES;
    if (newCap > limitBytes) newCap = limitBytes;
    if (newCap < newBytes) newCap = newBytes;
    newCap = (newCap + PAGE_BYTES - 1) & ~(<usize>PAGE_BYTES - 1);
    base = base == 0 ? heap.alloc(newCap) : heap.realloc(base, newCap);
    store<u32>(mem, <u32>base, MemRec.BASE);
    store<u32>(mem, <u32>newCap, MemRec.CAP);
  }
  // Bytes past the old size may hold garbage (realloc) or old contents: zero them.
  memory.fill(base + oldBytes, 0, newBytes - oldBytes);
  store<u32>(mem, newPages, MemRec.PAGES);
  return <i32>old;
}
