// Monitor events in step-mode copies (exec/step.ts). An exact stop (a budget
// ending inside a fast segment, a checkpoint) moves the innermost frame to its
// function's step copy, which is never a monitor copy: its STEP before each
// original instruction calls monStepInstr, which records what the fast
// monitor copy would have recorded for that instruction, into the fast copy's
// counters: the fast segment the instruction opens (its M_FUEL count), calls,
// returns, branches (by original offset) and loads and stores. So a run with
// exact stops reports exactly what an uninterrupted run reports.

import { CompiledFunc } from "../compiled";
import { IOp } from "../ops";
import { stepCopyIfBuilt } from "../exec/step";
import { siteOffset } from "../exec/sites-map";
import { CALL_MONITORS, MonitorBit } from "./kinds";
import { instrWords } from "./lengths";
import { bump } from "./shadow";
import { CallKind, memSize, monCall, monCallIndirect, monReturn, recordMem } from "./events";
import { lastEntryAtOrBefore } from "./segments";
import { monitorMask } from "./state";

/**
 * The STEP at `pc` of FuncInst `func`'s step copy is about to run its
 * instruction (fuel available). `spent`: fuel spent in this run slice so far
 * (the instruction not yet charged); `memsize`: bytes of memory 0.
 */
export function monStepInstr(pc: usize, fp: usize, func: usize, spent: i64, memsize: u64): void {
  const mask = monitorMask;
  const sc = stepCopyIfBuilt(func);
  if (sc == null) return;
  const fast = <usize>load<u32>(pc, 12);
  // The instruction opens a fast segment: the fast code would count it at its M_FUEL.
  if (fast != 0 && load<i32>(fast) == IOp.M_FUEL) bump(fastShadow(sc.fastCode, fast));
  const end = sc.code + (<usize>sc.cf.code.length << 2);
  let p = pc + 16;
  while (p < end) {
    const op = load<i32>(p);
    if (op == IOp.STEP || op == IOp.PROBE) break;
    const n = instrWords(p);
    if (n == 0) break;
    if (op == IOp.CALL) {
      if (mask & CALL_MONITORS) monCall(func, <usize>load<u32>(p, 4), CallKind.DIRECT, spent + 1);
    } else if (op == IOp.CALL_INDIRECT) {
      if (mask & CALL_MONITORS) monCallIndirect(p, fp, func, spent + 1);
    } else if (op == IOp.RETURN) {
      if (mask & MonitorBit.PROFILE) monReturn(spent + 1);
    } else if (op == IOp.BR_IF || op == IOp.BR_IF_NOT || op == IOp.BR_TABLE) {
      if (mask & MonitorBit.BRANCHES) stepBranch(p, fp, func, <u32>((pc - sc.code) >> 2), sc.cf);
    } else if (op >= IOp.I32_LOAD && op <= IOp.STORE64) {
      if (mask & MonitorBit.MEMORY) {
        const isStore = op >= IOp.STORE8;
        const ea = <u64>load<u32>(fp + (isStore ? load<u32>(p, 4) : load<u32>(p, 8))) + <u64>load<u32>(p, 12);
        const size = memSize(op);
        if (ea + size <= memsize) recordMem(isStore, ea, size);
      }
    }
    p += <usize>n << 2;
  }
}

/** Counts the branch at `p` (step copy, STEP at `stepWord` of `scf`) at the fast copy's site of the same original instruction. */
function stepBranch(p: usize, fp: usize, func: usize, stepWord: u32, scf: CompiledFunc): void {
  const off = siteOffset(scf, stepWord);
  if (off < 0) return;
  const op = load<i32>(p);
  const s = fastBranchShadow(func, <u32>off);
  if (s == 0) return;
  if (op == IOp.BR_TABLE) {
    let i = load<u32>(fp + load<u32>(p, 4));
    const n = load<u32>(p, 8);
    if (i > n) i = n;
    bump(s + (<usize>i << 3));
    return;
  }
  // br_if and if: taken = condition true (BR_IF jumps on it, BR_IF_NOT around it).
  const taken = load<u32>(fp + load<u32>(p, 4)) != 0;
  const fastJumpIsTaken = load<i32>(fastPc) == IOp.M_BR_IF;
  bump(taken == fastJumpIsTaken ? s : s + 8);
}

/** Shadow of the instruction at `pc` of the monitor copy whose code starts at `code` (shadow.ts, whatever FuncInst.CODE is now). */
function fastShadow(code: usize, pc: usize): usize {
  return (pc << 1) + <usize>load<u32>(code - 4);
}

/** The fast monitor copy's branch instruction found by fastBranchShadow. */
let fastPc: usize = 0;

/** Shadow of the M_BR_* site of original offset `off` in `func`'s fast monitor copy (fastPc set), or 0. */
function fastBranchShadow(func: usize, off: u32): usize {
  const sc = stepCopyIfBuilt(func);
  if (sc == null) return 0;
  const cf = sc.fast;
  const code = sc.fastCode;
  const end = code + (<usize>cf.code.length << 2);
  let q = code;
  while (q < end) {
    const op = load<i32>(q);
    const n = instrWords(q);
    if (n == 0) return 0;
    if (op == IOp.M_BR_IF || op == IOp.M_BR_IF_NOT || op == IOp.M_BR_TABLE) {
      const j = lastEntryAtOrBefore(cf, <u32>((q - code) >> 2));
      if (j >= 0 && unchecked(cf.pcmap[j << 1]) == off) {
        fastPc = q;
        return fastShadow(code, q);
      }
    }
    q += <usize>n << 2;
  }
  return 0;
}
