// The one error type runtime adapters raise for Ferry's own failures: a
// one-line message and the exit code `ferry run` ends with (2 for bad usage
// or input, 3 for a workload trap), and how a command reports any error
// that escapes it.

import process from "node:process";

/** A failure of `ferry run` itself (not of the workload). */
export class RunFailure extends Error {
  override name = "RunFailure";
  /** Creates the failure; `detail` lines (a backtrace) are printed after the message. */
  constructor(message: string, readonly exitCode = 2, readonly detail = "") {
    super(message);
  }
}

/**
 * What a command prints for an error that escaped it (without the final
 * newline) and the exit code: a RunFailure's message and detail lines, or
 * one "internal error" line for anything else.
 */
export function describeFailure(e: unknown): { text: string; exitCode: number } {
  if (e instanceof RunFailure) return { text: `ferry: ${e.message}${e.detail ? `\n${e.detail}` : ""}`, exitCode: e.exitCode };
  const msg = e instanceof Error ? e.message : String(e);
  return { text: `ferry: internal error: ${msg.split("\n")[0]}`, exitCode: 2 };
}

/** Prints describeFailure(e) on stderr (and an internal error's stack if FERRY_DEBUG is set); the exit code. */
export function reportFailure(e: unknown): number {
  const f = describeFailure(e);
  process.stderr.write(`${f.text}\n`);
  if (!(e instanceof RunFailure) && process.env.FERRY_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return f.exitCode;
}
