// The out-of-line helpers the interpreter's monitor cases call (exec/interp.ts
// M_* opcodes): call edges and calls per function, activations for inclusive
// ("total") instructions with recursion counted once, returns, and monitored
// loads and stores. Only monitor copies of code reach them.

import { IOp } from "../ops";
import { Machine } from "../exec/frames";
import { FuncRec, TableRec } from "../runtime/store";
import { MonitorBit } from "./kinds";
import { bump, shadowAt } from "./shadow";
import {
  actBase, actLen, actPop, actPush, callsTab, depthTab, edgeAdd, funcIndexOf, monitorMask, pageTab, setAddrRange, totalTab,
  watchedRec,
} from "./state";

/** An M_FUEL at pc ran its segment: counts it. */
export function monSegment(pc: usize, func: usize): void {
  bump(shadowAt(pc, func));
}

/** Runs the M_BR_IF / M_BR_IF_NOT / M_BR_TABLE at pc: counts the way taken, returns the next pc. */
export function monBranch(pc: usize, fp: usize, func: usize): usize {
  const s = shadowAt(pc, func);
  const op = load<i32>(pc);
  if (op == IOp.M_BR_TABLE) {
    let i = load<u32>(fp + load<u32>(pc, 4));
    const n = load<u32>(pc, 8);
    if (i > n) i = n;
    bump(s + (<usize>i << 3));
    return pc + <usize>load<i32>(pc + 12 + (<usize>i << 2));
  }
  const c = load<u32>(fp + load<u32>(pc, 4));
  if ((op == IOp.M_BR_IF) == (c != 0)) {
    bump(s);
    return pc + <usize>load<i32>(pc, 8);
  }
  bump(s + 8);
  return pc + 12;
}

/** Runs a monitored branch or memory access at pc; returns the next pc, 0 for an out-of-bounds access. */
export function monStep(pc: usize, fp: usize, func: usize, membase: usize, memsize: u64): usize {
  if (load<i32>(pc) == IOp.M_MEM) return monMem(pc, fp, func, membase, memsize) ? pc + 16 : 0;
  return monBranch(pc, fp, func);
}

/** Call edge kinds in the edge key's low bit. */
export const enum CallKind { DIRECT = 0, INDIRECT = 1 }

/** A call from FuncInst `caller` to FuncInst `callee`; `spent`: fuel spent in this run slice so far. */
export function monCall(caller: usize, callee: usize, kind: u32, spent: i64): void {
  const ci = funcIndexOf(callee);
  if (ci < 0) return;
  if (monitorMask & MonitorBit.CALLS) {
    const fi = funcIndexOf(caller);
    edgeAdd(((<u64>(fi + 1)) << 33) | (<u64>ci << 1) | <u64>kind, 1);
  }
  if (monitorMask & MonitorBit.PROFILE) enter(<u32>ci, load<u32>(callee, FuncRec.CODE) != 0, Machine.fuelUsed + <u64>spent);
}

/** The callee of the CALL_INDIRECT at pc if the call will succeed (else no event: the instruction traps). */
export function monCallIndirect(pc: usize, fp: usize, caller: usize, spent: i64): void {
  const table = <usize>load<u32>(pc, 4);
  const idx = load<u32>(fp + load<u32>(pc, 12));
  if (idx >= load<u32>(table, TableRec.LEN)) return;
  const callee = <usize>load<u32>(<usize>load<u32>(table, TableRec.ELEMS) + (<usize>idx << 2));
  if (callee == 0 || load<u32>(callee, FuncRec.TYPE_ID) != load<u32>(pc, 8)) return;
  monCall(caller, callee, CallKind.INDIRECT, spent);
}

/** A host-started invocation of FuncInst `func` (ferry_call_begin). */
export function monInvoke(func: usize): void {
  if (watchedRec == 0 || (monitorMask & MonitorBit.PROFILE) == 0) return;
  const fi = funcIndexOf(func);
  if (fi >= 0) enter(<u32>fi, true, Machine.fuelUsed);
}

function enter(fi: u32, wasm: bool, used: u64): void {
  const c = callsTab + (<usize>fi << 3);
  store<u64>(c, load<u64>(c) + 1);
  if (!wasm) return; // a host function has no RETURN: no activation
  const d = depthTab + (<usize>fi << 2);
  store<u32>(d, load<u32>(d) + 1);
  actPush(fi, used);
}

/** The current function returns; `spent` as in monCall. */
export function monReturn(spent: i64): void {
  if (actLen == 0) return;
  const p = actBase + (<usize>(actLen - 1) << 4);
  const fi = <u32>load<u64>(p);
  const entry = load<u64>(p, 8);
  actPop();
  const d = depthTab + (<usize>fi << 2);
  const depth = load<u32>(d) - 1;
  store<u32>(d, depth);
  // Recursion: only the outermost activation adds its inclusive count.
  if (depth == 0) {
    const t = totalTab + (<usize>fi << 3);
    store<u64>(t, load<u64>(t) + (Machine.fuelUsed + <u64>spent - entry));
  }
}

/** Performs the load or store at pc (its IOp in the shadow) and records it; false: out of bounds. */
export function monMem(pc: usize, fp: usize, func: usize, membase: usize, memsize: u64): bool {
  const op = load<i32>(shadowAt(pc, func));
  const isStore = op >= IOp.STORE8;
  const addrSlot = isStore ? load<u32>(pc, 4) : load<u32>(pc, 8);
  const ea = <u64>load<u32>(fp + addrSlot) + <u64>load<u32>(pc, 12);
  let size: u64 = 4;
  switch (op) {
    case IOp.I64_LOAD: case IOp.STORE64: size = 8; break;
    case IOp.I32_LOAD8_S: case IOp.I32_LOAD8_U: case IOp.I64_LOAD8_S: case IOp.I64_LOAD8_U: case IOp.STORE8: size = 1; break;
    case IOp.I32_LOAD16_S: case IOp.I32_LOAD16_U: case IOp.I64_LOAD16_S: case IOp.I64_LOAD16_U: case IOp.STORE16: size = 2; break;
    default: break;
  }
  if (ea + size > memsize) return false;
  const a = membase + <usize>ea;
  const dst = fp + load<u32>(pc, 4);
  const val = fp + load<u32>(pc, 8);
  switch (op) {
    case IOp.I32_LOAD: store<u32>(dst, load<u32>(a)); break;
    case IOp.I64_LOAD: store<u64>(dst, load<u64>(a)); break;
    case IOp.I32_LOAD8_S: store<i32>(dst, <i32>load<i8>(a)); break;
    case IOp.I32_LOAD8_U: store<u32>(dst, <u32>load<u8>(a)); break;
    case IOp.I32_LOAD16_S: store<i32>(dst, <i32>load<i16>(a)); break;
    case IOp.I32_LOAD16_U: store<u32>(dst, <u32>load<u16>(a)); break;
    case IOp.I64_LOAD8_S: store<i64>(dst, <i64>load<i8>(a)); break;
    case IOp.I64_LOAD8_U: store<u64>(dst, <u64>load<u8>(a)); break;
    case IOp.I64_LOAD16_S: store<i64>(dst, <i64>load<i16>(a)); break;
    case IOp.I64_LOAD16_U: store<u64>(dst, <u64>load<u16>(a)); break;
    case IOp.I64_LOAD32_S: store<i64>(dst, <i64>load<i32>(a)); break;
    case IOp.I64_LOAD32_U: store<u64>(dst, <u64>load<u32>(a)); break;
    case IOp.STORE8: store<u8>(a, load<u8>(val)); break;
    case IOp.STORE16: store<u16>(a, load<u16>(val)); break;
    case IOp.STORE32: store<u32>(a, load<u32>(val)); break;
    case IOp.STORE64: store<u64>(a, load<u64>(val)); break;
    default: break;
  }
  recordMem(isStore, ea, size);
  return true;
}

/** Bytes accessed by load/store IOp `op`. */
export function memSize(op: i32): u64 {
  switch (op) {
    case IOp.I64_LOAD: case IOp.STORE64: return 8;
    case IOp.I32_LOAD8_S: case IOp.I32_LOAD8_U: case IOp.I64_LOAD8_S: case IOp.I64_LOAD8_U: case IOp.STORE8: return 1;
    case IOp.I32_LOAD16_S: case IOp.I32_LOAD16_U: case IOp.I64_LOAD16_S: case IOp.I64_LOAD16_U: case IOp.STORE16: return 2;
    default: return 4;
  }
}

/** Counts one load or store of `size` bytes at `ea` (memory monitor on). */
export function recordMem(isStore: bool, ea: u64, size: u64): void {
  if (pageTab == 0) return;
  const page = <usize>(ea >> 16);
  const p = pageTab + (page << 5) + (isStore ? 8 : 0);
  store<u64>(p, load<u64>(p) + 1);
  store<u64>(p, load<u64>(p, 16) + size, 16);
  setAddrRange(ea, ea + size - 1);
}
