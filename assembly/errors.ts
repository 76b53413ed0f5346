// Errors are values: AssemblyScript aborts on `throw`, so every layer records
// the first error here (kind + spec message) and returns a failure value; the
// caller checks `hasError()` and unwinds. The host reads the error through the
// ABI (assembly/index.ts) after a call that failed.

/** Error kinds, kept apart as in the spec interpreter. Mirrored in host/abi.ts. */
export const enum ErrorKind {
  NONE = 0,
  MALFORMED = 1,   // decoding failed (assert_malformed)
  INVALID = 2,     // validation failed (assert_invalid)
  LINK = 3,        // import resolution failed (assert_unlinkable)
  TRAP = 4,        // a trap (assert_trap, assert_uninstantiable)
  EXHAUSTION = 5,  // call stack exhausted (assert_exhaustion)
  INTERNAL = 6,    // a bug or a resource limit of Ferry itself
  SNAPSHOT = 7,    // a snapshot was refused
}

let errKind: ErrorKind = ErrorKind.NONE;
let errMsg: string = "";
/** Byte offset in the module (or snapshot) where the error was found, or -1. */
let errOffset: i32 = -1;

/** Records an error unless one is already recorded (the first error wins). Returns false for `return fail(...)`. */
export function fail(kind: ErrorKind, msg: string, offset: i32 = -1): bool {
  if (errKind == ErrorKind.NONE) {
    errKind = kind;
    errMsg = msg;
    errOffset = offset;
  }
  return false;
}

/** True once an error has been recorded and not cleared. */
// @ts-ignore: decorator
@inline export function hasError(): bool {
  return errKind != ErrorKind.NONE;
}

export function errorKind(): ErrorKind { return errKind; }
export function errorMessage(): string { return errMsg; }
export function errorOffset(): i32 { return errOffset; }

/** Clears the recorded error; called at the start of every ABI entry point. */
export function clearError(): void {
  errKind = ErrorKind.NONE;
  errMsg = "";
  errOffset = -1;
}
