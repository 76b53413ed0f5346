// The ABI of build/ferry.wasm (docs/internals.md, "The ABI"): the only file
// the host talks to. Thin wrappers: argument checks, error clearing, string
// results through a scratch buffer; the work happens in binary/, compile/,
// runtime/ and exec/.

import { CompiledModule } from "./compiled";
import { decodeModule } from "./binary/decode";
import { compileModule } from "./compile/index";
import { ErrorKind, clearError, errorKind, errorMessage, errorOffset, fail } from "./errors";
import { ExternKind, Module } from "./module";
import { backtraceFunc, backtracePc, collectBacktrace } from "./exec/backtrace";
import { Machine, RunState, beginInvocation, endInvocation, setLimits } from "./exec/frames";
import { runSliced } from "./exec/driver";
import { rewindHostCall } from "./exec/rewind";
import { Status } from "./exec/status";
import { globalNew } from "./runtime/global";
import { hostFuncFromBytes, instantiate } from "./runtime/instance";
import { memNew } from "./runtime/memory";
import { InstRec, InstanceData, instanceData, modules } from "./runtime/store";
import { tableNew } from "./runtime/table";
import { opName, opNameFC } from "./opcodes";
import { monitorAttach } from "./monitor/attach";
import { monInvoke } from "./monitor/events";
import { monitorReport } from "./monitor/report";
import { rowsLen, rowsPtr } from "./monitor/rows";
import { monitorMask, noteStop, noteTrap, setMask, watched } from "./monitor/state";
import { MonitorBit } from "./monitor/kinds";
import { monitorSave } from "./monitor/canon-save";
import { canonMask, monitorLoad } from "./monitor/canon-load";
import { outLen, outPtr } from "./monitor/canon-bytes";
import {
  frameFp, frameFunc, frameHeight, frameLocals, framePc, frameTypes, instanceCount, instanceItem, memorySetPages,
  restoreEnd, restorePush, restoreReset, setFuelUsed, stateCapture, tableSetSize,
} from "./exec/state";
import {
  funcOffsets, isProbeSite, probeAdd, probeForget, probeFrame, probeFrameHeight, probeFrameLocals, probeFrameOffset,
  probeFrameTypes, probeRemove,
} from "./exec/probe";

/** Called by AssemblyScript on an internal assertion failure: a Ferry bug. */
export function ferryAbort(msg: usize, file: usize, line: u32, col: u32): void {
  unreachable();
}

// ---- buffers and strings ----------------------------------------------------

/** Largest buffer ferry_alloc hands out (TLSF blocks stay below 1 GiB). */
const MAX_ALLOC: i32 = (1 << 30) - 1024;

/** Allocates a raw buffer of len bytes for passing data in; 0 on failure. */
export function ferry_alloc(len: i32): u32 {
  if (len < 0 || len > MAX_ALLOC) return 0;
  return <u32>heap.alloc(len > 0 ? <usize>len : 1);
}

/** Frees a buffer from ferry_alloc. */
export function ferry_free(ptr: u32): void {
  if (ptr != 0) heap.free(ptr);
}

let strBuf: usize = 0;
let strCap: usize = 0;
let strLen: i32 = 0;

/** Copies len bytes at src into the scratch buffer and returns it (the str result convention). */
function strBytes(src: usize, len: usize): u32 {
  if (strBuf == 0 || len > strCap) {
    const cap = len < 64 ? <usize>64 : len;
    if (strBuf != 0) heap.free(strBuf);
    strBuf = heap.alloc(cap);
    strCap = cap;
  }
  if (len > 0) memory.copy(strBuf, src, len);
  strLen = <i32>len;
  return <u32>strBuf;
}

/** Returns s as UTF-8 in the scratch buffer. */
function strResult(s: string): u32 {
  const b = String.UTF8.encode(s);
  return strBytes(changetype<usize>(b), <usize>b.byteLength);
}

/** Returns the bytes of a u8 array in the scratch buffer. */
function bytesResult(a: u8[]): u32 {
  return strBytes(a.dataStart, <usize>a.length);
}

/** Length of the last str result. */
export function ferry_str_len(): i32 {
  return strLen;
}

// ---- errors -------------------------------------------------------------------

/** ErrorKind of the last failure, 0 if none. */
export function ferry_error_kind(): i32 {
  return <i32>errorKind();
}

/** Message of the last failure (str). */
export function ferry_error_message(): u32 {
  return strResult(errorMessage());
}

/** Module byte offset of the last decoding/validation failure, or -1. */
export function ferry_error_offset(): i32 {
  return errorOffset();
}

// ---- modules ------------------------------------------------------------------

/** Decodes, validates and translates len bytes at ptr (copied); returns the module handle or -1. */
export function ferry_module_load(ptr: u32, len: i32): i32 {
  clearError();
  if (len < 0) {
    fail(ErrorKind.MALFORMED, "unexpected end");
    return -1;
  }
  const bytes = new Uint8Array(len);
  if (len > 0) memory.copy(bytes.dataStart, ptr, <usize>len);
  const m = decodeModule(bytes);
  if (m == null) {
    if (errorKind() == ErrorKind.NONE) fail(ErrorKind.MALFORMED, "malformed module");
    return -1;
  }
  // The branches monitor rewrites BR_IF/BR_IF_NOT/BR_TABLE in a monitor copy,
  // so it needs code without fused compare+branch instructions.
  const cm = compileModule(m, (monitorMask & MonitorBit.BRANCHES) == 0);
  if (cm == null) {
    if (errorKind() == ErrorKind.NONE) fail(ErrorKind.INVALID, "invalid module");
    return -1;
  }
  modules.push(cm);
  return modules.length - 1;
}

/** The Module of handle h, or null (error recorded). */
function moduleOf(h: i32): Module | null {
  if (h < 0 || h >= modules.length) {
    fail(ErrorKind.INTERNAL, "unknown module handle " + h.toString());
    return null;
  }
  return modules[h].module;
}

/** Number of types of module m. */
export function ferry_module_type_count(m: i32): i32 {
  const mod = moduleOf(m);
  return mod == null ? -1 : mod.types.length;
}

/** Param ValType bytes of type t (str). */
export function ferry_module_type_params(m: i32, t: i32): u32 {
  const mod = moduleOf(m);
  if (mod == null || t < 0 || t >= mod.types.length) return strBytes(0, 0);
  return bytesResult(mod.types[t].params);
}

/** Result ValType bytes of type t (str). */
export function ferry_module_type_results(m: i32, t: i32): u32 {
  const mod = moduleOf(m);
  if (mod == null || t < 0 || t >= mod.types.length) return strBytes(0, 0);
  return bytesResult(mod.types[t].results);
}

/** Number of imports of module m. */
export function ferry_module_import_count(m: i32): i32 {
  const mod = moduleOf(m);
  return mod == null ? -1 : mod.imports.length;
}

/** Module name of import i (str). */
export function ferry_module_import_module(m: i32, i: i32): u32 {
  const mod = moduleOf(m);
  if (mod == null || i < 0 || i >= mod.imports.length) return strBytes(0, 0);
  return strResult(mod.imports[i].module);
}

/** Field name of import i (str). */
export function ferry_module_import_name(m: i32, i: i32): u32 {
  const mod = moduleOf(m);
  if (mod == null || i < 0 || i >= mod.imports.length) return strBytes(0, 0);
  return strResult(mod.imports[i].name);
}

/** ExternKind of import i. */
export function ferry_module_import_kind(m: i32, i: i32): i32 {
  const mod = moduleOf(m);
  if (mod == null || i < 0 || i >= mod.imports.length) return -1;
  return <i32>mod.imports[i].kind;
}

/**
 * Descriptor field k of import i. func: k=0 type index. table: 0 elemType,
 * 1 min, 2 max, 3 hasMax. memory: 1 min, 2 max, 3 hasMax. global: 0 valType, 1 mutable.
 */
export function ferry_module_import_desc(m: i32, i: i32, k: i32): i32 {
  const mod = moduleOf(m);
  if (mod == null || i < 0 || i >= mod.imports.length) return -1;
  const im = mod.imports[i];
  switch (im.kind) {
    case ExternKind.FUNC:
      return k == 0 ? <i32>im.typeIdx : -1;
    case ExternKind.TABLE: {
      const l = im.table.limits;
      if (k == 0) return <i32>im.table.elemType;
      if (k == 1) return <i32>l.min;
      if (k == 2) return <i32>l.max;
      if (k == 3) return l.hasMax ? 1 : 0;
      return -1;
    }
    case ExternKind.MEMORY: {
      const l = im.memory;
      if (k == 1) return <i32>l.min;
      if (k == 2) return <i32>l.max;
      if (k == 3) return l.hasMax ? 1 : 0;
      return -1;
    }
    case ExternKind.GLOBAL:
      if (k == 0) return <i32>im.global.valType;
      if (k == 1) return im.global.mutable ? 1 : 0;
      return -1;
  }
  return -1;
}

/** Number of exports of module m. */
export function ferry_module_export_count(m: i32): i32 {
  const mod = moduleOf(m);
  return mod == null ? -1 : mod.exports.length;
}

/** Name of export i (str). */
export function ferry_module_export_name(m: i32, i: i32): u32 {
  const mod = moduleOf(m);
  if (mod == null || i < 0 || i >= mod.exports.length) return strBytes(0, 0);
  return strResult(mod.exports[i].name);
}

/** ExternKind of export i. */
export function ferry_module_export_kind(m: i32, i: i32): i32 {
  const mod = moduleOf(m);
  if (mod == null || i < 0 || i >= mod.exports.length) return -1;
  return <i32>mod.exports[i].kind;
}

/** Index (in its kind's index space) of export i. */
export function ferry_module_export_index(m: i32, i: i32): i32 {
  const mod = moduleOf(m);
  if (mod == null || i < 0 || i >= mod.exports.length) return -1;
  return <i32>mod.exports[i].index;
}

/** Type index of function f (imports included). */
export function ferry_module_func_type(m: i32, f: i32): i32 {
  const mod = moduleOf(m);
  if (mod == null || f < 0 || <u32>f >= mod.totalFuncs()) return -1;
  return <i32>mod.funcTypeIdx(<u32>f);
}

/** Name of function f from the name section, "" if none (str). */
export function ferry_module_func_name(m: i32, f: i32): u32 {
  const mod = moduleOf(m);
  if (mod == null || f < 0 || !mod.funcNames.has(<u32>f)) return strBytes(0, 0);
  return strResult(mod.funcNames.get(<u32>f));
}

// ---- store objects made by the host ---------------------------------------------

/** A host function of the given signature (ValType bytes), tagged with hostId. */
export function ferry_host_func_new(paramsPtr: u32, nParams: i32, resultsPtr: u32, nResults: i32, hostId: i32): u32 {
  clearError();
  if (nParams < 0 || nResults < 0 || nParams > 100000 || nResults > 100000) {
    fail(ErrorKind.INTERNAL, "bad host function signature");
    return 0;
  }
  return <u32>hostFuncFromBytes(paramsPtr, <u32>nParams, resultsPtr, <u32>nResults, <u32>hostId);
}

/** A global of valType, value zero (the host writes +0). */
export function ferry_global_new(valType: i32, mutable: i32): u32 {
  clearError();
  return <u32>globalNew(<u32>valType, mutable != 0);
}

/** A memory of min pages. */
export function ferry_memory_new(min: i32, max: i32, hasMax: i32): u32 {
  clearError();
  return <u32>memNew(<u32>min, <u32>max, hasMax != 0);
}

/** A table of min null elements. */
export function ferry_table_new(elemType: i32, min: i32, max: i32, hasMax: i32): u32 {
  clearError();
  return <u32>tableNew(<u32>elemType, <u32>min, <u32>max, hasMax != 0);
}

// ---- instances --------------------------------------------------------------------

/** Instantiates module m with n import record addresses at importsPtr; the Instance record or -1. */
export function ferry_instance_new(m: i32, importsPtr: u32, n: i32): i32 {
  clearError();
  if (moduleOf(m) == null) return -1;
  if (n < 0) {
    fail(ErrorKind.LINK, "unknown import");
    return -1;
  }
  const rec = instantiate(modules[m], m, importsPtr, <u32>n);
  if (rec == 0) return -1;
  // Monitors watch the first instance made after ferry_monitor_enable.
  if (monitorMask != 0 && watched == null && !monitorAttach(changetype<InstanceData>(instanceData(rec)))) return -1;
  return <i32>rec;
}

/** The InstanceData of an instance handle, or null (error recorded). */
function instOf(inst: u32): InstanceData | null {
  const d = instanceData(inst);
  if (d == null) fail(ErrorKind.INTERNAL, "unknown instance " + inst.toString());
  return d;
}

/** The start function's FuncInst, 0 if none. */
export function ferry_instance_start(inst: u32): u32 {
  const d = instOf(inst);
  return d == null ? 0 : d.start;
}

/** Address of export i's record (kind from the module's export i). */
export function ferry_instance_export(inst: u32, i: i32): u32 {
  const d = instOf(inst);
  if (d == null) return 0;
  const exps = d.compiled.module.exports;
  if (i < 0 || i >= exps.length) return 0;
  const e = exps[i];
  let a: u32[];
  switch (e.kind) {
    case ExternKind.FUNC: a = d.funcs; break;
    case ExternKind.TABLE: a = d.tables; break;
    case ExternKind.MEMORY: a = d.mems; break;
    case ExternKind.GLOBAL: a = d.globals; break;
    default: return 0;
  }
  return e.index < <u32>a.length ? a[e.index] : 0;
}

/** MemInst of memory 0, or 0. */
export function ferry_instance_memory(inst: u32): u32 {
  const d = instOf(inst);
  return d == null ? 0 : load<u32>(d.record, InstRec.MEM0);
}

/** Module handle of an instance, or -1. */
export function ferry_instance_module(inst: u32): i32 {
  const d = instOf(inst);
  return d == null ? -1 : d.moduleHandle;
}

// ---- execution ------------------------------------------------------------------------

/** Starts an invocation of wasm FuncInst func; returns the args pointer, 0 on failure (EXHAUSTION when full). */
export function ferry_call_begin(func: u32): u32 {
  clearError();
  if (Machine.state == RunState.TRAPPED) endInvocation();
  if (func == 0) {
    fail(ErrorKind.INTERNAL, "ferry_call_begin: null function");
    return 0;
  }
  const args = <u32>beginInvocation(func);
  if (args != 0 && monitorMask != 0) monInvoke(func);
  return args;
}

/** Runs the innermost invocation until a status; fuel < 0 means unlimited. */
export function ferry_run(fuel: f64): i32 {
  return runStatus(fuel, true);
}

/**
 * Like ferry_run, but the budget is an upper bound: YIELD at the last segment
 * start within `fuel` instructions, without an exact stop (no step copy), so
 * slices of periodic host checks (checkpoint triggers) cost nothing extra.
 */
export function ferry_run_within(fuel: f64): i32 {
  return runStatus(fuel, false);
}

/**
 * A slice of a periodic host check with no budget (a `--checkpoint-on`
 * trigger): like ferry_run_within, but a YIELD always follows progress (a
 * segment dearer than `fuel` runs whole), so the host's loop needs no other
 * call per slice than this one.
 */
export function ferry_run_slice(fuel: f64): i32 {
  return runStatus(fuel, false, true);
}

/** Instructions charged by the last ferry_run, ferry_run_within or ferry_run_slice. */
export function ferry_run_used(): f64 {
  return <f64>lastRunUsed;
}

/** Fuel charged by the last run call (ferry_run_used). */
let lastRunUsed: u64 = 0;

function runStatus(fuel: f64, exact: bool, progress: bool = false): i32 {
  lastRunUsed = 0;
  // A trapped invocation stays trapped (its error stays readable) until unwound.
  if (Machine.state == RunState.TRAPPED) return Status.TRAP;
  clearError();
  if (Machine.state == RunState.NONE) {
    fail(ErrorKind.INTERNAL, "ferry_run: no invocation in progress");
    return Status.TRAP;
  }
  // NaN or negative: unlimited; large budgets saturate (i64 fuel never runs out in practice).
  const f: i64 = !(fuel >= 0) || fuel >= 9.0e18 ? i64.MAX_VALUE : <i64>fuel;
  const before = Machine.fuelUsed;
  const status = runSliced(f, exact, progress);
  lastRunUsed = Machine.fuelUsed - before;
  // Monitors: where a trap stopped (its segment's rest did not run).
  if (status == Status.TRAP && monitorMask != 0) noteTrap(Machine.pc, Machine.func);
  return status;
}

/** FuncInst of the pending host call, 0 if none. */
export function ferry_hostcall_func(): u32 {
  return Machine.state == RunState.HOSTCALL ? <u32>Machine.hostFunc : 0;
}

/** Args (and results) pointer of the pending host call, 0 if none. */
export function ferry_hostcall_args(): u32 {
  return Machine.state == RunState.HOSTCALL ? <u32>Machine.hostArgs : 0;
}

/** Moves a pending host call back before its `call` (exec/rewind.ts; apply 0: only checks that it can); 1, or 0 with the error recorded. */
export function ferry_hostcall_rewind(apply: i32): i32 {
  clearError();
  return rewindHostCall(apply != 0) ? 1 : 0;
}

/** Pops the innermost invocation (after TRAP, or to abandon a suspended one). */
export function ferry_trap_unwind(): void {
  // Monitors: a suspended run abandoned here (--fuel) did not run the rest of its segment.
  if (monitorMask != 0 && Machine.state == RunState.READY) noteStop(Machine.pc, Machine.func);
  probeForget();
  endInvocation();
}

/** Number of frames of the last trap or of the current suspended state; collects them. */
export function ferry_backtrace_count(): i32 {
  return <i32>collectBacktrace();
}

/** FuncInst of backtrace frame i (innermost first). */
export function ferry_backtrace_func(i: i32): u32 {
  return backtraceFunc(<u32>i);
}

/** Original bytecode offset of backtrace frame i. */
export function ferry_backtrace_pc(i: i32): u32 {
  return backtracePc(<u32>i);
}

/** Sets the call-depth and value-stack limits (0 keeps a limit); before the first call. */
export function ferry_set_limits(maxDepth: i32, stackBytes: i32): void {
  clearError();
  setLimits(<u32>maxDepth, <u32>stackBytes);
}

/** Instructions charged since the VM was created. */
export function ferry_fuel_used(): f64 {
  return <f64>Machine.fuelUsed;
}

// ---- snapshot state (exec/state.ts) -------------------------------------------

/** Collects the frames of the workload suspended at a YIELD (outermost first); their number, or -1. */
export function ferry_state_frames(): i32 {
  clearError();
  return stateCapture();
}

/** FuncInst of captured frame i. */
export function ferry_state_frame_func(i: i32): u32 { return frameFunc(<u32>i); }
/** Original pc (module byte offset of the next instruction) of captured frame i. */
export function ferry_state_frame_pc(i: i32): u32 { return framePc(<u32>i); }
/** fp of captured frame i: slot k is at fp + 8k. */
export function ferry_state_frame_fp(i: i32): u32 { return frameFp(<u32>i); }
/** Params + declared locals of captured frame i. */
export function ferry_state_frame_locals(i: i32): u32 { return frameLocals(<u32>i); }
/** Operand stack height of captured frame i. */
export function ferry_state_frame_height(i: i32): u32 { return frameHeight(<u32>i); }
/** ValType bytes of captured frame i's locals then operand stack (str). */
export function ferry_state_frame_types(i: i32): u32 { return bytesResult(frameTypes(<u32>i)); }

/** Pushes a restored frame (outermost first); returns its fp for the host to fill, 0 on failure. */
export function ferry_state_push_frame(inst: u32, index: u32, pc: u32, height: u32, typesPtr: u32, nTypes: u32): u32 {
  clearError();
  return <u32>restorePush(inst, index, pc, height, typesPtr, nTypes);
}

/** Finishes a restore: ferry_run continues the workload. 0, or -1 on failure. */
export function ferry_state_restore_end(): i32 {
  clearError();
  probeForget();
  return restoreEnd() ? 0 : -1;
}

/** Abandons a restore in progress (then ferry_trap_unwind pops what was pushed). */
export function ferry_state_restore_reset(): void { restoreReset(); }

/** Number of items of kind k (0 func, 1 table, 2 memory, 3 global, 4 data, 5 elem) of an instance, -1 on failure. */
export function ferry_state_item_count(inst: u32, k: u32): i32 {
  clearError();
  return instanceCount(inst, k);
}

/** Record address of item i of kind k of an instance, 0 if out of range. */
export function ferry_state_item(inst: u32, k: u32, i: u32): u32 { return instanceItem(inst, k, i); }

/** Grows a memory to `pages` pages (restore). 0, or -1 on failure. */
export function ferry_state_memory_set_pages(mem: u32, pages: u32): i32 {
  clearError();
  return memorySetPages(mem, pages) ? 0 : -1;
}

/** Grows a table to `size` elements (restore). 0, or -1 on failure. */
export function ferry_state_table_set_size(table: u32, size: u32): i32 {
  clearError();
  return tableSetSize(table, size) ? 0 : -1;
}

/** Sets the instructions-executed counter (restore). */
export function ferry_state_set_fuel_used(n: f64): void { setFuelUsed(n); }

// ---- probes (exec/probe.ts) ------------------------------------------------------

/** Sets a probe before the instruction at original offset `pc` of wasm FuncInst func. 0, or -1 on failure. */
export function ferry_probe_add(func: u32, pc: u32): i32 {
  clearError();
  return probeAdd(func, pc) ? 0 : -1;
}

/** Removes one probe at original offset `pc` of FuncInst func. 0, or -1 on failure. */
export function ferry_probe_remove(func: u32, pc: u32): i32 {
  clearError();
  return probeRemove(func, pc) ? 0 : -1;
}

/** Describes the innermost frame (after PROBE or YIELD) for the ferry_probe_frame_* getters. 0, or -1 on failure. */
export function ferry_probe_frame(): i32 {
  clearError();
  return probeFrame() ? 0 : -1;
}

/** FuncInst of the innermost frame. */
export function ferry_probe_frame_func(): u32 { return <u32>Machine.func; }
/** fp of the innermost frame: slot k at fp + 8k. */
export function ferry_probe_frame_fp(): u32 { return <u32>Machine.fp; }
/** Original offset of the innermost frame's next instruction. */
export function ferry_probe_frame_pc(): u32 { return probeFrameOffset(); }
/** Params + declared locals of the innermost frame. */
export function ferry_probe_frame_locals(): u32 { return probeFrameLocals(); }
/** Operand stack height of the innermost frame. */
export function ferry_probe_frame_height(): u32 { return probeFrameHeight(); }
/** ValType bytes of the innermost frame's locals then operand stack (str). */
export function ferry_probe_frame_types(): u32 { return bytesResult(probeFrameTypes()); }

/** Every original instruction offset of wasm FuncInst func's body, in order, as u32 LE bytes (str). */
export function ferry_func_offsets(func: u32): u32 {
  clearError();
  const a = funcOffsets(func);
  return strBytes(a.dataStart, <usize>a.length << 2);
}

/** 1 if a probe can be set at original offset pc of FuncInst func (an instruction of reachable code), else 0. */
export function ferry_probe_site(func: u32, pc: u32): i32 {
  clearError();
  return isProbeSite(func, pc) ? 1 : 0;
}

// ---- monitors (assembly/monitor/, docs/instrumentation.md) ------------------------

/** Turns on the monitors of MonitorBit mask `mask` for the next instance made (call before ferry_instance_new). */
export function ferry_monitor_enable(mask: i32): void {
  setMask(<u32>mask);
}

/** Fills the raw rows of monitor `bit` (one MonitorBit) and returns their address (u64 values); 0 if not enabled. */
export function ferry_monitor_report(bit: i32): u32 {
  return monitorReport(<u32>bit) ? <u32>rowsPtr() : 0;
}

/** Number of u64 values of the last ferry_monitor_report. */
export function ferry_monitor_report_len(): i32 {
  return <i32>rowsLen();
}

/** Mnemonic of opcode key k of the opcodes monitor (byte, or 0x100 + 0xFC sub-opcode) (str). */
export function ferry_opcode_name(k: i32): u32 {
  return strResult(k >= 0x100 ? opNameFC(<u32>(k - 0x100)) : opName(<u32>k));
}

// ---- monitors in snapshots (section 11: assembly/monitor/canon-*.ts) ---------------

/** Serialises the monitors' state in the canonical form of snapshot section 11; returns its address, 0 if no monitors. */
export function ferry_monitor_save(): u32 {
  clearError();
  return monitorSave() ? <u32>outPtr() : 0;
}

/** Number of bytes of the last ferry_monitor_save. */
export function ferry_monitor_save_len(): i32 {
  return <i32>outLen;
}

/** The monitor mask named by a section 11 payload at ptr (len bytes), 0 on a bad header (error recorded). */
export function ferry_monitor_mask_of(ptr: u32, len: u32): i32 {
  clearError();
  return <i32>canonMask(<usize>ptr, len);
}

/** Loads a section 11 payload into the monitors of the restored instance; 0, or -1 (SNAPSHOT error recorded, nothing loaded). */
export function ferry_monitor_load(ptr: u32, len: u32): i32 {
  clearError();
  return monitorLoad(<usize>ptr, len) ? 0 : -1;
}
