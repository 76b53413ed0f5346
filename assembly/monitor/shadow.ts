// Where a monitor copy keeps its counters. A copy is one block:
//   [8-byte header: u32 delta at code-4][code words, padded to 8][shadow: 8 bytes per code word]
// The shadow of the instruction at pc is (pc << 1) + delta (u32 arithmetic,
// wrapping), i.e. shadow + 8 * word index: every instruction owns 8 bytes per
// word it occupies, enough for its counters (ops.ts M_* opcodes).

import { FuncRec } from "../runtime/store";

/** Shadow address of the instruction at `pc` of monitor-copied function `func`. */
// @ts-ignore: decorator
@inline export function shadowAt(pc: usize, func: usize): usize {
  return (pc << 1) + <usize>load<u32>(<usize>load<u32>(func, FuncRec.CODE) - 4);
}

/** Adds 1 to the u64 counter at `p`. */
// @ts-ignore: decorator
@inline export function bump(p: usize): void {
  store<u64>(p, load<u64>(p) + 1);
}
