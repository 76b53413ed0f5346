// Probes on a workload running in the Ferry VM (issue 6, DESIGN.md §5): a
// callback before the instruction at (function, offset), and the probe kinds
// built on it — every instruction, function entry and exit, memory loads and
// stores, branches, calls, memory.grow — each a set of offsets (from the VM's
// list of a function's instructions and their opcodes) plus an event decoded
// at the probe (events.ts). Probes can be added and removed while the
// workload runs, also from a callback; functions without probes run their
// fast code (assembly/exec/probe.ts). A callback gets the frame accessor and
// may ask for a checkpoint (the `onCheckpoint` option runs with the workload
// paused at the probe, where a snapshot can be taken) or stop the run
// (`ProbeStop` is thrown out of the call that runs the workload).

import { FuncInst, InstanceRec } from "../host/abi.js";
import type { FerryEngine, FerryInstance } from "../host/ferry-engine.js";
import type { Value } from "../host/values.js";
import { ControlMap } from "./control.js";
import { OP, memOpOf, opcodeAt } from "./decode.js";
import { branchEvent, callEvent, exitEvent, growEvent, memoryEvent } from "./events.js";
import type { BranchEvent, CallEvent, ExitEvent, GrowEvent, MemoryEvent } from "./events.js";
import { FrameAccessor } from "./frame-accessor.js";

/** Thrown by `ProbeContext.stop()`; it leaves the call that runs the workload (the invocation is abandoned). */
export class ProbeStop extends Error {
  constructor() {
    super("stopped by a probe");
  }
}

/** What a callback gets: the paused frame, plus the requests it can make. */
export class ProbeContext extends FrameAccessor {
  checkpointRequested = false;

  /** Asks for a checkpoint at this point (Probes' `onCheckpoint` runs after the callbacks). */
  requestCheckpoint(): void {
    this.checkpointRequested = true;
  }

  /** Stops the workload: the call that runs it throws ProbeStop. */
  stop(): never {
    throw new ProbeStop();
  }
}

/** Identifies probes added by one call, for `remove`. */
export interface ProbeHandle {
  readonly id: number;
}

export interface ProbesOptions {
  /** Runs when a callback called requestCheckpoint(), with the workload paused at the probe. */
  onCheckpoint?: (ctx: ProbeContext) => void;
}

/** A callback and how to turn the paused frame into its event (undefined: no event here, skip). */
interface Subscription {
  handle: number;
  fire: (ctx: ProbeContext) => void;
}

/** Per function: its instruction offsets and block structure (built on first use). */
interface FuncInfo {
  addr: number;
  offsets: number[];
  control: ControlMap;
}

export class Probes {
  private readonly subs = new Map<string, Subscription[]>();
  private readonly byHandle = new Map<number, Array<[number, number]>>();
  private readonly infos = new Map<number, FuncInfo>();
  private nextHandle = 1;
  private readonly funcs: number[] = [];
  private readonly numImported: number;
  private readonly mem: number;

  /** Probes on `instance` of `engine`; `bytes` are the bytes of the instance's module (offsets point into them). */
  constructor(readonly engine: FerryEngine, readonly instance: FerryInstance, readonly bytes: Uint8Array, private readonly options: ProbesOptions = {}) {
    if (engine.onProbe !== undefined) throw new Error("this engine already has a probe handler");
    const abi = engine.vm.abi as unknown as { ferry_state_item_count(i: number, k: number): number; ferry_state_item(i: number, k: number, j: number): number };
    const n = abi.ferry_state_item_count(instance.handle, 0);
    for (let i = 0; i < n; i++) this.funcs.push(abi.ferry_state_item(instance.handle, 0, i));
    this.numImported = instance.module.imports.filter((im) => im.type.kind === "func").length;
    this.mem = engine.vm.u32(instance.handle + InstanceRec.MEM0);
    this.tables = (x) => abi.ferry_state_item(instance.handle, 1, x);
    engine.onProbe = () => this.dispatch();
  }

  private readonly tables: (x: number) => number;

  /** Defined function indices (imports excluded). */
  private definedFuncs(): number[] {
    const out: number[] = [];
    for (let i = this.numImported; i < this.funcs.length; i++) out.push(i);
    return out;
  }

  /** Function index of a name from the name section, or the index itself. */
  funcIndex(func: number | string): number {
    if (typeof func === "number") return func;
    for (let i = 0; i < this.funcs.length; i++) if (this.instance.module.funcName(i) === func) return i;
    throw new Error(`no function named ${JSON.stringify(func)}`);
  }

  /** Offsets of every instruction of defined function `index`, in order. */
  offsets(index: number): number[] {
    return this.info(index).offsets;
  }

  private info(index: number): FuncInfo {
    let info = this.infos.get(index);
    if (info === undefined) {
      const addr = this.funcs[index];
      if (addr === undefined || index < this.numImported) throw new RangeError(`function ${index} is not a defined function`);
      const offsets = this.engine.vm.funcOffsets(addr);
      info = { addr, offsets, control: new ControlMap(this.bytes, offsets) };
      this.infos.set(index, info);
    }
    return info;
  }

  /** Adds `fire` at the given (function, offset) pairs under one new handle; pairs in unreachable code are skipped. */
  private add(sites: Array<[number, number]>, fire: (ctx: ProbeContext) => void): ProbeHandle {
    const handle = this.nextHandle++;
    const set: Array<[number, number]> = [];
    for (const [index, pc] of sites) {
      const addr = this.info(index).addr;
      if (!this.engine.vm.probeSite(addr, pc)) continue;
      this.engine.vm.probeAdd(addr, pc);
      const key = `${addr}:${pc}`;
      const list = this.subs.get(key) ?? [];
      list.push({ handle, fire });
      this.subs.set(key, list);
      set.push([addr, pc]);
    }
    this.byHandle.set(handle, set);
    return { id: handle };
  }

  /** Sites of the instructions of every defined function (or `only`) whose opcode passes `want`. */
  private sitesWhere(want: (op: number, pc: number, index: number) => boolean, only?: number | string): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    const funcs = only === undefined ? this.definedFuncs() : [this.funcIndex(only)];
    for (const index of funcs) {
      for (const pc of this.info(index).offsets) if (want(opcodeAt(this.bytes, pc), pc, index)) out.push([index, pc]);
    }
    return out;
  }

  /** A callback before the instruction at module offset `pc` of function `func`. */
  at(func: number | string, pc: number, cb: (ctx: ProbeContext) => void): ProbeHandle {
    const index = this.funcIndex(func);
    const addr = this.info(index).addr;
    if (!this.engine.vm.probeSite(addr, pc)) throw new RangeError(`offset ${pc} is not an instruction of reachable code of function ${index}`);
    return this.add([[index, pc]], cb);
  }

  /** A callback before every instruction executed (of every defined function, or of `only`). */
  everyInstruction(cb: (ctx: ProbeContext) => void, only?: number | string): ProbeHandle {
    return this.add(this.sitesWhere(() => true, only), cb);
  }

  /** A callback at the entry of every function call (its params are the first locals). */
  onEntry(cb: (ctx: ProbeContext, e: { args: Value[] }) => void, only?: number | string): ProbeHandle {
    const sites = this.sitesWhere((_, pc, index) => pc === this.info(index).offsets[0], only);
    return this.add(sites, (ctx) => {
      const n = this.engine.vm.u32(this.funcs[ctx.funcIndex]! + FuncInst.NUM_PARAMS);
      cb(ctx, { args: ctx.locals.all().slice(0, n) });
    });
  }

  /** A callback when a function returns normally (return, its final end, or a branch to its label), with its results. */
  onExit(cb: (ctx: ProbeContext, e: ExitEvent) => void, only?: number | string): ProbeHandle {
    const exits = new Set<number>([OP.RETURN, OP.END, OP.BR, OP.BR_IF, OP.BR_TABLE]);
    const sites = this.sitesWhere((op) => exits.has(op), only);
    return this.add(sites, (ctx) => {
      const info = this.info(ctx.funcIndex);
      const n = this.engine.vm.u32(info.addr + FuncInst.NUM_RESULTS);
      const e = exitEvent(this.bytes, info.control, ctx, n, info.offsets[info.offsets.length - 1]!);
      if (e !== undefined) cb(ctx, e);
    });
  }

  /** A callback before every load and store, with its address, size and value. */
  onMemory(cb: (ctx: ProbeContext, e: MemoryEvent) => void, only?: number | string): ProbeHandle {
    return this.add(this.sitesWhere((op) => memOpOf(op) !== undefined, only), (ctx) => cb(ctx, memoryEvent(this.engine, this.bytes, ctx, this.mem)));
  }

  /** A callback before every br, br_if, br_table and if, with whether it is taken and where it goes. */
  onBranch(cb: (ctx: ProbeContext, e: BranchEvent) => void, only?: number | string): ProbeHandle {
    const ops = new Set<number>([OP.BR, OP.BR_IF, OP.BR_TABLE, OP.IF]);
    return this.add(this.sitesWhere((op) => ops.has(op), only), (ctx) => cb(ctx, branchEvent(this.bytes, this.info(ctx.funcIndex).control, ctx)));
  }

  /** A callback before every call and call_indirect, with the callee and arguments. */
  onCall(cb: (ctx: ProbeContext, e: CallEvent) => void, only?: number | string): ProbeHandle {
    return this.add(this.sitesWhere((op) => op === OP.CALL || op === OP.CALL_INDIRECT, only),
      (ctx) => cb(ctx, callEvent(this.engine, this.bytes, ctx, this.funcs, this.tables)));
  }

  /** A callback before every memory.grow, with the pages asked for and the size before. */
  onMemoryGrow(cb: (ctx: ProbeContext, e: GrowEvent) => void, only?: number | string): ProbeHandle {
    return this.add(this.sitesWhere((op) => op === OP.MEMORY_GROW, only), (ctx) => cb(ctx, growEvent(this.engine, ctx, this.mem)));
  }

  /** Removes the probes added by the call that returned `h` (also while the workload runs). */
  remove(h: ProbeHandle): void {
    const set = this.byHandle.get(h.id);
    if (set === undefined) return;
    this.byHandle.delete(h.id);
    for (const [addr, pc] of set) {
      this.engine.vm.probeRemove(addr, pc);
      const key = `${addr}:${pc}`;
      const list = (this.subs.get(key) ?? []).filter((s) => s.handle !== h.id);
      if (list.length > 0) this.subs.set(key, list);
      else this.subs.delete(key);
    }
  }

  /** Removes every probe and the engine's probe handler. */
  dispose(): void {
    for (const id of [...this.byHandle.keys()]) this.remove({ id });
    this.engine.onProbe = undefined;
  }

  /** The engine's PROBE handler: runs the callbacks of the probe that fired. */
  private dispatch(): void {
    const frame = this.engine.vm.probeFrame();
    const list = this.subs.get(`${frame.func}:${frame.pc}`);
    if (list === undefined) return; // removed since it fired: just continue
    const index = this.engine.vm.u32(frame.func + FuncInst.INDEX);
    const ctx = new ProbeContext(this.engine, frame, this.instance.module.funcName(index));
    for (const s of [...list]) s.fire(ctx);
    if (ctx.checkpointRequested) {
      if (this.options.onCheckpoint === undefined) throw new Error("a probe asked for a checkpoint but no onCheckpoint handler is set");
      this.options.onCheckpoint(ctx);
    }
  }
}
