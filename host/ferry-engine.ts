// FerryEngine: the Engine interface over the guest VM (build/ferry.wasm, via
// host/vm.ts). Owns the status loop: run in fuel slices, answer HOSTCALL by
// calling the JS function and writing its results back, let host functions
// call back into the VM (nested invocations), turn TRAP into FerryTrap /
// FerryExhaustion with a named backtrace. Also owns the externref table that
// maps JS values to the nonzero u32 ids the workload sees.

import { ErrorKind, ExternKind, FuncInst, GlobalInst, ImportDesc, MemInst, PAGE_BYTES, SLOT_BYTES, Status, TableInst } from "./abi.js";
import type {
  CompiledModule, Engine, EngineCaps, ExportInfo, Extern, ExternKindName, FuncHandle, GlobalHandle, HostFn,
  ImportInfo, ImportObject, Instance, Limits, MemoryHandle, TableHandle,
} from "./engine.js";
import type { BacktraceFrame } from "./errors.js";
import { FerryCompileError, FerryError, FerryExhaustion, FerryInternalError, FerryLinkError, FerryTrap } from "./errors.js";
import type { FuncType, RefType, Value, ValTypeName } from "./values.js";
import { isRefType, valTypeCode, valTypeName } from "./values.js";
import { FerryVM } from "./vm.js";

/** Options of a FerryEngine. */
export interface FerryEngineOptions {
  /** A VM to use (default: a fresh instance of build/ferry.wasm). */
  vm?: FerryVM;
  /** Path of the VM binary when `vm` is not given. */
  vmPath?: string;
  /** Fuel budget of each top-level call (instructions); Infinity = unlimited (default). */
  fuel?: number;
  /** Fuel per `ferry_run` slice when a budget is set (default 10 million). */
  fuelSlice?: number;
  /** Call-depth limit passed to `ferry_set_limits` (with `stackBytes`). */
  maxDepth?: number;
  /** Value-stack limit in bytes passed to `ferry_set_limits`. */
  stackBytes?: number;
}

/** An armed checkpoint trigger (FerryEngine.watchFlag). */
interface SliceTrigger {
  /** 0 = not triggered; read between slices. */
  flag: Int32Array;
  /** Takes the checkpoint and throws to stop. */
  fire(fired: number, latency: number): void;
}

const KIND_NAMES: ExternKindName[] = ["func", "table", "memory", "global"];

/** A module loaded into the VM. */
export class FerryModule implements CompiledModule {
  readonly imports: readonly ImportInfo[];
  readonly exports: readonly ExportInfo[];
  readonly types: readonly FuncType[];
  private readonly names = new Map<number, string>();

  /** Reads the module's signatures, imports and exports through the ABI. */
  constructor(readonly engine: FerryEngine, readonly handle: number) {
    const vm = engine.vm;
    const types: FuncType[] = [];
    for (let t = 0, n = vm.moduleTypeCount(handle); t < n; t++) {
      types.push({
        params: vm.moduleTypeParams(handle, t).map(valTypeName),
        results: vm.moduleTypeResults(handle, t).map(valTypeName),
      });
    }
    this.types = types;
    const imports: ImportInfo[] = [];
    for (let i = 0, n = vm.moduleImportCount(handle); i < n; i++) {
      const module = vm.moduleImportModule(handle, i);
      const name = vm.moduleImportName(handle, i);
      const desc = (k: ImportDesc) => vm.moduleImportDesc(handle, i, k);
      const limits = (): Limits => (desc(ImportDesc.HAS_MAX) ? { min: desc(ImportDesc.MIN) >>> 0, max: desc(ImportDesc.MAX) >>> 0 } : { min: desc(ImportDesc.MIN) >>> 0 });
      switch (vm.moduleImportKind(handle, i) as ExternKind) {
        case ExternKind.FUNC: imports.push({ module, name, type: { kind: "func", type: types[desc(ImportDesc.TYPE)]! } }); break;
        case ExternKind.TABLE: imports.push({ module, name, type: { kind: "table", elemType: valTypeName(desc(ImportDesc.TYPE)) as RefType, limits: limits() } }); break;
        case ExternKind.MEMORY: imports.push({ module, name, type: { kind: "memory", limits: limits() } }); break;
        case ExternKind.GLOBAL: imports.push({ module, name, type: { kind: "global", valType: valTypeName(desc(ImportDesc.TYPE)), mutable: desc(ImportDesc.MUTABLE) === 1 } }); break;
        default: throw new FerryInternalError(`import ${i} has an unknown kind`);
      }
    }
    this.imports = imports;
    const exports: ExportInfo[] = [];
    for (let i = 0, n = vm.moduleExportCount(handle); i < n; i++) {
      const kind = KIND_NAMES[vm.moduleExportKind(handle, i)];
      if (kind === undefined) throw new FerryInternalError(`export ${i} has an unknown kind`);
      exports.push({ name: vm.moduleExportName(handle, i), kind, index: vm.moduleExportIndex(handle, i) });
    }
    this.exports = exports;
  }

  /** Signature of function `index` (imports included). */
  funcType(index: number): FuncType {
    const t = this.types[this.engine.vm.moduleFuncType(this.handle, index)];
    if (t === undefined) throw new FerryInternalError(`function ${index} has no type`);
    return t;
  }

  funcName(index: number): string {
    let name = this.names.get(index);
    if (name === undefined) {
      name = this.engine.vm.moduleFuncName(this.handle, index);
      this.names.set(index, name);
    }
    return name;
  }
}

/** A function in the VM store (wasm or host), identified by its FuncInst address. */
export class FerryFunc implements FuncHandle {
  readonly kind = "func";
  /** Wraps FuncInst `addr` of signature `type`. */
  constructor(readonly engine: FerryEngine, readonly addr: number, readonly type: FuncType) {}
  call(args: readonly Value[]): Value[] {
    return this.engine.invoke(this, args);
  }
}

/** A global in the VM store. */
export class FerryGlobal implements GlobalHandle {
  readonly kind = "global";
  readonly valType: ValTypeName;
  readonly mutable: boolean;
  /** Wraps GlobalInst `addr`. */
  constructor(readonly engine: FerryEngine, readonly addr: number) {
    this.valType = valTypeName(engine.vm.u32(addr + GlobalInst.VAL_TYPE));
    this.mutable = engine.vm.u32(addr + GlobalInst.MUTABLE) !== 0;
  }
  get(): Value {
    return this.engine.readValue(this.addr + GlobalInst.VALUE, this.valType);
  }
  set(v: Value): void {
    this.engine.writeValue(this.addr + GlobalInst.VALUE, this.valType, v);
  }
}

/** A memory in the VM store: a block of VM memory that may move when it grows. */
export class FerryMemory implements MemoryHandle {
  readonly kind = "memory";
  /** Wraps MemInst `addr`. */
  constructor(readonly engine: FerryEngine, readonly addr: number) {}
  pages(): number {
    return this.engine.vm.u32(this.addr + MemInst.PAGES);
  }
  bytes(): Uint8Array {
    const vm = this.engine.vm;
    const base = vm.u32(this.addr + MemInst.BASE);
    return new Uint8Array(vm.u8.buffer, base, this.pages() * PAGE_BYTES);
  }
}

/** A table in the VM store. */
export class FerryTable implements TableHandle {
  readonly kind = "table";
  readonly elemType: RefType;
  /** Wraps TableInst `addr`. */
  constructor(readonly engine: FerryEngine, readonly addr: number) {
    this.elemType = valTypeName(engine.vm.u32(addr + TableInst.ELEM_TYPE)) as RefType;
  }
  size(): number {
    return this.engine.vm.u32(this.addr + TableInst.SIZE);
  }
  private slot(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.size()) throw new RangeError(`table index ${i} out of bounds`);
    return this.engine.vm.u32(this.addr + TableInst.ELEMS) + 4 * i;
  }
  get(i: number): Value {
    return this.engine.refValue(this.elemType, this.engine.vm.u32(this.slot(i)));
  }
  set(i: number, v: Value): void {
    const addr = this.slot(i);
    this.engine.vm.setU32(addr, this.engine.refId(this.elemType, v));
  }
}

/** An instance in the VM store; `handle` is its Instance record. */
export interface FerryInstance extends Instance {
  readonly module: FerryModule;
  readonly handle: number;
}

interface HostEntry {
  fn: HostFn;
  type: FuncType;
  name: string;
}

/** The guest VM behind the Engine interface. */
export class FerryEngine implements Engine {
  readonly name = "ferry";
  readonly caps: EngineCaps = { exactNaN: true, compileErrorKinds: true, exactTrapMessages: true, fuel: true };
  readonly vm: FerryVM;
  /** Fuel budget of each top-level call; Infinity = unlimited. */
  fuel: number;
  /** Fuel per slice when a budget is set. */
  fuelSlice: number;
  private readonly hosts: HostEntry[] = [];
  private readonly funcs = new Map<number, FerryFunc>();
  private readonly modulesByHandle = new Map<number, FerryModule>();
  private readonly refIds = new Map<unknown, number>();
  private readonly refObjects: unknown[] = [undefined];
  /** Depth of nested invocations (host function -> wasm -> ...). */
  private depth = 0;
  /** Set once build/ferry.wasm itself has trapped (a VM bug): the engine refuses further use. */
  private crashed: string | undefined;
  private budgetEnd = Infinity;
  /** Called when a top-level call runs out of fuel, before its frames are unwound (a snapshot can be taken; it may throw to stop). */
  onFuelOut: (() => void) | undefined;
  /** Called at status PROBE (instrument/probes.ts), the workload paused before the probed instruction; it may throw to stop (the invocation is then abandoned). */
  onProbe: (() => void) | undefined;
  /**
   * Called between slices (after a YIELD, or after a host call is answered): a
   * checkpoint trigger checks its flag here and may take a snapshot and throw
   * to stop. While set, slices are at most `fuelSlice` even without a budget.
   */
  onSlice: (() => void) | undefined;
  /**
   * Called when a host function gave up waiting, having consumed nothing
   * (wasi/interrupt.ts HostCallInterrupted), while the call is still pending:
   * a checkpoint trigger rewinds it (vm.hostcallRewind), takes a snapshot and
   * throws to stop. If unset or if it returns, the invocation is abandoned.
   */
  onHostInterrupted: ((e: unknown) => void) | undefined;
  /** The armed checkpoint trigger, if any (watchFlag). */
  private trigger: SliceTrigger | undefined;
  /** fuelUsed() when the trigger's flag was last seen clear (kept exact lazily by runArmed). */
  private clearAt = 0;
  /**
   * Slices that do not end the budget (all of them without a budget) stop at
   * the last segment start within `fuelSlice` (ferry_run_within: no exact stop,
   * nothing stepped); true makes every slice exact, as before (the overhead
   * bench compares the two). The budget's end is always exact.
   */
  exactSlices = false;

  /** Creates the engine, loading the VM unless one is given. */
  constructor(options: FerryEngineOptions = {}) {
    this.vm = options.vm ?? FerryVM.load(options.vmPath);
    this.fuel = options.fuel ?? Infinity;
    this.fuelSlice = options.fuelSlice ?? 10_000_000;
    if (options.maxDepth !== undefined || options.stackBytes !== undefined) {
      this.vm.setLimits(options.maxDepth ?? 0, options.stackBytes ?? 0);
    }
  }

  /**
   * Arms a checkpoint trigger: between slices of at most `fuelSlice`
   * instructions (and after every host call) the status loop reads `flag`;
   * when it is nonzero, calls `fire` with its value and the instructions run
   * since the last look found it clear (an upper bound of the trigger's
   * latency). `fire` takes the checkpoint and throws to stop.
   */
  watchFlag(flag: Int32Array, fire: (fired: number, latency: number) => void): void {
    this.trigger = { flag, fire };
    this.clearAt = this.vm.fuelUsed();
  }

  // ---- values ---------------------------------------------------------------

  /** The nonzero id of an externref JS value (assigned on first use). */
  externId(x: unknown): number {
    let id = this.refIds.get(x);
    if (id === undefined) {
      id = this.refObjects.length;
      this.refObjects.push(x);
      this.refIds.set(x, id);
    }
    return id;
  }

  /** The Value of reference `id` of type `t` (0 = null). */
  refValue(t: RefType, id: number): Value {
    if (id === 0) return { type: t, ref: null };
    if (t === "externref") {
      if (id >= this.refObjects.length) throw new FerryInternalError(`unknown externref id ${id}`);
      return { type: t, ref: this.refObjects[id] };
    }
    return { type: t, ref: this.funcAt(id) };
  }

  /** The u32 the VM stores for reference value `v` of type `t`. */
  refId(t: RefType, v: Value): number {
    if (!("ref" in v)) throw new TypeError(`expected a ${t} value, got ${v.type}`);
    if (v.ref === null) return 0;
    if (t === "externref") return this.externId(v.ref);
    if (v.ref instanceof FerryFunc && v.ref.engine === this) return v.ref.addr;
    throw new TypeError("funcref value is not a function of this engine");
  }

  /** Reads a value of type `t` from the 8-byte slot at `addr`. */
  readValue(addr: number, t: ValTypeName): Value {
    switch (t) {
      case "i32":
      case "f32": return { type: t, bits: BigInt(this.vm.u32(addr)) };
      case "i64":
      case "f64": return { type: t, bits: this.vm.u64(addr) };
      case "funcref":
      case "externref": return this.refValue(t, this.vm.u32(addr));
      case "v128": throw new FerryInternalError("v128 values are not supported by the host yet");
    }
  }

  /** Writes value `v` (of type `t`) into the 8-byte slot at `addr`. */
  writeValue(addr: number, t: ValTypeName, v: Value): void {
    if (isRefType(t)) {
      this.vm.setU64(addr, BigInt(this.refId(t, v)));
      return;
    }
    if (!("bits" in v)) throw new TypeError(`expected a ${t} value, got ${v.type}`);
    if (t === "v128") throw new FerryInternalError("v128 values are not supported by the host yet");
    this.vm.setU64(addr, t === "i32" || t === "f32" ? BigInt.asUintN(32, v.bits) : v.bits);
  }

  // ---- functions ------------------------------------------------------------

  /** The FuncHandle of FuncInst `addr` (cached; its type is read from its module or host entry). */
  funcAt(addr: number): FerryFunc {
    let f = this.funcs.get(addr);
    if (f === undefined) {
      f = new FerryFunc(this, addr, this.funcTypeOf(addr));
      this.funcs.set(addr, f);
    }
    return f;
  }

  private funcTypeOf(addr: number): FuncType {
    const vm = this.vm;
    const inst = vm.u32(addr + FuncInst.INSTANCE);
    const index = vm.u32(addr + FuncInst.INDEX);
    if (inst === 0) {
      const host = this.hosts[index];
      if (host === undefined) throw new FerryInternalError(`unknown host function id ${index}`);
      return host.type;
    }
    return this.moduleOf(inst).funcType(index);
  }

  private moduleOf(inst: number): FerryModule {
    const handle = this.vm.instanceModule(inst);
    let m = this.modulesByHandle.get(handle);
    if (m === undefined) {
      m = new FerryModule(this, handle);
      this.modulesByHandle.set(handle, m);
    }
    return m;
  }

  /** Name and index of FuncInst `addr` for backtraces. */
  private describeFunc(addr: number): { funcIndex: number; name: string } {
    if (addr === 0) return { funcIndex: -1, name: "" };
    const inst = this.vm.u32(addr + FuncInst.INSTANCE);
    const index = this.vm.u32(addr + FuncInst.INDEX);
    if (inst === 0) return { funcIndex: index, name: this.hosts[index]?.name ?? "" };
    try {
      return { funcIndex: index, name: this.moduleOf(inst).funcName(index) };
    } catch {
      return { funcIndex: index, name: "" };
    }
  }

  /** The current backtrace, innermost first, with names. */
  backtrace(): BacktraceFrame[] {
    return this.vm.backtrace().map(([func, pc]) => ({ ...this.describeFunc(func), pc }));
  }

  /** Calls function `f` with `args`: a host function directly, a wasm function through the status loop. */
  invoke(f: FerryFunc, args: readonly Value[]): Value[] {
    return this.guard(() => this.invokeUnguarded(f, args));
  }

  /**
   * Runs an entry point; a trap of build/ferry.wasm itself (not of the workload)
   * is a VM bug: it becomes a FerryInternalError and the engine refuses further use.
   */
  private guard<T>(body: () => T): T {
    if (this.crashed !== undefined) throw new FerryInternalError(`the VM crashed earlier and cannot be used: ${this.crashed}`);
    try {
      return body();
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError && !(e.cause instanceof FerryError)) {
        this.crashed = e.message;
        const err = new FerryInternalError(`build/ferry.wasm crashed (a VM bug): ${e.message}`);
        err.cause = e;
        throw err;
      }
      throw e;
    }
  }

  private invokeUnguarded(f: FerryFunc, args: readonly Value[]): Value[] {
    const { params, results } = f.type;
    if (args.length !== params.length) throw new TypeError(`expected ${params.length} arguments, got ${args.length}`);
    if (this.vm.u32(f.addr + FuncInst.CODE) === 0) return this.callHost(this.vm.u32(f.addr + FuncInst.INDEX), args);
    const vm = this.vm;
    const argsPtr = vm.callBegin(f.addr);
    if (argsPtr === 0) {
      const err = vm.lastError();
      if (err.kind === ErrorKind.EXHAUSTION || err.kind === ErrorKind.NONE) throw new FerryExhaustion(err.message || "call stack exhausted", "stack");
      throw new FerryInternalError(`ferry_call_begin failed: ${err.message}`);
    }
    for (let i = 0; i < params.length; i++) this.writeValue(argsPtr + SLOT_BYTES * i, params[i]!, args[i]!);
    const outer = this.depth === 0;
    if (outer) this.budgetEnd = this.fuel === Infinity ? Infinity : vm.fuelUsed() + this.fuel;
    this.depth++;
    try {
      this.runLoop();
    } finally {
      this.depth--;
    }
    const out: Value[] = [];
    for (let i = 0; i < results.length; i++) out.push(this.readValue(argsPtr + SLOT_BYTES * i, results[i]!));
    return out;
  }

  /** Continues, to DONE, an invocation whose frames a snapshot restore rebuilt (migrate/snapshot/), with this.fuel as budget. */
  resumeRestored(): void {
    this.guard(() => {
      this.budgetEnd = this.fuel === Infinity ? Infinity : this.vm.fuelUsed() + this.fuel;
      this.depth++;
      try {
        this.runLoop();
      } finally {
        this.depth--;
      }
    });
  }

  /** Runs the innermost invocation to DONE, answering host calls; throws on trap, exhaustion or fuel. */
  private runLoop(): void {
    const vm = this.vm;
    let wholeBudget = false;
    let grow = 1;
    for (;;) {
      let fuel = -1;
      let left = Infinity;
      let usedBefore = 0;
      let status: Status;
      if (this.trigger !== undefined && this.budgetEnd === Infinity && this.onSlice === undefined && !this.exactSlices) {
        // The common armed case gets its own loop (one VM call per slice).
        status = this.runArmed(this.trigger);
      } else {
        if (this.budgetEnd !== Infinity) {
          left = this.budgetEnd - vm.fuelUsed();
          if (left <= 0) {
            this.onFuelOut?.();
            const backtrace = this.backtrace();
            vm.trapUnwind();
            throw new FerryExhaustion("fuel exhausted", "fuel", backtrace);
          }
          fuel = wholeBudget ? left : Math.min(left, this.fuelSlice);
          wholeBudget = false;
        } else if (this.onSlice !== undefined || this.trigger !== undefined) {
          // A segment dearer than the slice makes no progress: double until it fits.
          grow = wholeBudget ? grow * 2 : 1;
          fuel = this.fuelSlice * grow;
          wholeBudget = false;
        }
        usedBefore = fuel >= 0 ? vm.fuelUsed() : 0;
        status = fuel >= 0 && fuel < left && !this.exactSlices ? vm.runWithin(fuel) : vm.run(fuel);
      }
      switch (status) {
        case Status.DONE:
          return;
        case Status.YIELD:
          // The VM yields without consuming when the remainder is smaller than
          // the next block's charge: the budget can make no more progress.
          if (fuel >= 0 && vm.fuelUsed() === usedBefore) {
            if (fuel < left) {
              wholeBudget = true; // a slice smaller than one segment: retry with all that is left
              continue;
            }
            this.onFuelOut?.();
            const backtrace = this.backtrace();
            vm.trapUnwind();
            throw new FerryExhaustion("fuel exhausted", "fuel", backtrace);
          }
          this.betweenSlices();
          continue;
        case Status.HOSTCALL:
          this.answerHostCall();
          this.betweenSlices();
          continue;
        case Status.PROBE:
          try {
            if (this.onProbe === undefined) throw new FerryInternalError("a probe fired but no probe handler is set");
            this.onProbe();
          } catch (e) {
            vm.trapUnwind();
            throw e;
          }
          continue;
        case Status.TRAP: {
          const err = vm.lastError();
          const backtrace = this.backtrace();
          vm.trapUnwind();
          if (err.kind === ErrorKind.EXHAUSTION) throw new FerryExhaustion(err.message, "stack", backtrace);
          if (err.kind === ErrorKind.TRAP) throw new FerryTrap(err.message, backtrace);
          throw new FerryInternalError(`VM failure (kind ${err.kind}): ${err.message}`);
        }
        default:
          vm.trapUnwind();
          throw new FerryInternalError(`unexpected VM status ${status}`);
      }
    }
  }

  /** What the general loop does between slices: onSlice, then a look at the trigger's flag. */
  private betweenSlices(): void {
    this.onSlice?.();
    const t = this.trigger;
    if (t === undefined) return;
    const fired = Atomics.load(t.flag, 0);
    const now = this.vm.fuelUsed();
    if (fired === 0) this.clearAt = now;
    else t.fire(fired, now - this.clearAt);
  }

  /**
   * The status loop of an armed trigger with no budget: per slice one VM call
   * (ferry_run_slice: a YIELD always follows progress) and one read of the
   * flag, nothing else. `clearAt` is brought up to date only when the loop
   * leaves its fast path (a host call, another status, the flag set): after
   * a clear look the next slice starts at once, so until then the
   * instructions since that look are ferry_run_used.
   * Returns the first status other than YIELD and HOSTCALL.
   */
  private runArmed(t: SliceTrigger): Status {
    const vm = this.vm;
    const runSlice = vm.abi.ferry_run_slice;
    const { flag } = t;
    const slice = this.fuelSlice;
    let looked = false; // a clear look came right before the last slice
    for (;;) {
      const status = runSlice(slice) as Status;
      if (status !== Status.YIELD) {
        if (looked) this.clearAt = vm.fuelUsed() - vm.runUsed();
        looked = false;
        if (status !== Status.HOSTCALL) return status;
        this.answerHostCall(); // may run nested invocations: clearAt stays exact
      }
      const fired = Atomics.load(flag, 0);
      if (fired === 0) {
        looked = true;
        continue;
      }
      if (looked) this.clearAt = vm.fuelUsed() - vm.runUsed();
      looked = false;
      t.fire(fired, vm.fuelUsed() - this.clearAt);
    }
  }

  /** Performs the pending host call and writes its results back; on a JS exception, abandons the invocation. */
  private answerHostCall(): void {
    const vm = this.vm;
    const func = vm.hostcallFunc();
    const argsPtr = vm.hostcallArgs();
    const hostId = vm.u32(func + FuncInst.INDEX);
    const host = this.hosts[hostId];
    try {
      if (host === undefined) throw new FerryInternalError(`unknown host function id ${hostId}`);
      const args = host.type.params.map((t, i) => this.readValue(argsPtr + SLOT_BYTES * i, t));
      const results = this.callHost(hostId, args);
      for (let i = 0; i < results.length; i++) this.writeValue(argsPtr + SLOT_BYTES * i, host.type.results[i]!, results[i]!);
    } catch (e) {
      this.onHostInterrupted?.(e);
      vm.trapUnwind();
      throw e;
    }
  }

  private callHost(hostId: number, args: readonly Value[]): Value[] {
    const host = this.hosts[hostId];
    if (host === undefined) throw new FerryInternalError(`unknown host function id ${hostId}`);
    const results = host.fn([...args]) ?? [];
    if (results.length !== host.type.results.length) {
      throw new TypeError(`host function ${host.name} returned ${results.length} values, expected ${host.type.results.length}`);
    }
    results.forEach((v, i) => {
      if (v.type !== host.type.results[i]) throw new TypeError(`host function ${host.name} result ${i} is ${v.type}, expected ${host.type.results[i]}`);
    });
    return results;
  }

  // ---- Engine ---------------------------------------------------------------

  compile(bytes: Uint8Array): FerryModule {
    return this.guard(() => this.compileUnguarded(bytes));
  }

  private compileUnguarded(bytes: Uint8Array): FerryModule {
    const handle = this.vm.moduleLoad(bytes);
    if (handle === -1) {
      const err = this.vm.lastError();
      if (err.kind === ErrorKind.MALFORMED) throw new FerryCompileError("malformed", err.message, err.offset);
      if (err.kind === ErrorKind.INVALID) throw new FerryCompileError("invalid", err.message, err.offset);
      throw new FerryInternalError(`ferry_module_load failed (kind ${err.kind}): ${err.message}`);
    }
    const m = new FerryModule(this, handle);
    this.modulesByHandle.set(handle, m);
    return m;
  }

  instantiate(module: CompiledModule, imports: ImportObject = {}): FerryInstance {
    return this.guard(() => this.instantiateUnguarded(module, imports));
  }

  private instantiateUnguarded(module: CompiledModule, imports: ImportObject): FerryInstance {
    if (!(module instanceof FerryModule) || module.engine !== this) throw new FerryInternalError("module was not compiled by this engine");
    const addrs: number[] = [];
    for (const imp of module.imports) {
      const ext = imports[imp.module]?.[imp.name];
      if (ext === undefined) throw new FerryLinkError(`unknown import ${imp.module}.${imp.name}`);
      if (ext.kind !== imp.type.kind) throw new FerryLinkError(`incompatible import type for ${imp.module}.${imp.name}`);
      if (!("engine" in ext) || ext.engine !== this) throw new FerryLinkError(`import ${imp.module}.${imp.name} is not from this engine`);
      addrs.push((ext as FerryFunc | FerryGlobal | FerryMemory | FerryTable).addr);
    }
    const inst = this.vm.instanceNew(module.handle, addrs);
    if (inst === -1) {
      const err = this.vm.lastError();
      if (err.kind === ErrorKind.LINK) throw new FerryLinkError(err.message);
      if (err.kind === ErrorKind.TRAP) throw new FerryTrap(err.message);
      if (err.kind === ErrorKind.EXHAUSTION) throw new FerryExhaustion(err.message, "stack");
      throw new FerryInternalError(`ferry_instance_new failed (kind ${err.kind}): ${err.message}`);
    }
    this.modulesByHandle.set(module.handle, module);
    const exports = new Map<string, Extern>();
    module.exports.forEach((exp, i) => {
      const addr = this.vm.instanceExport(inst, i);
      switch (exp.kind) {
        case "func": exports.set(exp.name, this.funcAt(addr)); break;
        case "global": exports.set(exp.name, new FerryGlobal(this, addr)); break;
        case "memory": exports.set(exp.name, new FerryMemory(this, addr)); break;
        case "table": exports.set(exp.name, new FerryTable(this, addr)); break;
      }
    });
    const start = this.vm.instanceStart(inst);
    if (start !== 0) this.invoke(this.funcAt(start), []);
    const instance: FerryInstance = { module, exports, handle: inst };
    return instance;
  }

  hostFunction(type: FuncType, fn: HostFn, name = "host"): FerryFunc {
    const id = this.hosts.length;
    this.hosts.push({ fn, type, name });
    const addr = this.vm.hostFuncNew(type.params.map(valTypeCode), type.results.map(valTypeCode), id);
    if (addr === 0 || addr === -1) throw new FerryInternalError(`ferry_host_func_new failed: ${this.vm.lastError().message}`);
    return this.funcAt(addr);
  }

  global(valType: ValTypeName, mutable: boolean, init: Value): FerryGlobal {
    const addr = this.vm.globalNew(valTypeCode(valType), mutable);
    if (addr === 0 || addr === -1) throw new FerryInternalError(`ferry_global_new failed: ${this.vm.lastError().message}`);
    const g = new FerryGlobal(this, addr);
    g.set(init);
    return g;
  }

  memory(limits: Limits): FerryMemory {
    const addr = this.vm.memoryNew(limits.min, limits.max);
    if (addr === 0 || addr === -1) throw new FerryInternalError(`ferry_memory_new failed: ${this.vm.lastError().message}`);
    return new FerryMemory(this, addr);
  }

  table(elemType: RefType, limits: Limits): FerryTable {
    const addr = this.vm.tableNew(valTypeCode(elemType), limits.min, limits.max);
    if (addr === 0 || addr === -1) throw new FerryInternalError(`ferry_table_new failed: ${this.vm.lastError().message}`);
    return new FerryTable(this, addr);
  }
}

