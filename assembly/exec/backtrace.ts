// Backtraces: the frames of the trapped or suspended execution, innermost
// first, as (FuncInst, original bytecode offset) pairs. Internal pcs are
// mapped back through CompiledFunc.pcmap, so snapshots and error reports speak
// in offsets of the original module. Walks the saved registers, then the
// control stack; at an invocation's entry frame it continues with the frames
// of the invocation that host call interrupted (nested invocations).

import { offsetAround } from "./sites-map";
import { findCode, foundCf, foundWord } from "./step";
import { FRAME_BYTES, Machine, RunState, invEntryFrame, invRecord, invSavedFunc, invSavedPc, invSavedState } from "./frames";

let buf: usize = 0;
let cap: u32 = 0;
let count: u32 = 0;

/** Original byte offset (in the module) of the instruction whose internal code contains `pc` in FuncInst `func` (fast code or step copy); 0 if unknown. */
export function originalPc(func: usize, pc: usize): u32 {
  if (!findCode(func, pc & ~3)) return 0;
  return offsetAround(foundCf!, foundWord);
}

function push(func: usize, pc: usize): void {
  if (count == cap) {
    const n = cap < 32 ? 32 : cap << 1;
    buf = buf == 0 ? heap.alloc(<usize>n << 3) : heap.realloc(buf, <usize>n << 3);
    cap = n;
  }
  const p = buf + (<usize>count << 3);
  store<u32>(p, <u32>func);
  store<u32>(p, originalPc(func, pc), 4);
  count++;
}

/** Collects the current backtrace; returns the number of frames. */
export function collectBacktrace(): u32 {
  count = 0;
  let state = Machine.state;
  if (state == RunState.NONE) return 0;
  // Suspended in a host call, pc is past the CALL: step back into it.
  push(Machine.func, state == RunState.HOSTCALL ? Machine.pc - 4 : Machine.pc);
  let inv = <i32>Machine.invDepth - 1;
  let c = Machine.csp;
  while (c > Machine.cstackBase && inv >= 0) {
    c -= FRAME_BYTES;
    const f = <usize>load<u32>(c, 8);
    if (f != 0) {
      push(f, <usize>load<u32>(c, 0) - 4); // return address - 4 lies inside the call
      continue;
    }
    // Entry frame of invocation `inv`: continue with what it interrupted.
    const r = invRecord(<u32>inv);
    if (invEntryFrame(r) != c) break; // inconsistent: stop rather than guess
    state = invSavedState(r);
    if (state == RunState.NONE) break;
    push(invSavedFunc(r), state == RunState.HOSTCALL ? invSavedPc(r) - 4 : invSavedPc(r));
    inv--;
  }
  return count;
}

/** FuncInst of frame i of the last collected backtrace (0 if out of range). */
export function backtraceFunc(i: u32): u32 {
  return i < count ? load<u32>(buf + (<usize>i << 3)) : 0;
}

/** Original pc of frame i of the last collected backtrace. */
export function backtracePc(i: u32): u32 {
  return i < count ? load<u32>(buf + (<usize>i << 3), 4) : 0;
}
