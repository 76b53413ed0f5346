// Translation state of the function being compiled that both the control
// instructions (func.ts) and the other instructions (instrs.ts) read: the
// module's validation context, where the operand stack starts in the frame,
// and whether code is being emitted. Written only by func.ts.

import { Context } from "./context";

/** The validation context of the module being compiled. */
export let ctx: Context = new Context();
/** Slot index of operand stack position 0 (params + declared locals). */
export let stackBase: u32 = 0;
/** False inside code that can never run: nothing is emitted there. */
export let emitting: bool = true;

/** Sets the state for a new function. */
export function stateInit(c: Context, base: u32): void {
  ctx = c;
  stackBase = base;
  emitting = true;
}

/** Starts or stops emitting code. */
// @ts-ignore: decorator
@inline export function setEmitting(on: bool): void {
  emitting = on;
}

/** Byte offset from fp of operand stack position h. */
// @ts-ignore: decorator
@inline export function slot(h: i32): u32 {
  return (stackBase + <u32>h) << 3;
}
