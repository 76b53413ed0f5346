// The workload's view of memory while a host call is forwarded: its memory
// region (base and size, re-read after every run because memory.grow may
// move it), pointer translation with a bounds check, and a scratch buffer
// for iovec arrays whose buffer pointers must be translated too.

import { MemRec } from "../runtime/store";

/** errno EFAULT: a workload pointer outside its memory. */
export const EFAULT: i32 = 21;

/** The workload memory region and the fault flag of the current host call. */
export class Guest {
  /** VM address of workload address 0. */
  static base: usize = 0;
  /** Bytes of workload memory. */
  static size: u64 = 0;
  /** Set by ptr()/iovs() when a pointer was out of bounds. */
  static fault: bool = false;
}

/** Loads the region of MemInst `mem` (0: no memory) and clears the fault flag. */
export function bindGuest(mem: usize): void {
  Guest.base = mem == 0 ? 0 : <usize>load<u32>(mem, MemRec.BASE);
  Guest.size = mem == 0 ? 0 : <u64>load<u32>(mem, MemRec.PAGES) << 16;
  Guest.fault = false;
}

/** VM address of workload range [a, a+len); sets Guest.fault (and returns 0) if out of bounds. */
export function ptr(a: u32, len: u64): usize {
  if (<u64>a + len > Guest.size) {
    Guest.fault = true;
    return 0;
  }
  return Guest.base + <usize>a;
}

let scratch: usize = 0;
let scratchCap: usize = 0;

/** A VM copy of the n iovecs at workload address a with translated buffer pointers; 0 + fault if out of bounds. */
export function iovs(a: u32, n: u32): usize {
  const src = ptr(a, <u64>n << 3);
  if (Guest.fault) return 0;
  const bytes = (n > 0 ? <usize>n : 1) << 3;
  if (bytes > scratchCap) {
    if (scratch != 0) heap.free(scratch);
    scratch = heap.alloc(bytes);
    scratchCap = bytes;
  }
  for (let i: usize = 0; i < <usize>n; i++) {
    const buf = load<u32>(src + (i << 3));
    const len = load<u32>(src + (i << 3), 4);
    const p = ptr(buf, <u64>len);
    if (Guest.fault) return 0;
    store<u32>(scratch + (i << 3), <u32>p);
    store<u32>(scratch + (i << 3), len, 4);
  }
  return scratch;
}
