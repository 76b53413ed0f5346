// What each probe kind tells its callback (instrument/): the event data,
// computed at the probe, before the instruction runs, from the instruction's
// immediates (decode.ts), the block structure (control.ts) and the frame's
// operand stack and memory. Nothing here changes the workload.

import type { FerryEngine } from "../host/ferry-engine.js";
import { FuncInst, MemInst, PAGE_BYTES, TableInst } from "../host/abi.js";
import type { Value } from "../host/values.js";
import { EXIT } from "./control.js";
import type { ControlMap } from "./control.js";
import { OP, brTableAt, callIndirectAt, indexAt, memOffsetAt, memOpOf, opcodeAt } from "./decode.js";
import type { FrameAccessor } from "./frame-accessor.js";

/** A load or store about to run. */
export interface MemoryEvent {
  /** Wasm mnemonic, e.g. "i32.load8_u". */
  op: string;
  store: boolean;
  /** Effective address (address operand + memarg offset). */
  address: number;
  /** Bytes accessed. */
  size: number;
  /** The value stored, or the value the load will read (sign- or zero-extended to its type); undefined if out of bounds (it will trap). */
  value: Value | undefined;
}

/** A br, br_if, br_table or if about to run. */
export interface BranchEvent {
  op: "br" | "br_if" | "br_table" | "if";
  /** br: always; br_if: the condition is not zero; br_table: always; if: the then arm runs. */
  taken: boolean;
  /** Module offset of the next instruction control goes to; -1 when the branch leaves the function. */
  target: number;
}

/** A call or call_indirect about to run. */
export interface CallEvent {
  indirect: boolean;
  /** Callee's function index in its module, -1 if call_indirect will trap (out of range, null). */
  callee: number;
  /** Callee's FuncInst address (0 if it will trap). */
  calleeAddr: number;
  /** The arguments, first to last. */
  args: Value[];
}

/** The function is about to return (return, its final end, or a branch to its label). */
export interface ExitEvent {
  /** The results it returns. */
  results: Value[];
}

/** A memory.grow about to run. */
export interface GrowEvent {
  /** Pages requested. */
  delta: number;
  /** Pages before it. */
  pages: number;
}

function u32Of(v: Value): number {
  return "bits" in v ? Number(BigInt.asUintN(32, v.bits)) : 0;
}

/** The memory access at the frame's pc; `mem` is the instance's MemInst address. */
export function memoryEvent(engine: FerryEngine, bytes: Uint8Array, f: FrameAccessor, mem: number): MemoryEvent {
  const op = memOpOf(opcodeAt(bytes, f.pc))!;
  const addrDepth = op.store ? 1 : 0;
  const address = u32Of(f.stack.peek(addrDepth)) + memOffsetAt(bytes, f.pc);
  let value: Value | undefined;
  if (op.store) {
    const v = f.stack.peek(0);
    value = "bits" in v ? { type: op.type, bits: BigInt.asUintN(op.size * 8, v.bits) } : v;
  } else if (mem !== 0 && address + op.size <= engine.vm.u32(mem + MemInst.PAGES) * PAGE_BYTES) {
    const base = engine.vm.u32(mem + MemInst.BASE);
    let bits = 0n;
    for (let i = op.size - 1; i >= 0; i--) bits = (bits << 8n) | BigInt(engine.vm.u8[base + address + i]!);
    if (op.signed) bits = BigInt.asIntN(op.size * 8, bits);
    const width = op.type === "i64" || op.type === "f64" ? 64 : 32;
    value = { type: op.type, bits: BigInt.asUintN(width, bits) };
  }
  return { op: op.name, store: op.store, address, size: op.size, value };
}

/** The branch at the frame's pc. */
export function branchEvent(bytes: Uint8Array, control: ControlMap, f: FrameAccessor): BranchEvent {
  const op = opcodeAt(bytes, f.pc);
  switch (op) {
    case OP.BR:
      return { op: "br", taken: true, target: control.target(f.pc, indexAt(bytes, f.pc)) };
    case OP.BR_IF: {
      const taken = u32Of(f.stack.peek(0)) !== 0;
      return { op: "br_if", taken, target: taken ? control.target(f.pc, indexAt(bytes, f.pc)) : control.fallThrough(f.pc) };
    }
    case OP.BR_TABLE: {
      const { labels, defaultLabel } = brTableAt(bytes, f.pc);
      const i = u32Of(f.stack.peek(0));
      return { op: "br_table", taken: true, target: control.target(f.pc, i < labels.length ? labels[i]! : defaultLabel) };
    }
    case OP.IF: {
      const taken = u32Of(f.stack.peek(0)) !== 0;
      const t = control.ifTargets(f.pc);
      return { op: "if", taken, target: taken ? t.then : t.otherwise };
    }
  }
  throw new RangeError(`no branch at offset ${f.pc}`);
}

/** The call at the frame's pc; `funcs`: the instance's FuncInst addresses by index. */
export function callEvent(engine: FerryEngine, bytes: Uint8Array, f: FrameAccessor, funcs: readonly number[], table: (x: number) => number): CallEvent {
  const vm = engine.vm;
  const indirect = opcodeAt(bytes, f.pc) === OP.CALL_INDIRECT;
  let calleeAddr = 0;
  let below = 0;
  let nParams: number;
  if (!indirect) {
    calleeAddr = funcs[indexAt(bytes, f.pc)] ?? 0;
    nParams = vm.u32(calleeAddr + FuncInst.NUM_PARAMS);
  } else {
    below = 1;
    const t = table(callIndirectAt(bytes, f.pc).table);
    const i = u32Of(f.stack.peek(0));
    if (t !== 0 && i < vm.u32(t + TableInst.SIZE)) calleeAddr = vm.u32(vm.u32(t + TableInst.ELEMS) + 4 * i);
    // The arguments are the function type's params: count them from the stack types below the index.
    nParams = calleeAddr !== 0 ? vm.u32(calleeAddr + FuncInst.NUM_PARAMS) : 0;
  }
  const args: Value[] = [];
  for (let k = nParams - 1; k >= 0; k--) args.push(f.stack.peek(below + k));
  return { indirect, callee: calleeAddr === 0 ? -1 : vm.u32(calleeAddr + FuncInst.INDEX), calleeAddr, args };
}

/** The exit at the frame's pc if control leaves the function here, else undefined. */
export function exitEvent(bytes: Uint8Array, control: ControlMap, f: FrameAccessor, nResults: number, last: number): ExitEvent | undefined {
  const op = opcodeAt(bytes, f.pc);
  let below = 0;
  switch (op) {
    case OP.RETURN: break;
    case OP.END: if (f.pc !== last) return undefined; break;
    case OP.BR: if (control.target(f.pc, indexAt(bytes, f.pc)) !== EXIT) return undefined; break;
    case OP.BR_IF:
      if (u32Of(f.stack.peek(0)) === 0 || control.target(f.pc, indexAt(bytes, f.pc)) !== EXIT) return undefined;
      below = 1;
      break;
    case OP.BR_TABLE: {
      const { labels, defaultLabel } = brTableAt(bytes, f.pc);
      const i = u32Of(f.stack.peek(0));
      if (control.target(f.pc, i < labels.length ? labels[i]! : defaultLabel) !== EXIT) return undefined;
      below = 1;
      break;
    }
    default: return undefined;
  }
  const results: Value[] = [];
  for (let k = nResults - 1; k >= 0; k--) results.push(f.stack.peek(below + k));
  return { results };
}

/** The memory.grow at the frame's pc. */
export function growEvent(engine: FerryEngine, f: FrameAccessor, mem: number): GrowEvent {
  return { delta: u32Of(f.stack.peek(0)), pages: mem === 0 ? 0 : engine.vm.u32(mem + MemInst.PAGES) };
}
