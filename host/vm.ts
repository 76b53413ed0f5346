// Loads build/ferry.wasm into the current JS runtime (Node, Bun or Deno) and
// wraps every ABI export (docs/internals.md) in a typed method. Owns the views
// of the VM's memory: they are re-derived whenever the memory has grown (the
// old ArrayBuffer is then detached), so callers must not keep them across ABI
// calls. Strings come back as pointer + `ferry_str_len`.

import { readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ABI_FUNCTIONS, ErrorKind, Status } from "./abi.js";
import { FerryInternalError } from "./errors.js";

/** The raw exports of build/ferry.wasm (all i32 unless noted). */
export interface FerryExports {
  memory: WebAssembly.Memory;
  ferry_alloc(len: number): number;
  ferry_free(ptr: number): void;
  ferry_str_len(): number;
  ferry_error_kind(): number;
  ferry_error_message(): number;
  ferry_error_offset(): number;
  ferry_module_load(ptr: number, len: number): number;
  ferry_module_type_count(m: number): number;
  ferry_module_type_params(m: number, t: number): number;
  ferry_module_type_results(m: number, t: number): number;
  ferry_module_import_count(m: number): number;
  ferry_module_import_module(m: number, i: number): number;
  ferry_module_import_name(m: number, i: number): number;
  ferry_module_import_kind(m: number, i: number): number;
  ferry_module_import_desc(m: number, i: number, k: number): number;
  ferry_module_export_count(m: number): number;
  ferry_module_export_name(m: number, i: number): number;
  ferry_module_export_kind(m: number, i: number): number;
  ferry_module_export_index(m: number, i: number): number;
  ferry_module_func_type(m: number, f: number): number;
  ferry_module_func_name(m: number, f: number): number;
  ferry_host_func_new(paramsPtr: number, nParams: number, resultsPtr: number, nResults: number, hostId: number): number;
  ferry_global_new(valType: number, mutable: number): number;
  ferry_memory_new(min: number, max: number, hasMax: number): number;
  ferry_table_new(elemType: number, min: number, max: number, hasMax: number): number;
  ferry_instance_new(m: number, importsPtr: number, n: number): number;
  ferry_instance_start(inst: number): number;
  ferry_instance_export(inst: number, i: number): number;
  ferry_instance_memory(inst: number): number;
  ferry_instance_module(inst: number): number;
  ferry_call_begin(func: number): number;
  ferry_run(fuel: number): number;
  ferry_run_within(fuel: number): number;
  ferry_run_slice(fuel: number): number;
  ferry_run_used(): number;
  ferry_hostcall_func(): number;
  ferry_hostcall_args(): number;
  ferry_hostcall_rewind(apply: number): number;
  ferry_trap_unwind(): void;
  ferry_backtrace_count(): number;
  ferry_backtrace_func(i: number): number;
  ferry_backtrace_pc(i: number): number;
  ferry_set_limits(maxDepth: number, stackBytes: number): void;
  ferry_fuel_used(): number;
  ferry_probe_add(func: number, pc: number): number;
  ferry_probe_remove(func: number, pc: number): number;
  ferry_probe_site(func: number, pc: number): number;
  ferry_func_offsets(func: number): number;
  ferry_probe_frame(): number;
  ferry_probe_frame_func(): number;
  ferry_probe_frame_fp(): number;
  ferry_probe_frame_pc(): number;
  ferry_probe_frame_locals(): number;
  ferry_probe_frame_height(): number;
  ferry_probe_frame_types(): number;
  ferry_monitor_enable(mask: number): void;
  ferry_monitor_report(bit: number): number;
  ferry_monitor_report_len(): number;
  ferry_opcode_name(k: number): number;
}

/** The innermost frame of a workload stopped at a PROBE (or YIELD): see `Vm.probeFrame`. */
export interface ProbeFrame {
  /** FuncInst address. */
  func: number;
  /** Address of slot 0: slot k (locals first, then the operand stack) is at fp + 8k. */
  fp: number;
  /** Module byte offset of the instruction about to run. */
  pc: number;
  /** Params + declared locals. */
  numLocals: number;
  /** Operand stack height. */
  height: number;
  /** ValType codes of the locals, then of the operand stack (bottom first); read from the VM when called, valid until it runs again. */
  types: () => Uint8Array;
}

/** The last error recorded by the VM. */
export interface VmError {
  kind: ErrorKind;
  message: string;
  /** Byte offset in the module, or -1. */
  offset: number;
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const utf8enc = new TextEncoder();

/** Finds the project root: the nearest ancestor of this file holding package.json with name "ferry". */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "ferry") return dir;
      } catch {
        // not ours: keep walking up
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new FerryInternalError("cannot find the ferry project root (package.json)");
    dir = up;
  }
}

/** Default path of the VM binary: build/ferry.wasm under the project root. */
export function defaultVmPath(): string {
  return join(projectRoot(), "build", "ferry.wasm");
}

let cachedModule: { path: string; module: WebAssembly.Module } | undefined;

/** Compiles (once per path) the VM binary. */
function vmModule(path: string): WebAssembly.Module {
  if (cachedModule?.path !== path) {
    const bytes = readFileSync(path);
    cachedModule = { path, module: new WebAssembly.Module(bytes) };
  }
  return cachedModule.module;
}

/** Imports the VM may declare; it should declare none (abort is routed internally), these are defensive stubs. */
function vmImports(module: WebAssembly.Module): WebAssembly.Imports {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind !== "function") throw new FerryInternalError(`build/ferry.wasm imports ${imp.kind} ${imp.module}.${imp.name}`);
    const stub =
      imp.name === "seed" ? () => Date.now() :
      imp.name === "abort" ? () => { throw new FerryInternalError("ferry.wasm aborted"); } :
      () => {};
    (imports[imp.module] ??= {})[imp.name] = stub;
  }
  return imports;
}

/** One instance of the guest VM with typed access to its ABI and memory. */
export class FerryVM {
  /** The raw ABI exports. */
  readonly abi: FerryExports;
  private buffer: ArrayBuffer;
  private u8view: Uint8Array;
  private dview: DataView;

  private constructor(instance: WebAssembly.Instance) {
    const exports = instance.exports as unknown as FerryExports;
    const missing = ABI_FUNCTIONS.filter((name) => typeof (exports as unknown as Record<string, unknown>)[name] !== "function");
    if (missing.length > 0 || !(exports.memory instanceof WebAssembly.Memory)) {
      throw new FerryInternalError(
        `build/ferry.wasm does not implement the ABI yet (missing ${missing.length === 0 ? "memory" : missing.length > 4 ? `${missing.length} of ${ABI_FUNCTIONS.length} functions, e.g. ${missing.slice(0, 3).join(", ")}` : missing.join(", ")})`,
      );
    }
    this.abi = exports;
    this.buffer = exports.memory.buffer;
    this.u8view = new Uint8Array(this.buffer);
    this.dview = new DataView(this.buffer);
  }

  /** Instantiates the VM synchronously from `path` (default build/ferry.wasm); the compiled module is cached. */
  static load(path: string = defaultVmPath()): FerryVM {
    const module = vmModule(path);
    return new FerryVM(new WebAssembly.Instance(module, vmImports(module)));
  }

  /** Instantiates the VM asynchronously (for runtimes that limit synchronous compilation). */
  static async loadAsync(path: string = defaultVmPath()): Promise<FerryVM> {
    const bytes = readFileSync(path);
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, vmImports(module));
    return new FerryVM(instance);
  }

  /** Refreshes the views if the VM memory has grown (its old buffer is then detached). */
  private refresh(): void {
    const buf = this.abi.memory.buffer;
    if (buf !== this.buffer) {
      this.buffer = buf;
      this.u8view = new Uint8Array(buf);
      this.dview = new DataView(buf);
    }
  }

  /** A byte view of the whole VM memory; valid until the next ABI call. */
  get u8(): Uint8Array {
    this.refresh();
    return this.u8view;
  }

  /** A DataView of the whole VM memory; valid until the next ABI call. */
  get view(): DataView {
    this.refresh();
    return this.dview;
  }

  /** Reads the u32 at `addr`. */
  u32(addr: number): number {
    return this.view.getUint32(addr, true);
  }

  /** Writes the u32 at `addr`. */
  setU32(addr: number, value: number): void {
    this.view.setUint32(addr, value >>> 0, true);
  }

  /** Reads the 8-byte slot at `addr` as an unsigned 64-bit pattern. */
  u64(addr: number): bigint {
    return this.view.getBigUint64(addr, true);
  }

  /** Writes the 8-byte slot at `addr`. */
  setU64(addr: number, bits: bigint): void {
    this.view.setBigUint64(addr, BigInt.asUintN(64, bits), true);
  }

  /** Reads the str result at `ptr` (length from `ferry_str_len`) as raw bytes (a copy). */
  strBytes(ptr: number): Uint8Array {
    const len = this.abi.ferry_str_len();
    if (ptr === 0 || len <= 0) return new Uint8Array(0);
    return this.u8.slice(ptr, ptr + len);
  }

  /** Reads the str result at `ptr` as UTF-8 text. */
  str(ptr: number): string {
    return utf8.decode(this.strBytes(ptr));
  }

  /** Copies `bytes` into a fresh VM buffer; free it with `free`. */
  copyIn(bytes: Uint8Array): number {
    const ptr = this.abi.ferry_alloc(Math.max(bytes.length, 1));
    if (ptr === 0 || ptr === -1) throw new FerryInternalError(`ferry_alloc(${bytes.length}) failed`);
    this.u8.set(bytes, ptr);
    return ptr;
  }

  /** Copies a string into a fresh VM buffer as UTF-8; returns [ptr, len]. */
  copyInString(s: string): [number, number] {
    const bytes = utf8enc.encode(s);
    return [this.copyIn(bytes), bytes.length];
  }

  /** Frees a buffer from `copyIn`. */
  free(ptr: number): void {
    this.abi.ferry_free(ptr);
  }

  /** The last recorded error (kind NONE if the last ABI call succeeded). */
  lastError(): VmError {
    const kind = this.abi.ferry_error_kind() as ErrorKind;
    if (kind === ErrorKind.NONE) return { kind, message: "", offset: -1 };
    const offset = this.abi.ferry_error_offset();
    const message = this.str(this.abi.ferry_error_message());
    return { kind, message, offset };
  }

  // ---- modules --------------------------------------------------------------

  /** Decodes, validates and translates module bytes; returns the module handle or -1 (see `lastError`). */
  moduleLoad(bytes: Uint8Array): number {
    const ptr = this.copyIn(bytes);
    try {
      return this.abi.ferry_module_load(ptr, bytes.length);
    } finally {
      this.free(ptr);
    }
  }

  /** Number of types in module `m`. */
  moduleTypeCount(m: number): number {
    return this.abi.ferry_module_type_count(m);
  }

  /** Param ValType codes of type `t`. */
  moduleTypeParams(m: number, t: number): number[] {
    return Array.from(this.strBytes(this.abi.ferry_module_type_params(m, t)));
  }

  /** Result ValType codes of type `t`. */
  moduleTypeResults(m: number, t: number): number[] {
    return Array.from(this.strBytes(this.abi.ferry_module_type_results(m, t)));
  }

  /** Number of imports of module `m`. */
  moduleImportCount(m: number): number {
    return this.abi.ferry_module_import_count(m);
  }

  /** Module name of import `i`. */
  moduleImportModule(m: number, i: number): string {
    return this.str(this.abi.ferry_module_import_module(m, i));
  }

  /** Field name of import `i`. */
  moduleImportName(m: number, i: number): string {
    return this.str(this.abi.ferry_module_import_name(m, i));
  }

  /** ExternKind of import `i`. */
  moduleImportKind(m: number, i: number): number {
    return this.abi.ferry_module_import_kind(m, i);
  }

  /** Descriptor field `k` of import `i` (see ImportDesc in abi.ts). */
  moduleImportDesc(m: number, i: number, k: number): number {
    return this.abi.ferry_module_import_desc(m, i, k);
  }

  /** Number of exports of module `m`. */
  moduleExportCount(m: number): number {
    return this.abi.ferry_module_export_count(m);
  }

  /** Name of export `i`. */
  moduleExportName(m: number, i: number): string {
    return this.str(this.abi.ferry_module_export_name(m, i));
  }

  /** ExternKind of export `i`. */
  moduleExportKind(m: number, i: number): number {
    return this.abi.ferry_module_export_kind(m, i);
  }

  /** Index (in its kind's index space) of export `i`. */
  moduleExportIndex(m: number, i: number): number {
    return this.abi.ferry_module_export_index(m, i);
  }

  /** Type index of function `f` (imports included). */
  moduleFuncType(m: number, f: number): number {
    return this.abi.ferry_module_func_type(m, f);
  }

  /** Name of function `f` from the name section, "" if none. */
  moduleFuncName(m: number, f: number): string {
    return this.str(this.abi.ferry_module_func_name(m, f));
  }

  // ---- store objects --------------------------------------------------------

  /** Creates a host FuncInst of the given signature, tagged with `hostId`; 0 on failure. */
  hostFuncNew(params: number[], results: number[], hostId: number): number {
    const p = this.copyIn(Uint8Array.from(params));
    const r = this.copyIn(Uint8Array.from(results));
    try {
      return this.abi.ferry_host_func_new(p, params.length, r, results.length, hostId);
    } finally {
      this.free(p);
      this.free(r);
    }
  }

  /** Creates a GlobalInst (value zero); 0 on failure. */
  globalNew(valType: number, mutable: boolean): number {
    return this.abi.ferry_global_new(valType, mutable ? 1 : 0);
  }

  /** Creates a MemInst; 0 on failure. */
  memoryNew(min: number, max: number | undefined): number {
    return this.abi.ferry_memory_new(min, max ?? 0, max === undefined ? 0 : 1);
  }

  /** Creates a TableInst (elements null); 0 on failure. */
  tableNew(elemType: number, min: number, max: number | undefined): number {
    return this.abi.ferry_table_new(elemType, min, max ?? 0, max === undefined ? 0 : 1);
  }

  /** Instantiates module `m` with import record addresses in import order; -1 on failure. */
  instanceNew(m: number, imports: number[]): number {
    const ptr = this.abi.ferry_alloc(Math.max(imports.length * 4, 4));
    if (ptr === 0 || ptr === -1) throw new FerryInternalError("ferry_alloc failed");
    try {
      for (let i = 0; i < imports.length; i++) this.setU32(ptr + 4 * i, imports[i]!);
      return this.abi.ferry_instance_new(m, ptr, imports.length);
    } finally {
      this.free(ptr);
    }
  }

  /** FuncInst of the start function of `inst`, 0 if none. */
  instanceStart(inst: number): number {
    return this.abi.ferry_instance_start(inst);
  }

  /** Record address of export `i` of `inst`. */
  instanceExport(inst: number, i: number): number {
    return this.abi.ferry_instance_export(inst, i);
  }

  /** MemInst of memory 0 of `inst`, or 0. */
  instanceMemory(inst: number): number {
    return this.abi.ferry_instance_memory(inst);
  }

  /** Module handle of `inst`. */
  instanceModule(inst: number): number {
    return this.abi.ferry_instance_module(inst);
  }

  // ---- execution ------------------------------------------------------------

  /** Begins an invocation of a wasm FuncInst; returns the args pointer, 0 on exhaustion. */
  callBegin(func: number): number {
    return this.abi.ferry_call_begin(func);
  }

  /** Runs until a status; fuel < 0 means unlimited. */
  run(fuel: number): Status {
    return this.abi.ferry_run(fuel) as Status;
  }

  /** Runs until a status or the last segment start within `fuel` instructions (an upper bound, no exact stop). */
  runWithin(fuel: number): Status {
    return this.abi.ferry_run_within(fuel) as Status;
  }

  /** Like runWithin, but YIELD always follows progress (a segment dearer than `fuel` runs whole): a slice of a periodic check with no budget. */
  runSlice(fuel: number): Status {
    return this.abi.ferry_run_slice(fuel) as Status;
  }

  /** Instructions charged by the last run, runWithin or runSlice. */
  runUsed(): number {
    return this.abi.ferry_run_used();
  }

  /** FuncInst of the pending host call. */
  hostcallFunc(): number {
    return this.abi.ferry_hostcall_func();
  }

  /** Args (and results) pointer of the pending host call. */
  hostcallArgs(): number {
    return this.abi.ferry_hostcall_args();
  }

  /** Moves the pending host call back before its `call` instruction (assembly/exec/rewind.ts); false if it cannot be. With `apply` false, only checks. */
  hostcallRewind(apply = true): boolean {
    return this.abi.ferry_hostcall_rewind(apply ? 1 : 0) === 1;
  }

  /** Pops the frames of the trapped (or abandoned) innermost invocation. */
  trapUnwind(): void {
    this.abi.ferry_trap_unwind();
  }

  /** Backtrace of the last trap or current suspended state, innermost first: [FuncInst, original pc]. */
  backtrace(): Array<[number, number]> {
    const n = this.abi.ferry_backtrace_count();
    const frames: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) frames.push([this.abi.ferry_backtrace_func(i), this.abi.ferry_backtrace_pc(i)]);
    return frames;
  }

  /** Sets the call-depth and value-stack limits (before the first call). */
  setLimits(maxDepth: number, stackBytes: number): void {
    this.abi.ferry_set_limits(maxDepth, stackBytes);
  }

  /** Instructions charged since the VM was created. */
  fuelUsed(): number {
    return this.abi.ferry_fuel_used();
  }

  /** Sets a probe before the instruction at module offset `pc` of wasm FuncInst `func`; throws on a bad offset. */
  probeAdd(func: number, pc: number): void {
    if (this.abi.ferry_probe_add(func, pc) !== 0) throw new FerryInternalError(this.lastError().message);
  }

  /** Removes one probe set by `probeAdd`; throws if none is set there. */
  probeRemove(func: number, pc: number): void {
    if (this.abi.ferry_probe_remove(func, pc) !== 0) throw new FerryInternalError(this.lastError().message);
  }

  /** Whether a probe can be set at module offset `pc` of `func` (an instruction of reachable code). */
  probeSite(func: number, pc: number): boolean {
    return this.abi.ferry_probe_site(func, pc) === 1;
  }

  /** Module offsets of every instruction of wasm FuncInst `func`'s body, in order (including unreachable code). */
  funcOffsets(func: number): number[] {
    const bytes = this.strBytes(this.abi.ferry_func_offsets(func));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out: number[] = [];
    for (let i = 0; i + 4 <= bytes.length; i += 4) out.push(view.getUint32(i, true));
    return out;
  }

  /** The innermost frame after a PROBE or YIELD status; throws if there is none at an instruction boundary. */
  probeFrame(): ProbeFrame {
    if (this.abi.ferry_probe_frame() !== 0) throw new FerryInternalError(this.lastError().message);
    return {
      func: this.abi.ferry_probe_frame_func(),
      fp: this.abi.ferry_probe_frame_fp(),
      pc: this.abi.ferry_probe_frame_pc(),
      numLocals: this.abi.ferry_probe_frame_locals(),
      height: this.abi.ferry_probe_frame_height(),
      types: () => this.strBytes(this.abi.ferry_probe_frame_types()),
    };
  }

  /** Turns on the monitors of mask `mask` (instrument/monitors/) for the next instance made. */
  monitorEnable(mask: number): void {
    this.abi.ferry_monitor_enable(mask);
  }

  /** The raw rows of monitor `bit` as numbers (exact below 2^53), or undefined if it is not enabled. */
  monitorRows(bit: number): number[] | undefined {
    const ptr = this.abi.ferry_monitor_report(bit);
    if (ptr === 0) return undefined;
    const n = this.abi.ferry_monitor_report_len();
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(Number(this.u64(ptr + 8 * i)));
    return out;
  }

  /** Mnemonic of an opcode key of the opcodes monitor. */
  opcodeName(key: number): string {
    return this.str(this.abi.ferry_opcode_name(key));
  }
}

export { Status };
