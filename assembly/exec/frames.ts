// The execution state outside the loop: the value stack, the control stack of
// call frames, the stack of nested invocations, and the saved registers of the
// suspended (or trapped) innermost invocation. interp.ts copies the registers
// into locals on entry and back on every exit; everything else here runs only
// at ABI calls (begin, DONE, unwind, limits).
//
// Value stack: one raw block [stackBase, stackEnd); frames as drawn in
// docs/internals.md (params, declared locals, operand stack; 8 bytes a slot).
//
// Control frame (16 bytes), pushed by CALL, popped by RETURN
// ┌──────────────┬──────────────┬──────────────┬──────────────┐
// │ +0 retPc u32 │ +4 fp u32    │ +8 func u32  │ +12 reserved │
// └──────────────┴──────────────┴──────────────┴──────────────┘
//   retPc: absolute address of the caller's next instruction; fp and func
//   (FuncInst) are the caller's. An invocation's *entry frame* has func = 0:
//   popping it finishes the invocation (status DONE).
//
// Invocation record (32 bytes), one per ferry_call_begin still running
// ┌─────────┬─────────┬──────────┬─────────┬─────────┬──────────┬───────────┬───────────┐
// │ +0 csp  │ +4 args │ +8 state │ +12 pc  │ +16 fp  │ +20 func │ +24 hfunc │ +28 hargs │
// └─────────┴─────────┴──────────┴─────────┴─────────┴──────────┴───────────┴───────────┘
//   csp: address of its entry frame; args: its fp (arguments in, results
//   out); the rest: the registers of the invocation it interrupted (a host
//   call that called back into the workload), restored when it ends.

import { ErrorKind, fail } from "../errors";
import { FuncRec } from "../runtime/store";

/** Bytes of a control frame. */
export const FRAME_BYTES: u32 = 16;
/** Bytes of an invocation record. */
const INV_BYTES: usize = 32;

/** Default call-depth limit: deep enough for real C programs, small enough that runaway recursion traps fast. */
export const DEFAULT_MAX_DEPTH: u32 = 20000;
/** Default value-stack size in bytes. */
export const DEFAULT_STACK_BYTES: u32 = 8 << 20;

/** State of the innermost invocation. */
export const enum RunState {
  /** No invocation in progress. */
  NONE = 0,
  /** Begun or yielded: ferry_run continues at pc. */
  READY = 1,
  /** Suspended in a host call: results go to hostArgs, then ferry_run continues at pc (after the call). */
  HOSTCALL = 2,
  /** Trapped: frames kept for the backtrace until unwound. */
  TRAPPED = 3,
}

/** The machine registers and stacks (static fields: plain globals of the VM module). */
export class Machine {
  static state: RunState = RunState.NONE;
  /** Innermost invocation's registers while it is not running. */
  static pc: usize = 0;
  static fp: usize = 0;
  static func: usize = 0;
  /** Control stack pointer: address of the next free frame. */
  static csp: usize = 0;
  /** Pending host call: FuncInst and the args/results pointer. */
  static hostFunc: usize = 0;
  static hostArgs: usize = 0;

  static stackBase: usize = 0;
  static stackEnd: usize = 0;
  static cstackBase: usize = 0;
  static cstackEnd: usize = 0;
  static maxDepth: u32 = DEFAULT_MAX_DEPTH;
  static stackBytes: u32 = DEFAULT_STACK_BYTES;

  static invBase: usize = 0;
  static invDepth: u32 = 0;
  static invCap: u32 = 0;

  /** Instructions charged since the VM was created. */
  static fuelUsed: u64 = 0;
}

/** Allocates the value and control stacks on first use. Returns false after recording an error. */
function ensureStacks(): bool {
  if (Machine.stackBase != 0) return true;
  const sb = <usize>Machine.stackBytes;
  const cb = <usize>Machine.maxDepth * FRAME_BYTES;
  // Stay far below TLSF's 1 GiB block limit.
  if (sb > (256 << 20) || cb > (256 << 20)) return fail(ErrorKind.INTERNAL, "stack limits too large");
  Machine.stackBase = heap.alloc(sb);
  Machine.stackEnd = Machine.stackBase + sb;
  Machine.cstackBase = heap.alloc(cb);
  Machine.cstackEnd = Machine.cstackBase + cb;
  Machine.csp = Machine.cstackBase;
  return true;
}

/** Sets the call-depth and value-stack limits (0 keeps a limit); only while no invocation runs. */
export function setLimits(maxDepth: u32, stackBytes: u32): bool {
  if (Machine.invDepth != 0) return fail(ErrorKind.INTERNAL, "limits cannot change while a call is in progress");
  if (maxDepth != 0) Machine.maxDepth = maxDepth < 4 ? 4 : maxDepth;
  if (stackBytes != 0) Machine.stackBytes = stackBytes < 4096 ? 4096 : (stackBytes + 7) & ~7;
  if (Machine.stackBase != 0) {
    heap.free(Machine.stackBase);
    heap.free(Machine.cstackBase);
    Machine.stackBase = 0;
    Machine.cstackBase = 0;
  }
  return true;
}

/** Address of invocation record i (0 = outermost). */
// @ts-ignore: decorator
@inline export function invRecord(i: u32): usize {
  return Machine.invBase + <usize>i * INV_BYTES;
}

/** Saved registers of invocation record `r` (what it interrupted): state, pc, fp, func. */
// @ts-ignore: decorator
@inline export function invSavedState(r: usize): RunState { return load<u32>(r, 8); }
// @ts-ignore: decorator
@inline export function invSavedPc(r: usize): usize { return load<u32>(r, 12); }
// @ts-ignore: decorator
@inline export function invSavedFunc(r: usize): usize { return load<u32>(r, 20); }
/** Address of the entry frame of invocation record `r`. */
// @ts-ignore: decorator
@inline export function invEntryFrame(r: usize): usize { return load<u32>(r, 0); }

/**
 * Starts an invocation of wasm FuncInst `func` above whatever is suspended:
 * pushes an invocation record and an entry frame, zeroes the declared locals
 * and sets the registers. Returns the args pointer (the new fp), or 0 after
 * recording an error (EXHAUSTION when the stacks are full).
 */
export function beginInvocation(func: usize): usize {
  if (load<u32>(func, FuncRec.CODE) == 0) {
    fail(ErrorKind.INTERNAL, "ferry_call_begin: a host function is called by the host directly");
    return 0;
  }
  if (!ensureStacks()) return 0;
  // A nested invocation's frame goes just past the suspended function's frame,
  // whose operand stack holds the pending host call's arguments.
  const fp = Machine.invDepth == 0
    ? Machine.stackBase
    : Machine.fp + load<u32>(Machine.func, FuncRec.FRAME_BYTES);
  const frameBytes = load<u32>(func, FuncRec.FRAME_BYTES);
  if (Machine.csp + FRAME_BYTES > Machine.cstackEnd || <u64>fp + <u64>frameBytes > <u64>Machine.stackEnd) {
    fail(ErrorKind.EXHAUSTION, "call stack exhausted");
    return 0;
  }
  if (Machine.invDepth == Machine.invCap) {
    const cap = Machine.invCap < 8 ? 8 : Machine.invCap << 1;
    Machine.invBase = Machine.invBase == 0
      ? heap.alloc(<usize>cap * INV_BYTES)
      : heap.realloc(Machine.invBase, <usize>cap * INV_BYTES);
    Machine.invCap = cap;
  }
  const r = invRecord(Machine.invDepth++);
  store<u32>(r, <u32>Machine.csp, 0);
  store<u32>(r, <u32>fp, 4);
  store<u32>(r, <u32>Machine.state, 8);
  store<u32>(r, <u32>Machine.pc, 12);
  store<u32>(r, <u32>Machine.fp, 16);
  store<u32>(r, <u32>Machine.func, 20);
  store<u32>(r, <u32>Machine.hostFunc, 24);
  store<u32>(r, <u32>Machine.hostArgs, 28);
  // Entry frame: func 0 marks the end of this invocation.
  const c = Machine.csp;
  store<u32>(c, 0, 0);
  store<u32>(c, <u32>fp, 4);
  store<u64>(c, 0, 8);
  Machine.csp = c + FRAME_BYTES;
  const locals = fp + (<usize>load<u32>(func, FuncRec.NUM_PARAMS) << 3);
  memory.fill(locals, 0, <usize>load<u32>(func, FuncRec.NUM_LOCALS) << 3);
  Machine.pc = load<u32>(func, FuncRec.CODE);
  Machine.fp = fp;
  Machine.func = func;
  Machine.hostFunc = 0;
  Machine.hostArgs = 0;
  Machine.state = RunState.READY;
  return fp;
}

/** Ends the innermost invocation (finished or abandoned): pops its frames and restores what it interrupted. */
export function endInvocation(): void {
  if (Machine.invDepth == 0) return;
  const r = invRecord(--Machine.invDepth);
  Machine.csp = load<u32>(r, 0);
  Machine.state = <RunState>load<u32>(r, 8);
  Machine.pc = load<u32>(r, 12);
  Machine.fp = load<u32>(r, 16);
  Machine.func = load<u32>(r, 20);
  Machine.hostFunc = load<u32>(r, 24);
  Machine.hostArgs = load<u32>(r, 28);
}
