// The canonical snapshot of a suspended workload (DESIGN.md §2), as plain
// data: what migrate/snapshot/format.ts writes and reads and what
// vm-state.ts captures from and restores into the Ferry VM. Nothing here is
// specific to Ferry's internals: pcs are offsets in the original module,
// references are function indices.

import type { WasiState } from "../../host/wasi/index.js";

/** ValType codes (Wasm binary encoding) used in snapshots. */
export const VALTYPE = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, funcref: 0x70, externref: 0x6f } as const;

/** A null reference in a snapshot (funcref values are function indices otherwise). */
export const NULL_REF = 0xffffffff;

/** One call frame. */
export interface FrameState {
  /** Function index in the module (imports counted). */
  funcIndex: number;
  /** Module byte offset of the next instruction this frame runs. */
  pc: number;
  /** Params + declared locals. */
  numLocals: number;
  /** ValType codes: locals, then operand stack (bottom first). */
  types: number[];
  /** Values in the order of `types`: 64-bit patterns (i32/f32 in the low half, refs as function index or NULL_REF). */
  values: bigint[];
}

/** A global (in index order, imports first). */
export interface GlobalState {
  type: number;
  value: bigint;
}

/** A table: its size and elements (function index or NULL_REF). */
export interface TableState {
  elemType: number;
  elems: number[];
}

/** A linear memory: page count and its non-zero 64 KiB pages. */
export interface MemoryState {
  pages: number;
  /** Non-zero pages by page index, each exactly 65536 bytes. */
  chunks: Array<{ page: number; bytes: Uint8Array }>;
}

/** Everything needed to continue a workload elsewhere. */
export interface Snapshot {
  /** SHA-256 of `moduleBytes`. */
  moduleHash: Uint8Array;
  moduleBytes: Uint8Array;
  /** Outermost first. */
  frames: FrameState[];
  globals: GlobalState[];
  tables: TableState[];
  memories: MemoryState[];
  /** Dropped flags of data and element segments, by index. */
  droppedData: boolean[];
  droppedElem: boolean[];
  /** WASI host state (host/wasi `state()`). */
  wasi: WasiState;
  /** Instructions executed before the snapshot. */
  instructions: bigint;
  /** Section 11: the monitors and their counters (migrate/snapshot/monitors-section.ts), if the run had monitors. */
  monitors?: Uint8Array;
  /** Set by decode: the file stored memory deflated (section 9). */
  compressed?: boolean;
}

/** Page size of linear memory. */
export const PAGE = 65536;
