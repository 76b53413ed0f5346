// Typed mirror of the ABI constants of build/ferry.wasm: statuses, error kinds,
// extern kinds, value types and the layouts of the store records. The source of
// truth is docs/internals.md plus assembly/errors.ts, assembly/module.ts and
// assembly/opcodes.ts; tests/host/abi.test.ts checks that these numbers match.

/** Status returned by `ferry_run` (docs/internals.md, "Execution statuses"). */
export enum Status {
  DONE = 0,
  TRAP = 1,
  HOSTCALL = 2,
  YIELD = 3,
  PROBE = 4,
}

/** Error kinds of assembly/errors.ts, as read by `ferry_error_kind`. */
export enum ErrorKind {
  NONE = 0,
  MALFORMED = 1,
  INVALID = 2,
  LINK = 3,
  TRAP = 4,
  EXHAUSTION = 5,
  INTERNAL = 6,
  SNAPSHOT = 7,
}

/** External kinds as in the binary format (assembly/module.ts). */
export enum ExternKind {
  FUNC = 0,
  TABLE = 1,
  MEMORY = 2,
  GLOBAL = 3,
}

/** Value type codes as in the binary format (assembly/opcodes.ts). */
export enum ValType {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FUNCREF = 0x70,
  EXTERNREF = 0x6f,
}

/** Bytes per value slot: every value occupies one 8-byte slot. */
export const SLOT_BYTES = 8;
/** Bytes per page of linear memory. */
export const PAGE_BYTES = 65536;
/** The null reference (funcref and externref) in a slot. */
export const NULL_REF = 0;
/** `TableInst.max` when the table has no maximum. */
export const NO_MAX = 0xffffffff;

/** FuncInst record (32 bytes): field offsets. */
export enum FuncInst {
  CODE = 0,
  FRAME_BYTES = 4,
  NUM_PARAMS = 8,
  NUM_RESULTS = 12,
  NUM_LOCALS = 16,
  TYPE_ID = 20,
  INSTANCE = 24,
  INDEX = 28,
  SIZE = 32,
}

/** MemInst record (16 bytes): field offsets. */
export enum MemInst {
  BASE = 0,
  PAGES = 4,
  MAX = 8,
  CAP = 12,
  SIZE = 16,
}

/** TableInst record (16 bytes): field offsets. */
export enum TableInst {
  ELEMS = 0,
  SIZE = 4,
  MAX = 8,
  ELEM_TYPE = 12,
  BYTES = 16,
}

/** GlobalInst record (16 bytes): field offsets. */
export enum GlobalInst {
  VALUE = 0,
  VAL_TYPE = 8,
  MUTABLE = 12,
  SIZE = 16,
}

/** DataInst / ElemInst records (8 bytes): field offsets. */
export enum SegInst {
  PTR = 0,
  LEN = 4,
  SIZE = 8,
}

/** Instance record (16 bytes): field offsets. */
export enum InstanceRec {
  MEM0 = 0,
  ID = 4,
  SIZE = 16,
}

/** `ferry_module_import_desc` selectors (k argument). */
export enum ImportDesc {
  /** func: type index; table: elemType; global: valType. */
  TYPE = 0,
  /** table/memory: min; global: mutable (k=1 is shared by both meanings). */
  MIN = 1,
  MUTABLE = 1,
  MAX = 2,
  HAS_MAX = 3,
}

/** Names of every export of build/ferry.wasm the host uses (docs/internals.md, "The ABI"). */
export const ABI_FUNCTIONS = [
  "ferry_alloc", "ferry_free", "ferry_str_len",
  "ferry_error_kind", "ferry_error_message", "ferry_error_offset",
  "ferry_module_load",
  "ferry_module_type_count", "ferry_module_type_params", "ferry_module_type_results",
  "ferry_module_import_count", "ferry_module_import_module", "ferry_module_import_name",
  "ferry_module_import_kind", "ferry_module_import_desc",
  "ferry_module_export_count", "ferry_module_export_name", "ferry_module_export_kind",
  "ferry_module_export_index",
  "ferry_module_func_type", "ferry_module_func_name",
  "ferry_host_func_new", "ferry_global_new", "ferry_memory_new", "ferry_table_new",
  "ferry_instance_new", "ferry_instance_start", "ferry_instance_export",
  "ferry_instance_memory", "ferry_instance_module",
  "ferry_call_begin", "ferry_run", "ferry_run_within", "ferry_hostcall_func", "ferry_hostcall_args", "ferry_hostcall_rewind",
  "ferry_trap_unwind",
  "ferry_backtrace_count", "ferry_backtrace_func", "ferry_backtrace_pc",
  "ferry_set_limits", "ferry_fuel_used",
  // Slices of a checkpoint trigger's look at its flag (host/ferry-engine.ts runArmed).
  "ferry_run_slice", "ferry_run_used",
  // Snapshot state (assembly/exec/state.ts; used by migrate/snapshot/vm-state.ts).
  "ferry_state_frames", "ferry_state_frame_func", "ferry_state_frame_pc", "ferry_state_frame_fp",
  "ferry_state_frame_locals", "ferry_state_frame_height", "ferry_state_frame_types",
  "ferry_state_push_frame", "ferry_state_restore_end", "ferry_state_restore_reset",
  "ferry_state_item_count", "ferry_state_item", "ferry_state_memory_set_pages", "ferry_state_table_set_size",
  "ferry_state_set_fuel_used",
  // Probes (assembly/exec/probe.ts; used by instrument/).
  "ferry_probe_add", "ferry_probe_remove", "ferry_probe_site", "ferry_func_offsets",
  "ferry_probe_frame", "ferry_probe_frame_func", "ferry_probe_frame_fp", "ferry_probe_frame_pc",
  "ferry_probe_frame_locals", "ferry_probe_frame_height", "ferry_probe_frame_types",
  // Monitors (assembly/monitor/; used by instrument/monitors/).
  "ferry_monitor_enable", "ferry_monitor_report", "ferry_monitor_report_len", "ferry_opcode_name",
  "ferry_monitor_save", "ferry_monitor_save_len", "ferry_monitor_mask_of", "ferry_monitor_load",
] as const;

/** Name of one ABI export. */
export type AbiFunction = (typeof ABI_FUNCTIONS)[number];
