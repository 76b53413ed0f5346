// The one error type runtime adapters raise for Ferry's own failures: a
// one-line message and the exit code `ferry run` ends with (2 for bad usage
// or input, 3 for a workload trap).

/** A failure of `ferry run` itself (not of the workload). */
export class RunFailure extends Error {
  override name = "RunFailure";
  /** Creates the failure; `detail` lines (a backtrace) are printed after the message. */
  constructor(message: string, readonly exitCode = 2, readonly detail = "") {
    super(message);
  }
}
