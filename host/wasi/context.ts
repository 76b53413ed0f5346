// What every group of WASI functions shares: the fd table, the workload
// memory, the clocks, and the program's arguments and environment. One
// context per workload instance; its `state()` is the serialisable part.

import type { FdTable, FdTableState } from "./fd-table.js";
import type { GuestMemory } from "./memory.js";
import type { Clock, ClockState } from "./clock.js";

/** A WASI function as the workload calls it: i32 parameters as unsigned numbers, i64 as bigint; returns an errno. */
export type WasiFunction = (...args: any[]) => number | void;

/** The serialisable WASI state of one workload (JSON-ready: numbers and strings only). */
export interface WasiState {
  version: 1;
  args: string[];
  /** Environment entries, `KEY=VALUE`. */
  env: string[];
  fds: FdTableState;
  clock: ClockState;
}

/** Shared by the WASI function groups. */
export interface WasiContext {
  readonly fds: FdTable;
  readonly mem: GuestMemory;
  readonly clock: Clock;
  readonly args: string[];
  readonly env: string[];
}
