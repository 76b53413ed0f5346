// The interpreter's rare, multi-step instructions, kept out of the loop so it
// stays small: bulk memory (fill, copy, init), memory.grow and the table
// instructions beyond get/set/size. Each returns Trap.NONE or the trap to
// raise; ranges are checked in 64 bits before anything is written (2.0
// semantics: an out-of-bounds bulk op writes nothing).

import { MemRec, TableRec } from "../runtime/store";
import { memGrow } from "../runtime/memory";
import { memInit, segDrop, tableInit } from "../runtime/segments";
import { tableGrow } from "../runtime/table";
import { Trap } from "./traps";

/** memory.fill of n bytes at d with byte v, in memory [membase, membase + memsize). */
export function memoryFill(membase: usize, memsize: u64, d: u32, v: u32, n: u32): Trap {
  if (<u64>d + <u64>n > memsize) return Trap.MEMORY_OOB;
  memory.fill(membase + d, <u8>v, n);
  return Trap.NONE;
}

/** memory.copy of n bytes from s to d (overlap-safe). */
export function memoryCopy(membase: usize, memsize: u64, d: u32, s: u32, n: u32): Trap {
  if (<u64>d + <u64>n > memsize || <u64>s + <u64>n > memsize) return Trap.MEMORY_OOB;
  memory.copy(membase + d, membase + s, n);
  return Trap.NONE;
}

/** memory.init from DataInst seg into memory mem0. */
export function memoryInit(mem0: usize, seg: usize, d: u32, s: u32, n: u32): Trap {
  return memInit(mem0, seg, d, s, n) ? Trap.NONE : Trap.MEMORY_OOB;
}

/** memory.grow of memory mem0 (0 = none) by delta pages: old page count or -1. */
export function memoryGrow(mem0: usize, delta: u32): i32 {
  return mem0 == 0 ? -1 : memGrow(mem0, delta);
}

/** table.grow of t by n elements set to init: old size or -1. */
export function tableGrowOp(t: usize, init: u32, n: u32): i32 {
  return tableGrow(t, n, init);
}

/** table.fill of n elements of t from i with ref v. */
export function tableFill(t: usize, i: u32, v: u32, n: u32): Trap {
  if (<u64>i + <u64>n > <u64>load<u32>(t, TableRec.LEN)) return Trap.TABLE_OOB;
  const p = <usize>load<u32>(t, TableRec.ELEMS) + (<usize>i << 2);
  for (let k: usize = 0; k < <usize>n; k++) store<u32>(p + (k << 2), v);
  return Trap.NONE;
}

/** table.copy of n elements from table ts at s to table td at d (overlap-safe). */
export function tableCopy(td: usize, ts: usize, d: u32, s: u32, n: u32): Trap {
  if (<u64>d + <u64>n > <u64>load<u32>(td, TableRec.LEN) || <u64>s + <u64>n > <u64>load<u32>(ts, TableRec.LEN)) {
    return Trap.TABLE_OOB;
  }
  if (n > 0) {
    memory.copy(
      <usize>load<u32>(td, TableRec.ELEMS) + (<usize>d << 2),
      <usize>load<u32>(ts, TableRec.ELEMS) + (<usize>s << 2),
      <usize>n << 2,
    );
  }
  return Trap.NONE;
}

/** table.init of table t from ElemInst seg. */
export function tableInitOp(t: usize, seg: usize, d: u32, s: u32, n: u32): Trap {
  return tableInit(t, seg, d, s, n) ? Trap.NONE : Trap.TABLE_OOB;
}

/** data.drop / elem.drop. */
export function segmentDrop(seg: usize): void {
  segDrop(seg);
}

/** Current byte size of memory mem0 (0 = none) as the loop keeps it. */
// @ts-ignore: decorator
@inline export function memBytes(mem0: usize): u64 {
  return mem0 == 0 ? 0 : <u64>load<u32>(mem0, MemRec.PAGES) << 16;
}
