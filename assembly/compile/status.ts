// The compiler's error state. A validation ("invalid") error is only *pending*
// while the compiler runs: the spec's decoder reads the whole module before the
// validator looks at it, so a malformed function body found later must win
// (index.ts rescans the bodies before reporting). Malformed and unsupported
// errors are recorded at once with errors.ts. Either kind sets `stop`, which
// the translation loop checks once per instruction.

import { ErrorKind, fail } from "../errors";

/** Set by the first error of any kind; the loops return as soon as they see it. */
export let stop: bool = false;
let pendingMsg: string = "";
let pendingOffset: i32 = -1;
let pendingSet: bool = false;

/** Clears the state; called at the start of every compileModule. */
export function statusReset(): void {
  stop = false;
  pendingMsg = "";
  pendingOffset = -1;
  pendingSet = false;
}

/** Records a pending validation error (the first one wins). Returns false for `return invalid(...)`. */
export function invalid(msg: string, offset: u32): bool {
  if (!pendingSet) {
    pendingSet = true;
    pendingMsg = msg;
    pendingOffset = <i32>offset;
  }
  stop = true;
  return false;
}

/** Records a malformed-module error now (errors.ts keeps the first). Returns false. */
export function malformed(msg: string, offset: u32): bool {
  fail(ErrorKind.MALFORMED, msg, <i32>offset);
  stop = true;
  return false;
}

/** Records an error for valid Wasm that Ferry does not support (e.g. SIMD). Returns false. */
export function unsupported(msg: string, offset: u32): bool {
  fail(ErrorKind.INTERNAL, msg, <i32>offset);
  stop = true;
  return false;
}

/** True if a validation error is pending. */
export function hasPendingInvalid(): bool {
  return pendingSet;
}

/** Turns the pending validation error into the recorded error (errors.ts). */
export function commitInvalid(): void {
  if (pendingSet) fail(ErrorKind.INVALID, pendingMsg, pendingOffset);
}
