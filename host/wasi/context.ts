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
  /** A poll_oneoff rewound by a checkpoint trigger (host/wasi/interrupt.ts): the resumed call's relative clocks count `waitedNs` as waited. */
  pending?: PendingCall;
}

/** The wait of a rewound poll_oneoff (docs/snapshot-format.md, section 7 "pending"). */
export interface PendingCall {
  call: "poll_oneoff";
  /** Nanoseconds the call had waited before it was rewound (decimal). */
  waitedNs: string;
}

/** Shared by the WASI function groups. */
export interface WasiContext {
  readonly fds: FdTable;
  readonly mem: GuestMemory;
  readonly clock: Clock;
  readonly args: string[];
  readonly env: string[];
  /** The rewound poll_oneoff of a resumed snapshot, until the next poll_oneoff takes it. */
  pending: PendingCall | undefined;
}
