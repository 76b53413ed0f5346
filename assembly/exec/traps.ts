// Trap codes of the interpreter and their spec messages. The loop passes a
// small code to its exit helper (no strings built on the hot path); the
// message and error kind are recorded here with errors.ts.

import { ErrorKind, fail } from "../errors";

/** Why execution stopped abnormally. NONE means "no trap" for helpers returning a code. */
export const enum Trap {
  NONE = 0,
  UNREACHABLE,
  DIV_ZERO,
  OVERFLOW,
  INVALID_CONVERSION,
  MEMORY_OOB,
  TABLE_OOB,
  UNDEFINED_ELEMENT,
  UNINITIALIZED_ELEMENT,
  INDIRECT_MISMATCH,
  EXHAUSTED,
  /** A Ferry bug or an impossible state (e.g. a bad opcode in internal code). */
  INTERNAL,
}

/** The spec's message for trap `t`. */
export function trapMessage(t: Trap): string {
  switch (t) {
    case Trap.UNREACHABLE: return "unreachable";
    case Trap.DIV_ZERO: return "integer divide by zero";
    case Trap.OVERFLOW: return "integer overflow";
    case Trap.INVALID_CONVERSION: return "invalid conversion to integer";
    case Trap.MEMORY_OOB: return "out of bounds memory access";
    case Trap.TABLE_OOB: return "out of bounds table access";
    case Trap.UNDEFINED_ELEMENT: return "undefined element";
    case Trap.UNINITIALIZED_ELEMENT: return "uninitialized element";
    case Trap.INDIRECT_MISMATCH: return "indirect call type mismatch";
    case Trap.EXHAUSTED: return "call stack exhausted";
    case Trap.INTERNAL: return "internal error: invalid internal code";
    default: return "";
  }
}

/**
 * Records trap `t` as the current error (EXHAUSTION for call stack
 * exhaustion, INTERNAL for bugs, TRAP otherwise). For the element traps of
 * call_indirect the table index follows the message, as in the reference
 * interpreter ("uninitialized element 2"); a message built only here, off the
 * hot path.
 */
export function recordTrap(t: Trap, index: u32 = 0): void {
  const kind = t == Trap.EXHAUSTED ? ErrorKind.EXHAUSTION : t == Trap.INTERNAL ? ErrorKind.INTERNAL : ErrorKind.TRAP;
  let msg = trapMessage(t);
  if (t == Trap.UNDEFINED_ELEMENT || t == Trap.UNINITIALIZED_ELEMENT) msg += " " + index.toString();
  fail(kind, msg);
}
