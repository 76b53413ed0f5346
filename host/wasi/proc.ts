// proc_exit (ends the workload by throwing WasiExit, which the runner turns
// into the exit code), proc_raise (not supported) and sched_yield.

import { Errno } from "./errno.js";
import type { WasiContext, WasiFunction } from "./context.js";

/** Thrown by proc_exit through the engine to whoever started the workload; carries the exit code. */
export class WasiExit extends Error {
  override name = "WasiExit";
  /** Creates the exit for `code` (0..255 as the workload gave it, unsigned). */
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** proc_exit, proc_raise, sched_yield. */
export function procFunctions(_ctx: WasiContext): Record<string, WasiFunction> {
  return {
    proc_exit(code: number): void {
      throw new WasiExit(code >>> 0);
    },
    proc_raise(_signal: number): number {
      return Errno.NOSYS;
    },
    sched_yield(): number {
      return Errno.SUCCESS;
    },
  };
}
