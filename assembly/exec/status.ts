// Statuses returned by the interpreter and ferry_run (docs/internals.md,
// "Execution statuses"). Mirrored in host/abi.ts.

/** Why ferry_run returned. */
export const enum Status {
  /** The innermost invocation returned; its results are at its args pointer. */
  DONE = 0,
  /** A trap or exhaustion; error and backtrace readable. */
  TRAP = 1,
  /** The workload called a host function. */
  HOSTCALL = 2,
  /** Fuel ran out (or a stop was requested); pc is at a FUEL instruction. */
  YIELD = 3,
  /** An instrumentation probe fired (later work). */
  PROBE = 4,
}
