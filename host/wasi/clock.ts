// WASI clocks: realtime, monotonic (kept running forward across a snapshot
// and restore by a saved offset), process and thread CPU time; and the
// clock_res_get / clock_time_get functions.

import process from "node:process";
import { ClockId } from "./constants.js";
import { Errno, WasiError } from "./errno.js";
import type { WasiContext, WasiFunction } from "./context.js";

/** Serialisable clock state: the workload's monotonic time when it was captured, in nanoseconds (decimal string). */
export interface ClockState {
  monotonicNs: string;
}

/** The clocks of one workload. */
export class Clock {
  /** Added to the host's monotonic time to give the workload's. */
  private offset: bigint;
  private readonly realBase: bigint;
  private readonly hrBase: bigint;

  /** Starts the clocks; a restored state makes monotonic time continue from where it was captured. */
  constructor(state?: ClockState) {
    this.hrBase = process.hrtime.bigint();
    this.realBase = BigInt(Date.now()) * 1_000_000n;
    this.offset = state === undefined ? 0n : BigInt(state.monotonicNs) - this.hrBase;
  }

  /** Current time of clock `id` in nanoseconds; EINVAL for an unknown clock. */
  now(id: number): bigint {
    switch (id) {
      case ClockId.REALTIME: return this.realBase + (process.hrtime.bigint() - this.hrBase);
      case ClockId.MONOTONIC: return process.hrtime.bigint() + this.offset;
      case ClockId.PROCESS_CPUTIME:
      case ClockId.THREAD_CPUTIME: {
        const u = process.cpuUsage();
        return BigInt(u.user + u.system) * 1000n;
      }
      default: throw new WasiError(Errno.INVAL);
    }
  }

  /** Resolution of clock `id` in nanoseconds. */
  resolution(id: number): bigint {
    switch (id) {
      case ClockId.REALTIME: return 1000n;
      case ClockId.MONOTONIC: return 1n;
      case ClockId.PROCESS_CPUTIME:
      case ClockId.THREAD_CPUTIME: return 1000n;
      default: throw new WasiError(Errno.INVAL);
    }
  }

  /** The serialisable state (monotonic time now). */
  state(): ClockState {
    return { monotonicNs: this.now(ClockId.MONOTONIC).toString() };
  }
}

/** clock_res_get and clock_time_get. */
export function clockFunctions(ctx: WasiContext): Record<string, WasiFunction> {
  return {
    clock_res_get(id: number, resPtr: number): number {
      ctx.mem.setU64(resPtr, ctx.clock.resolution(id));
      return Errno.SUCCESS;
    },
    clock_time_get(id: number, _precision: bigint, timePtr: number): number {
      ctx.mem.setU64(timePtr, ctx.clock.now(id));
      return Errno.SUCCESS;
    },
  };
}
