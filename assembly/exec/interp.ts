// THE interpreter loop: runs the innermost invocation from the saved
// registers (exec/frames.ts) until a status (exec/status.ts). Internal code is
// the ops.ts encoding: u32 words, the opcode word first, operands after it.
//
// Performance design (../../shared/DESIGN.md §1), each trick on purpose:
// - One function, one `while (true) switch (load<u32>(pc))` over the dense IOp
//   codes: asc -O3 / binaryen turn it into a single br_table.
// - pc, fp, the current FuncInst, the control stack pointer, the instance,
//   memory 0's base and byte size and the fuel live in locals (wasm locals are
//   registers in every JIT); they go back to Machine only on exit.
// - Operands are slot byte offsets from fp (`fp + load<u32>(pc, 4)`): no
//   operand stack pointer to maintain; load/store with constant immediate
//   offsets compile to single wasm loads.
// - Memory bounds: one 64-bit add and compare per access (`ea + size >
//   memsize` with ea = addr + offset in u64, so it cannot wrap), then a plain
//   load at membase + ea.
// - Nothing on the fast path calls a function or allocates: rare instructions
//   (bulk memory, grow, table ops) call helpers in bulk.ts; every exit (trap,
//   yield, host call, done) is one call to an exit helper that saves the
//   registers, so the loop body stays free of spill code.
// - Anything that would trap in the outer runtime is checked first (integer
//   division, float->int conversions); floats use wasm builtins so results are
//   bit-exact, and abs/neg/copysign work on the bits so NaN payloads survive.
// - Fuel is charged per straight-line segment (FUEL K), not per instruction.

import { FuncRec, InstRec, MemRec, TableRec } from "../runtime/store";
import { IOp } from "../ops";
import {
  memBytes, memoryCopy, memoryFill, memoryGrow, memoryInit, segmentDrop, tableCopy, tableFill, tableGrowOp, tableInitOp,
} from "./bulk";
import { fitsI32, fitsI64, fitsU32, fitsU64, satI32, satI64, satU32, satU64 } from "./convert";
import { FRAME_BYTES, Machine, RunState, endInvocation } from "./frames";
import { probeFired, probePass } from "./probe";
import { Status } from "./status";
import { Trap, recordTrap } from "./traps";
import { monCall, monCallIndirect, monReturn, monSegment, monStep } from "../monitor/events";
import { monStepInstr } from "../monitor/step-events";
import { monitorMask } from "../monitor/state";

/** Fuel at the start of the current run (to charge Machine.fuelUsed on exit). */
let fuelAtStart: i64 = 0;

/** Saves the registers of a suspended invocation and charges the fuel spent. */
function save(pc: usize, fp: usize, func: usize, csp: usize, fuel: i64): void {
  Machine.pc = pc;
  Machine.fp = fp;
  Machine.func = func;
  Machine.csp = csp;
  Machine.fuelUsed += <u64>(fuelAtStart - fuel);
}

/** Exit: trap `t` at the instruction at pc (kept for the backtrace); `index` completes element traps. */
function exitTrap(t: Trap, pc: usize, fp: usize, func: usize, csp: usize, fuel: i64, index: u32 = 0): i32 {
  save(pc, fp, func, csp, fuel);
  recordTrap(t, index);
  Machine.state = RunState.TRAPPED;
  return Status.TRAP;
}

/** Exit: out of fuel at the FUEL instruction at pc (nothing of its segment ran). */
function exitYield(pc: usize, fp: usize, func: usize, csp: usize, fuel: i64): i32 {
  save(pc, fp, func, csp, fuel);
  Machine.state = RunState.READY;
  return Status.YIELD;
}

/** Exit: call of host function `callee` with args at `args`; resumes at `next`. */
function exitHost(callee: usize, args: usize, next: usize, fp: usize, func: usize, csp: usize, fuel: i64): i32 {
  save(next, fp, func, csp, fuel);
  Machine.hostFunc = callee;
  Machine.hostArgs = args;
  Machine.state = RunState.HOSTCALL;
  return Status.HOSTCALL;
}

/** Exit: the invocation's entry frame was popped (csp is below it); restore what it interrupted. */
function exitDone(csp: usize, fuel: i64): i32 {
  Machine.fuelUsed += <u64>(fuelAtStart - fuel);
  Machine.csp = csp;
  endInvocation();
  return Status.DONE;
}

/**
 * Runs the innermost invocation (Machine.state READY) with `fuelIn` units of
 * fuel (i64.MAX_VALUE: unlimited) until a status.
 */
export function run(fuelIn: i64): i32 {
  fuelAtStart = fuelIn;
  let fuel = fuelIn;
  let pc = Machine.pc;
  let fp = Machine.fp;
  let func = Machine.func;
  let csp = Machine.csp;
  const stackEnd = <u64>Machine.stackEnd;
  const cstackEnd = Machine.cstackEnd;
  Machine.state = RunState.READY;
  // Instance and memory 0: reloaded on entry (a host call may have grown or
  // moved the memory), after memory.grow and when a call or return changes
  // instance.
  let inst = <usize>load<u32>(func, FuncRec.INSTANCE);
  let mem0 = <usize>load<u32>(inst, InstRec.MEM0);
  let membase: usize = mem0 == 0 ? 0 : <usize>load<u32>(mem0, MemRec.BASE);
  let memsize: u64 = memBytes(mem0);

  while (true) {
    switch (load<u32>(pc)) {
      // ---- control ------------------------------------------------------------
      case IOp.UNREACHABLE: {
        return exitTrap(Trap.UNREACHABLE, pc, fp, func, csp, fuel);
      }
      case IOp.FUEL: {
        const k = <i64>load<u32>(pc, 4);
        // Yield at the segment start so resuming re-executes nothing twice.
        if (fuel < k) return exitYield(pc, fp, func, csp, fuel);
        fuel -= k;
        pc += 8;
        break;
      }
      // Every control transfer "lands": when the instruction it reaches is a
      // FUEL (a segment start of fast code) that the fuel left can pay, it is
      // charged here and skipped, saving its dispatch; otherwise the FUEL runs
      // (and yields) as usual. Step and monitor code never start with FUEL, so
      // nothing changes there (docs/performance.md, log entry 3). An `if`, not
      // a `while` over consecutive FUELs (a second one simply runs): V8 unrolls
      // small inner loops, and 115 unrolled landing loops made its code for
      // this whole function slower (fib 1.35x, mergesort 1.6x; log 9).
      case IOp.BR: {
        pc += <usize>load<i32>(pc, 4);
        if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } }
        break;
      }
      case IOp.BR_IF: {
        pc += load<u32>(fp + load<u32>(pc, 4)) != 0 ? <usize>load<i32>(pc, 8) : 12;
        if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } }
        break;
      }
      case IOp.BR_IF_NOT: {
        pc += load<u32>(fp + load<u32>(pc, 4)) == 0 ? <usize>load<i32>(pc, 8) : 12;
        if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } }
        break;
      }
      case IOp.BR_TABLE: {
        let i = load<u32>(fp + load<u32>(pc, 4));
        const n = load<u32>(pc, 8);
        if (i > n) i = n; // the default target follows the n others
        pc += <usize>load<i32>(pc + 12 + (<usize>i << 2));
        if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } }
        break;
      }
      case IOp.M_RETURN: monReturn(fuelAtStart - fuel); // then RETURN
      case IOp.RETURN: {
        const n = <usize>load<u32>(pc, 8);
        const src = fp + load<u32>(pc, 4);
        // Results to slots 0..n-1; ascending is safe as src >= fp.
        if (src != fp) for (let k: usize = 0; k < n; k++) store<u64>(fp + (k << 3), load<u64>(src + (k << 3)));
        csp -= FRAME_BYTES;
        const caller = <usize>load<u32>(csp, 8);
        if (caller == 0) return exitDone(csp, fuel); // entry frame: the invocation is finished
        pc = load<u32>(csp, 0);
        fp = load<u32>(csp, 4);
        func = caller;
        if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } }
        const ci = <usize>load<u32>(func, FuncRec.INSTANCE);
        if (ci != inst) {
          inst = ci;
          mem0 = load<u32>(inst, InstRec.MEM0);
          membase = mem0 == 0 ? 0 : <usize>load<u32>(mem0, MemRec.BASE);
          memsize = memBytes(mem0);
        }
        break;
      }
      case IOp.M_CALL: monCall(func, <usize>load<u32>(pc, 4), 0, fuelAtStart - fuel); // then CALL
      case IOp.CALL: {
        const callee = <usize>load<u32>(pc, 4);
        const base = <usize>load<u32>(pc, 8);
        const code = <usize>load<u32>(callee, FuncRec.CODE);
        if (code == 0) return exitHost(callee, fp + base, pc + 12, fp, func, csp, fuel);
        const nfp = fp + base;
        // Limits are data: a full control stack or value stack is "call stack exhausted".
        if (csp >= cstackEnd || <u64>nfp + <u64>load<u32>(callee, FuncRec.FRAME_BYTES) > stackEnd) {
          return exitTrap(Trap.EXHAUSTED, pc, fp, func, csp, fuel);
        }
        store<u32>(csp, <u32>(pc + 12), 0);
        store<u32>(csp, <u32>fp, 4);
        store<u32>(csp, <u32>func, 8);
        csp += FRAME_BYTES;
        fp = nfp;
        func = callee;
        // Declared locals start at zero (params were written by the caller).
        let p = fp + (<usize>load<u32>(callee, FuncRec.NUM_PARAMS) << 3);
        const e = p + (<usize>load<u32>(callee, FuncRec.NUM_LOCALS) << 3);
        while (p < e) {
          store<u64>(p, 0);
          p += 8;
        }
        pc = code;
        if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } }
        const ci = <usize>load<u32>(callee, FuncRec.INSTANCE);
        if (ci != inst) {
          inst = ci;
          mem0 = load<u32>(inst, InstRec.MEM0);
          membase = mem0 == 0 ? 0 : <usize>load<u32>(mem0, MemRec.BASE);
          memsize = memBytes(mem0);
        }
        break;
      }
      case IOp.M_CALL_INDIRECT: monCallIndirect(pc, fp, func, fuelAtStart - fuel); // then CALL_INDIRECT
      case IOp.CALL_INDIRECT: {
        const table = <usize>load<u32>(pc, 4);
        const idx = load<u32>(fp + load<u32>(pc, 12));
        if (idx >= load<u32>(table, TableRec.LEN)) return exitTrap(Trap.UNDEFINED_ELEMENT, pc, fp, func, csp, fuel, idx);
        const callee = <usize>load<u32>(<usize>load<u32>(table, TableRec.ELEMS) + (<usize>idx << 2));
        if (callee == 0) return exitTrap(Trap.UNINITIALIZED_ELEMENT, pc, fp, func, csp, fuel, idx);
        // Canonical type ids: equal ids <=> equal signatures, store-wide.
        if (load<u32>(callee, FuncRec.TYPE_ID) != load<u32>(pc, 8)) return exitTrap(Trap.INDIRECT_MISMATCH, pc, fp, func, csp, fuel);
        const base = <usize>load<u32>(pc, 16);
        const code = <usize>load<u32>(callee, FuncRec.CODE);
        if (code == 0) return exitHost(callee, fp + base, pc + 20, fp, func, csp, fuel);
        const nfp = fp + base;
        // Limits are data: a full control stack or value stack is "call stack exhausted".
        if (csp >= cstackEnd || <u64>nfp + <u64>load<u32>(callee, FuncRec.FRAME_BYTES) > stackEnd) {
          return exitTrap(Trap.EXHAUSTED, pc, fp, func, csp, fuel);
        }
        store<u32>(csp, <u32>(pc + 20), 0);
        store<u32>(csp, <u32>fp, 4);
        store<u32>(csp, <u32>func, 8);
        csp += FRAME_BYTES;
        fp = nfp;
        func = callee;
        // Declared locals start at zero (params were written by the caller).
        let p = fp + (<usize>load<u32>(callee, FuncRec.NUM_PARAMS) << 3);
        const e = p + (<usize>load<u32>(callee, FuncRec.NUM_LOCALS) << 3);
        while (p < e) {
          store<u64>(p, 0);
          p += 8;
        }
        pc = code;
        if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } }
        const ci = <usize>load<u32>(callee, FuncRec.INSTANCE);
        if (ci != inst) {
          inst = ci;
          mem0 = load<u32>(inst, InstRec.MEM0);
          membase = mem0 == 0 ? 0 : <usize>load<u32>(mem0, MemRec.BASE);
          memsize = memBytes(mem0);
        }
        break;
      }
      case IOp.COPY: {
        store<u64>(fp + load<u32>(pc, 4), load<u64>(fp + load<u32>(pc, 8)));
        pc += 12;
        break;
      }
      case IOp.SELECT: {
        const c = load<u32>(fp + load<u32>(pc, 16));
        store<u64>(fp + load<u32>(pc, 4), load<u64>(fp + (c != 0 ? load<u32>(pc, 8) : load<u32>(pc, 12))));
        pc += 20;
        break;
      }

      // ---- variables and constants ----------------------------------------------
      case IOp.GLOBAL_GET: {
        store<u64>(fp + load<u32>(pc, 4), load<u64>(load<u32>(pc, 8)));
        pc += 12;
        break;
      }
      case IOp.GLOBAL_SET: {
        store<u64>(load<u32>(pc, 4), load<u64>(fp + load<u32>(pc, 8)));
        pc += 12;
        break;
      }
      case IOp.CONST32: {
        store<u32>(fp + load<u32>(pc, 4), load<u32>(pc, 8));
        pc += 12;
        break;
      }
      case IOp.CONST64: {
        store<u64>(fp + load<u32>(pc, 4), load<u64>(pc, 8));
        pc += 16;
        break;
      }
      case IOp.REF_FUNC: {
        store<u64>(fp + load<u32>(pc, 4), <u64>load<u32>(pc, 8));
        pc += 12;
        break;
      }

      // ---- memory: OP S(dst) S(addr) K(offset) / OP S(addr) S(value) K(offset) ----
      case IOp.I32_LOAD: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 8)) + <u64>load<u32>(pc, 12);
        if (ea + 4 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u32>(fp + load<u32>(pc, 4), load<u32>(membase + <usize>ea));
        pc += 16;
        break;
      }
      case IOp.I64_LOAD: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 8)) + <u64>load<u32>(pc, 12);
        if (ea + 8 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u64>(fp + load<u32>(pc, 4), load<u64>(membase + <usize>ea));
        pc += 16;
        break;
      }
      case IOp.I32_LOAD8_S: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 8)) + <u64>load<u32>(pc, 12);
        if (ea + 1 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<i32>(fp + load<u32>(pc, 4), <i32>load<i8>(membase + <usize>ea));
        pc += 16;
        break;
      }
      case IOp.I32_LOAD8_U: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 8)) + <u64>load<u32>(pc, 12);
        if (ea + 1 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u32>(fp + load<u32>(pc, 4), <u32>load<u8>(membase + <usize>ea));
        pc += 16;
        break;
      }
      case IOp.I32_LOAD16_S: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 8)) + <u64>load<u32>(pc, 12);
        if (ea + 2 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<i32>(fp + load<u32>(pc, 4), <i32>load<i16>(membase + <usize>ea));
        pc += 16;
        break;
      }
      case IOp.I32_LOAD16_U: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 8)) + <u64>load<u32>(pc, 12);
        if (ea + 2 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u32>(fp + load<u32>(pc, 4), <u32>load<u16>(membase + <usize>ea));
        pc += 16;
        break;
      }
      case IOp.I64_LOAD8_S: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 8)) + <u64>load<u32>(pc, 12);
        if (ea + 1 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<i64>(fp + load<u32>(pc, 4), <i64>load<i8>(membase + <usize>ea));
        pc += 16;
        break;
      }
      case IOp.I64_LOAD8_U: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 8)) + <u64>load<u32>(pc, 12);
        if (ea + 1 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u64>(fp + load<u32>(pc, 4), <u64>load<u8>(membase + <usize>ea));
        pc += 16;
        break;
      }
      case IOp.I64_LOAD16_S: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 8)) + <u64>load<u32>(pc, 12);
        if (ea + 2 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<i64>(fp + load<u32>(pc, 4), <i64>load<i16>(membase + <usize>ea));
        pc += 16;
        break;
      }
      case IOp.I64_LOAD16_U: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 8)) + <u64>load<u32>(pc, 12);
        if (ea + 2 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u64>(fp + load<u32>(pc, 4), <u64>load<u16>(membase + <usize>ea));
        pc += 16;
        break;
      }
      case IOp.I64_LOAD32_S: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 8)) + <u64>load<u32>(pc, 12);
        if (ea + 4 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<i64>(fp + load<u32>(pc, 4), <i64>load<i32>(membase + <usize>ea));
        pc += 16;
        break;
      }
      case IOp.I64_LOAD32_U: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 8)) + <u64>load<u32>(pc, 12);
        if (ea + 4 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u64>(fp + load<u32>(pc, 4), <u64>load<u32>(membase + <usize>ea));
        pc += 16;
        break;
      }
      case IOp.STORE8: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 4)) + <u64>load<u32>(pc, 12);
        if (ea + 1 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u8>(membase + <usize>ea, load<u8>(fp + load<u32>(pc, 8)));
        pc += 16;
        break;
      }
      case IOp.STORE16: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 4)) + <u64>load<u32>(pc, 12);
        if (ea + 2 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u16>(membase + <usize>ea, load<u16>(fp + load<u32>(pc, 8)));
        pc += 16;
        break;
      }
      case IOp.STORE32: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 4)) + <u64>load<u32>(pc, 12);
        if (ea + 4 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u32>(membase + <usize>ea, load<u32>(fp + load<u32>(pc, 8)));
        pc += 16;
        break;
      }
      case IOp.STORE64: {
        const ea = <u64>load<u32>(fp + load<u32>(pc, 4)) + <u64>load<u32>(pc, 12);
        if (ea + 8 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u64>(membase + <usize>ea, load<u64>(fp + load<u32>(pc, 8)));
        pc += 16;
        break;
      }
      case IOp.MEMORY_SIZE: {
        store<u32>(fp + load<u32>(pc, 4), <u32>(memsize >> 16));
        pc += 8;
        break;
      }
      case IOp.MEMORY_GROW: {
        const d = fp + load<u32>(pc, 4);
        store<i32>(d, memoryGrow(mem0, load<u32>(fp + load<u32>(pc, 8))));
        // The block may have moved or grown: reload.
        membase = mem0 == 0 ? 0 : <usize>load<u32>(mem0, MemRec.BASE);
        memsize = memBytes(mem0);
        pc += 12;
        break;
      }
      case IOp.MEMORY_FILL: {
        const t = memoryFill(membase, memsize,
          load<u32>(fp + load<u32>(pc, 4)), load<u32>(fp + load<u32>(pc, 8)), load<u32>(fp + load<u32>(pc, 12)));
        if (t != Trap.NONE) return exitTrap(t, pc, fp, func, csp, fuel);
        pc += 16;
        break;
      }
      case IOp.MEMORY_COPY: {
        const t = memoryCopy(membase, memsize,
          load<u32>(fp + load<u32>(pc, 4)), load<u32>(fp + load<u32>(pc, 8)), load<u32>(fp + load<u32>(pc, 12)));
        if (t != Trap.NONE) return exitTrap(t, pc, fp, func, csp, fuel);
        pc += 16;
        break;
      }
      case IOp.MEMORY_INIT: {
        const t = memoryInit(mem0, load<u32>(pc, 4),
          load<u32>(fp + load<u32>(pc, 8)), load<u32>(fp + load<u32>(pc, 12)), load<u32>(fp + load<u32>(pc, 16)));
        if (t != Trap.NONE) return exitTrap(t, pc, fp, func, csp, fuel);
        pc += 20;
        break;
      }
      case IOp.DATA_DROP: {
        segmentDrop(load<u32>(pc, 4));
        pc += 8;
        break;
      }

      // ---- tables -----------------------------------------------------------------
      case IOp.TABLE_GET: {
        const table = <usize>load<u32>(pc, 8);
        const i = load<u32>(fp + load<u32>(pc, 12));
        if (i >= load<u32>(table, TableRec.LEN)) return exitTrap(Trap.TABLE_OOB, pc, fp, func, csp, fuel);
        store<u64>(fp + load<u32>(pc, 4), <u64>load<u32>(<usize>load<u32>(table, TableRec.ELEMS) + (<usize>i << 2)));
        pc += 16;
        break;
      }
      case IOp.TABLE_SET: {
        const table = <usize>load<u32>(pc, 4);
        const i = load<u32>(fp + load<u32>(pc, 8));
        if (i >= load<u32>(table, TableRec.LEN)) return exitTrap(Trap.TABLE_OOB, pc, fp, func, csp, fuel);
        store<u32>(<usize>load<u32>(table, TableRec.ELEMS) + (<usize>i << 2), load<u32>(fp + load<u32>(pc, 12)));
        pc += 16;
        break;
      }
      case IOp.TABLE_SIZE: {
        store<u32>(fp + load<u32>(pc, 4), load<u32>(<usize>load<u32>(pc, 8), TableRec.LEN));
        pc += 12;
        break;
      }
      case IOp.TABLE_GROW: {
        const r = tableGrowOp(load<u32>(pc, 8), load<u32>(fp + load<u32>(pc, 12)), load<u32>(fp + load<u32>(pc, 16)));
        store<i32>(fp + load<u32>(pc, 4), r);
        pc += 20;
        break;
      }
      case IOp.TABLE_FILL: {
        const t = tableFill(load<u32>(pc, 4),
          load<u32>(fp + load<u32>(pc, 8)), load<u32>(fp + load<u32>(pc, 12)), load<u32>(fp + load<u32>(pc, 16)));
        if (t != Trap.NONE) return exitTrap(t, pc, fp, func, csp, fuel);
        pc += 20;
        break;
      }
      case IOp.TABLE_COPY: {
        const t = tableCopy(load<u32>(pc, 4), load<u32>(pc, 8),
          load<u32>(fp + load<u32>(pc, 12)), load<u32>(fp + load<u32>(pc, 16)), load<u32>(fp + load<u32>(pc, 20)));
        if (t != Trap.NONE) return exitTrap(t, pc, fp, func, csp, fuel);
        pc += 24;
        break;
      }
      case IOp.TABLE_INIT: {
        const t = tableInitOp(load<u32>(pc, 4), load<u32>(pc, 8),
          load<u32>(fp + load<u32>(pc, 12)), load<u32>(fp + load<u32>(pc, 16)), load<u32>(fp + load<u32>(pc, 20)));
        if (t != Trap.NONE) return exitTrap(t, pc, fp, func, csp, fuel);
        pc += 24;
        break;
      }
      case IOp.ELEM_DROP: {
        segmentDrop(load<u32>(pc, 4));
        pc += 8;
        break;
      }

      // ---- numeric: unary OP S(dst) S(a); binary OP S(dst) S(a) S(b) ------------
      case IOp.I32_EQZ: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a == 0)); pc += 12; break; }
      case IOp.I32_EQ: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a == b)); pc += 16; break; }
      case IOp.I32_NE: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a != b)); pc += 16; break; }
      case IOp.I32_LT_S: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a < b)); pc += 16; break; }
      case IOp.I32_LT_U: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a < b)); pc += 16; break; }
      case IOp.I32_GT_S: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a > b)); pc += 16; break; }
      case IOp.I32_GT_U: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a > b)); pc += 16; break; }
      case IOp.I32_LE_S: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a <= b)); pc += 16; break; }
      case IOp.I32_LE_U: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a <= b)); pc += 16; break; }
      case IOp.I32_GE_S: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a >= b)); pc += 16; break; }
      case IOp.I32_GE_U: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a >= b)); pc += 16; break; }
      case IOp.I64_EQZ: { const a = load<u64>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a == 0)); pc += 12; break; }
      case IOp.I64_EQ: { const a = load<u64>(fp + load<u32>(pc, 8)), b = load<u64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a == b)); pc += 16; break; }
      case IOp.I64_NE: { const a = load<u64>(fp + load<u32>(pc, 8)), b = load<u64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a != b)); pc += 16; break; }
      case IOp.I64_LT_S: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a < b)); pc += 16; break; }
      case IOp.I64_LT_U: { const a = load<u64>(fp + load<u32>(pc, 8)), b = load<u64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a < b)); pc += 16; break; }
      case IOp.I64_GT_S: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a > b)); pc += 16; break; }
      case IOp.I64_GT_U: { const a = load<u64>(fp + load<u32>(pc, 8)), b = load<u64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a > b)); pc += 16; break; }
      case IOp.I64_LE_S: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a <= b)); pc += 16; break; }
      case IOp.I64_LE_U: { const a = load<u64>(fp + load<u32>(pc, 8)), b = load<u64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a <= b)); pc += 16; break; }
      case IOp.I64_GE_S: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a >= b)); pc += 16; break; }
      case IOp.I64_GE_U: { const a = load<u64>(fp + load<u32>(pc, 8)), b = load<u64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a >= b)); pc += 16; break; }
      case IOp.F32_EQ: { const a = load<f32>(fp + load<u32>(pc, 8)), b = load<f32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a == b)); pc += 16; break; }
      case IOp.F32_NE: { const a = load<f32>(fp + load<u32>(pc, 8)), b = load<f32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a != b)); pc += 16; break; }
      case IOp.F32_LT: { const a = load<f32>(fp + load<u32>(pc, 8)), b = load<f32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a < b)); pc += 16; break; }
      case IOp.F32_GT: { const a = load<f32>(fp + load<u32>(pc, 8)), b = load<f32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a > b)); pc += 16; break; }
      case IOp.F32_LE: { const a = load<f32>(fp + load<u32>(pc, 8)), b = load<f32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a <= b)); pc += 16; break; }
      case IOp.F32_GE: { const a = load<f32>(fp + load<u32>(pc, 8)), b = load<f32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a >= b)); pc += 16; break; }
      case IOp.F64_EQ: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a == b)); pc += 16; break; }
      case IOp.F64_NE: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a != b)); pc += 16; break; }
      case IOp.F64_LT: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a < b)); pc += 16; break; }
      case IOp.F64_GT: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a > b)); pc += 16; break; }
      case IOp.F64_LE: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a <= b)); pc += 16; break; }
      case IOp.F64_GE: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), <u32>(a >= b)); pc += 16; break; }
      case IOp.I32_CLZ: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), clz<i32>(a)); pc += 12; break; }
      case IOp.I32_CTZ: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), ctz<i32>(a)); pc += 12; break; }
      case IOp.I32_POPCNT: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), popcnt<i32>(a)); pc += 12; break; }
      case IOp.I32_ADD: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<i32>(fp + load<u32>(pc, 4), a + b); pc += 16; break; }
      case IOp.I32_SUB: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<i32>(fp + load<u32>(pc, 4), a - b); pc += 16; break; }
      case IOp.I32_MUL: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<i32>(fp + load<u32>(pc, 4), a * b); pc += 16; break; }
      case IOp.I32_DIV_S: {
        const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12));
        if (b == 0) return exitTrap(Trap.DIV_ZERO, pc, fp, func, csp, fuel);
        if (b == -1 && a == i32.MIN_VALUE) return exitTrap(Trap.OVERFLOW, pc, fp, func, csp, fuel);
        store<i32>(fp + load<u32>(pc, 4), a / b);
        pc += 16;
        break;
      }
      case IOp.I32_DIV_U: {
        const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12));
        if (b == 0) return exitTrap(Trap.DIV_ZERO, pc, fp, func, csp, fuel);
        store<u32>(fp + load<u32>(pc, 4), a / b);
        pc += 16;
        break;
      }
      case IOp.I32_REM_S: {
        const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12));
        if (b == 0) return exitTrap(Trap.DIV_ZERO, pc, fp, func, csp, fuel);
        // INT_MIN % -1 is 0 in Wasm; never hand that pair to the native op.
        store<i32>(fp + load<u32>(pc, 4), b == -1 ? 0 : a % b);
        pc += 16;
        break;
      }
      case IOp.I32_REM_U: {
        const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12));
        if (b == 0) return exitTrap(Trap.DIV_ZERO, pc, fp, func, csp, fuel);
        store<u32>(fp + load<u32>(pc, 4), a % b);
        pc += 16;
        break;
      }
      case IOp.I32_AND: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<i32>(fp + load<u32>(pc, 4), a & b); pc += 16; break; }
      case IOp.I32_OR: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<i32>(fp + load<u32>(pc, 4), a | b); pc += 16; break; }
      case IOp.I32_XOR: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<i32>(fp + load<u32>(pc, 4), a ^ b); pc += 16; break; }
      case IOp.I32_SHL: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<i32>(fp + load<u32>(pc, 4), a << b); pc += 16; break; }
      case IOp.I32_SHR_S: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<i32>(fp + load<u32>(pc, 4), a >> b); pc += 16; break; }
      case IOp.I32_SHR_U: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), a >>> b); pc += 16; break; }
      case IOp.I32_ROTL: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<i32>(fp + load<u32>(pc, 4), rotl<i32>(a, b)); pc += 16; break; }
      case IOp.I32_ROTR: { const a = load<i32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<i32>(fp + load<u32>(pc, 4), rotr<i32>(a, b)); pc += 16; break; }
      case IOp.I64_CLZ: { const a = load<i64>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), clz<i64>(a)); pc += 12; break; }
      case IOp.I64_CTZ: { const a = load<i64>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), ctz<i64>(a)); pc += 12; break; }
      case IOp.I64_POPCNT: { const a = load<i64>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), popcnt<i64>(a)); pc += 12; break; }
      case IOp.I64_ADD: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<i64>(fp + load<u32>(pc, 4), a + b); pc += 16; break; }
      case IOp.I64_SUB: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<i64>(fp + load<u32>(pc, 4), a - b); pc += 16; break; }
      case IOp.I64_MUL: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<i64>(fp + load<u32>(pc, 4), a * b); pc += 16; break; }
      case IOp.I64_DIV_S: {
        const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12));
        if (b == 0) return exitTrap(Trap.DIV_ZERO, pc, fp, func, csp, fuel);
        if (b == -1 && a == i64.MIN_VALUE) return exitTrap(Trap.OVERFLOW, pc, fp, func, csp, fuel);
        store<i64>(fp + load<u32>(pc, 4), a / b);
        pc += 16;
        break;
      }
      case IOp.I64_DIV_U: {
        const a = load<u64>(fp + load<u32>(pc, 8)), b = load<u64>(fp + load<u32>(pc, 12));
        if (b == 0) return exitTrap(Trap.DIV_ZERO, pc, fp, func, csp, fuel);
        store<u64>(fp + load<u32>(pc, 4), a / b);
        pc += 16;
        break;
      }
      case IOp.I64_REM_S: {
        const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12));
        if (b == 0) return exitTrap(Trap.DIV_ZERO, pc, fp, func, csp, fuel);
        // INT_MIN % -1 is 0 in Wasm; never hand that pair to the native op.
        store<i64>(fp + load<u32>(pc, 4), b == -1 ? 0 : a % b);
        pc += 16;
        break;
      }
      case IOp.I64_REM_U: {
        const a = load<u64>(fp + load<u32>(pc, 8)), b = load<u64>(fp + load<u32>(pc, 12));
        if (b == 0) return exitTrap(Trap.DIV_ZERO, pc, fp, func, csp, fuel);
        store<u64>(fp + load<u32>(pc, 4), a % b);
        pc += 16;
        break;
      }
      case IOp.I64_AND: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<i64>(fp + load<u32>(pc, 4), a & b); pc += 16; break; }
      case IOp.I64_OR: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<i64>(fp + load<u32>(pc, 4), a | b); pc += 16; break; }
      case IOp.I64_XOR: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<i64>(fp + load<u32>(pc, 4), a ^ b); pc += 16; break; }
      case IOp.I64_SHL: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<i64>(fp + load<u32>(pc, 4), a << b); pc += 16; break; }
      case IOp.I64_SHR_S: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<i64>(fp + load<u32>(pc, 4), a >> b); pc += 16; break; }
      case IOp.I64_SHR_U: { const a = load<u64>(fp + load<u32>(pc, 8)), b = load<u64>(fp + load<u32>(pc, 12)); store<u64>(fp + load<u32>(pc, 4), a >>> b); pc += 16; break; }
      case IOp.I64_ROTL: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<i64>(fp + load<u32>(pc, 4), rotl<i64>(a, b)); pc += 16; break; }
      case IOp.I64_ROTR: { const a = load<i64>(fp + load<u32>(pc, 8)), b = load<i64>(fp + load<u32>(pc, 12)); store<i64>(fp + load<u32>(pc, 4), rotr<i64>(a, b)); pc += 16; break; }
      // abs, neg and copysign act on the bits: exact for every NaN payload.
      case IOp.F32_ABS: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), a & 0x7fffffff); pc += 12; break; }
      case IOp.F32_NEG: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), a ^ 0x80000000); pc += 12; break; }
      case IOp.F32_CEIL: { const a = load<f32>(fp + load<u32>(pc, 8)); store<f32>(fp + load<u32>(pc, 4), ceil<f32>(a)); pc += 12; break; }
      case IOp.F32_FLOOR: { const a = load<f32>(fp + load<u32>(pc, 8)); store<f32>(fp + load<u32>(pc, 4), floor<f32>(a)); pc += 12; break; }
      case IOp.F32_TRUNC: { const a = load<f32>(fp + load<u32>(pc, 8)); store<f32>(fp + load<u32>(pc, 4), trunc<f32>(a)); pc += 12; break; }
      case IOp.F32_NEAREST: { const a = load<f32>(fp + load<u32>(pc, 8)); store<f32>(fp + load<u32>(pc, 4), nearest<f32>(a)); pc += 12; break; }
      case IOp.F32_SQRT: { const a = load<f32>(fp + load<u32>(pc, 8)); store<f32>(fp + load<u32>(pc, 4), sqrt<f32>(a)); pc += 12; break; }
      case IOp.F32_ADD: { const a = load<f32>(fp + load<u32>(pc, 8)), b = load<f32>(fp + load<u32>(pc, 12)); store<f32>(fp + load<u32>(pc, 4), a + b); pc += 16; break; }
      case IOp.F32_SUB: { const a = load<f32>(fp + load<u32>(pc, 8)), b = load<f32>(fp + load<u32>(pc, 12)); store<f32>(fp + load<u32>(pc, 4), a - b); pc += 16; break; }
      case IOp.F32_MUL: { const a = load<f32>(fp + load<u32>(pc, 8)), b = load<f32>(fp + load<u32>(pc, 12)); store<f32>(fp + load<u32>(pc, 4), a * b); pc += 16; break; }
      case IOp.F32_DIV: { const a = load<f32>(fp + load<u32>(pc, 8)), b = load<f32>(fp + load<u32>(pc, 12)); store<f32>(fp + load<u32>(pc, 4), a / b); pc += 16; break; }
      case IOp.F32_MIN: { const a = load<f32>(fp + load<u32>(pc, 8)), b = load<f32>(fp + load<u32>(pc, 12)); store<f32>(fp + load<u32>(pc, 4), min<f32>(a, b)); pc += 16; break; }
      case IOp.F32_MAX: { const a = load<f32>(fp + load<u32>(pc, 8)), b = load<f32>(fp + load<u32>(pc, 12)); store<f32>(fp + load<u32>(pc, 4), max<f32>(a, b)); pc += 16; break; }
      case IOp.F32_COPYSIGN: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), (a & 0x7fffffff) | (b & 0x80000000)); pc += 16; break; }
      case IOp.F64_ABS: { const a = load<u64>(fp + load<u32>(pc, 8)); store<u64>(fp + load<u32>(pc, 4), a & 0x7fffffffffffffff); pc += 12; break; }
      case IOp.F64_NEG: { const a = load<u64>(fp + load<u32>(pc, 8)); store<u64>(fp + load<u32>(pc, 4), a ^ 0x8000000000000000); pc += 12; break; }
      case IOp.F64_CEIL: { const a = load<f64>(fp + load<u32>(pc, 8)); store<f64>(fp + load<u32>(pc, 4), ceil<f64>(a)); pc += 12; break; }
      case IOp.F64_FLOOR: { const a = load<f64>(fp + load<u32>(pc, 8)); store<f64>(fp + load<u32>(pc, 4), floor<f64>(a)); pc += 12; break; }
      case IOp.F64_TRUNC: { const a = load<f64>(fp + load<u32>(pc, 8)); store<f64>(fp + load<u32>(pc, 4), trunc<f64>(a)); pc += 12; break; }
      case IOp.F64_NEAREST: { const a = load<f64>(fp + load<u32>(pc, 8)); store<f64>(fp + load<u32>(pc, 4), nearest<f64>(a)); pc += 12; break; }
      case IOp.F64_SQRT: { const a = load<f64>(fp + load<u32>(pc, 8)); store<f64>(fp + load<u32>(pc, 4), sqrt<f64>(a)); pc += 12; break; }
      case IOp.F64_ADD: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)); store<f64>(fp + load<u32>(pc, 4), a + b); pc += 16; break; }
      case IOp.F64_SUB: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)); store<f64>(fp + load<u32>(pc, 4), a - b); pc += 16; break; }
      case IOp.F64_MUL: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)); store<f64>(fp + load<u32>(pc, 4), a * b); pc += 16; break; }
      case IOp.F64_DIV: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)); store<f64>(fp + load<u32>(pc, 4), a / b); pc += 16; break; }
      case IOp.F64_MIN: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)); store<f64>(fp + load<u32>(pc, 4), min<f64>(a, b)); pc += 16; break; }
      case IOp.F64_MAX: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)); store<f64>(fp + load<u32>(pc, 4), max<f64>(a, b)); pc += 16; break; }
      case IOp.F64_COPYSIGN: { const a = load<u64>(fp + load<u32>(pc, 8)), b = load<u64>(fp + load<u32>(pc, 12)); store<u64>(fp + load<u32>(pc, 4), (a & 0x7fffffffffffffff) | (b & 0x8000000000000000)); pc += 16; break; }

      // ---- conversions --------------------------------------------------------------
      case IOp.I32_WRAP_I64: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), a); pc += 12; break; }
      // Range-checked first (convert.ts): the native conversion must never trap.
      case IOp.I32_TRUNC_F32_S: {
        const a = <f64>load<f32>(fp + load<u32>(pc, 8));
        if (!fitsI32(a)) {
          return exitTrap(a != a ? Trap.INVALID_CONVERSION : Trap.OVERFLOW, pc, fp, func, csp, fuel);
        }
        store<i32>(fp + load<u32>(pc, 4), <i32>a);
        pc += 12;
        break;
      }
      case IOp.I32_TRUNC_F32_U: {
        const a = <f64>load<f32>(fp + load<u32>(pc, 8));
        if (!fitsU32(a)) {
          return exitTrap(a != a ? Trap.INVALID_CONVERSION : Trap.OVERFLOW, pc, fp, func, csp, fuel);
        }
        store<u32>(fp + load<u32>(pc, 4), <u32>a);
        pc += 12;
        break;
      }
      case IOp.I32_TRUNC_F64_S: {
        const a = <f64>load<f64>(fp + load<u32>(pc, 8));
        if (!fitsI32(a)) {
          return exitTrap(a != a ? Trap.INVALID_CONVERSION : Trap.OVERFLOW, pc, fp, func, csp, fuel);
        }
        store<i32>(fp + load<u32>(pc, 4), <i32>a);
        pc += 12;
        break;
      }
      case IOp.I32_TRUNC_F64_U: {
        const a = <f64>load<f64>(fp + load<u32>(pc, 8));
        if (!fitsU32(a)) {
          return exitTrap(a != a ? Trap.INVALID_CONVERSION : Trap.OVERFLOW, pc, fp, func, csp, fuel);
        }
        store<u32>(fp + load<u32>(pc, 4), <u32>a);
        pc += 12;
        break;
      }
      case IOp.I64_EXTEND_I32_S: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), <i64>a); pc += 12; break; }
      case IOp.I64_EXTEND_I32_U: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u64>(fp + load<u32>(pc, 4), <u64>a); pc += 12; break; }
      case IOp.I64_TRUNC_F32_S: {
        const a = <f64>load<f32>(fp + load<u32>(pc, 8));
        if (!fitsI64(a)) {
          return exitTrap(a != a ? Trap.INVALID_CONVERSION : Trap.OVERFLOW, pc, fp, func, csp, fuel);
        }
        store<i64>(fp + load<u32>(pc, 4), <i64>a);
        pc += 12;
        break;
      }
      case IOp.I64_TRUNC_F32_U: {
        const a = <f64>load<f32>(fp + load<u32>(pc, 8));
        if (!fitsU64(a)) {
          return exitTrap(a != a ? Trap.INVALID_CONVERSION : Trap.OVERFLOW, pc, fp, func, csp, fuel);
        }
        store<u64>(fp + load<u32>(pc, 4), <u64>a);
        pc += 12;
        break;
      }
      case IOp.I64_TRUNC_F64_S: {
        const a = <f64>load<f64>(fp + load<u32>(pc, 8));
        if (!fitsI64(a)) {
          return exitTrap(a != a ? Trap.INVALID_CONVERSION : Trap.OVERFLOW, pc, fp, func, csp, fuel);
        }
        store<i64>(fp + load<u32>(pc, 4), <i64>a);
        pc += 12;
        break;
      }
      case IOp.I64_TRUNC_F64_U: {
        const a = <f64>load<f64>(fp + load<u32>(pc, 8));
        if (!fitsU64(a)) {
          return exitTrap(a != a ? Trap.INVALID_CONVERSION : Trap.OVERFLOW, pc, fp, func, csp, fuel);
        }
        store<u64>(fp + load<u32>(pc, 4), <u64>a);
        pc += 12;
        break;
      }
      case IOp.F32_CONVERT_I32_S: { const a = load<i32>(fp + load<u32>(pc, 8)); store<f32>(fp + load<u32>(pc, 4), <f32>a); pc += 12; break; }
      case IOp.F32_CONVERT_I32_U: { const a = load<u32>(fp + load<u32>(pc, 8)); store<f32>(fp + load<u32>(pc, 4), <f32>a); pc += 12; break; }
      case IOp.F32_CONVERT_I64_S: { const a = load<i64>(fp + load<u32>(pc, 8)); store<f32>(fp + load<u32>(pc, 4), <f32>a); pc += 12; break; }
      case IOp.F32_CONVERT_I64_U: { const a = load<u64>(fp + load<u32>(pc, 8)); store<f32>(fp + load<u32>(pc, 4), <f32>a); pc += 12; break; }
      case IOp.F32_DEMOTE_F64: { const a = load<f64>(fp + load<u32>(pc, 8)); store<f32>(fp + load<u32>(pc, 4), <f32>a); pc += 12; break; }
      case IOp.F64_CONVERT_I32_S: { const a = load<i32>(fp + load<u32>(pc, 8)); store<f64>(fp + load<u32>(pc, 4), <f64>a); pc += 12; break; }
      case IOp.F64_CONVERT_I32_U: { const a = load<u32>(fp + load<u32>(pc, 8)); store<f64>(fp + load<u32>(pc, 4), <f64>a); pc += 12; break; }
      case IOp.F64_CONVERT_I64_S: { const a = load<i64>(fp + load<u32>(pc, 8)); store<f64>(fp + load<u32>(pc, 4), <f64>a); pc += 12; break; }
      case IOp.F64_CONVERT_I64_U: { const a = load<u64>(fp + load<u32>(pc, 8)); store<f64>(fp + load<u32>(pc, 4), <f64>a); pc += 12; break; }
      case IOp.F64_PROMOTE_F32: { const a = load<f32>(fp + load<u32>(pc, 8)); store<f64>(fp + load<u32>(pc, 4), <f64>a); pc += 12; break; }
      // Sign extension = a sign-extending load of the slot's low bytes (little-endian).
      case IOp.I32_EXTEND8_S: { const a = load<i8>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), <i32>a); pc += 12; break; }
      case IOp.I32_EXTEND16_S: { const a = load<i16>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), <i32>a); pc += 12; break; }
      case IOp.I64_EXTEND8_S: { const a = load<i8>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), <i64>a); pc += 12; break; }
      case IOp.I64_EXTEND16_S: { const a = load<i16>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), <i64>a); pc += 12; break; }
      case IOp.I64_EXTEND32_S: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), <i64>a); pc += 12; break; }
      case IOp.I32_TRUNC_SAT_F32_S: { const a = load<f32>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), satI32(<f64>a)); pc += 12; break; }
      case IOp.I32_TRUNC_SAT_F32_U: { const a = load<f32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), satU32(<f64>a)); pc += 12; break; }
      case IOp.I32_TRUNC_SAT_F64_S: { const a = load<f64>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), satI32(a)); pc += 12; break; }
      case IOp.I32_TRUNC_SAT_F64_U: { const a = load<f64>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), satU32(a)); pc += 12; break; }
      case IOp.I64_TRUNC_SAT_F32_S: { const a = load<f32>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), satI64(<f64>a)); pc += 12; break; }
      case IOp.I64_TRUNC_SAT_F32_U: { const a = load<f32>(fp + load<u32>(pc, 8)); store<u64>(fp + load<u32>(pc, 4), satU64(<f64>a)); pc += 12; break; }
      case IOp.I64_TRUNC_SAT_F64_S: { const a = load<f64>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), satI64(a)); pc += 12; break; }
      case IOp.I64_TRUNC_SAT_F64_U: { const a = load<f64>(fp + load<u32>(pc, 8)); store<u64>(fp + load<u32>(pc, 4), satU64(a)); pc += 12; break; }

      // ---- fused (compile/fold.ts): constant right operand, compare + branch ----
      case IOp.I32_EQ_K: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a == load<u32>(pc, 12))); pc += 16; break; }
      case IOp.I32_NE_K: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a != load<u32>(pc, 12))); pc += 16; break; }
      case IOp.I32_LT_S_K: { const a = load<i32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a < load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I32_LT_U_K: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a < load<u32>(pc, 12))); pc += 16; break; }
      case IOp.I32_GT_S_K: { const a = load<i32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a > load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I32_GT_U_K: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a > load<u32>(pc, 12))); pc += 16; break; }
      case IOp.I32_LE_S_K: { const a = load<i32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a <= load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I32_LE_U_K: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a <= load<u32>(pc, 12))); pc += 16; break; }
      case IOp.I32_GE_S_K: { const a = load<i32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a >= load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I32_GE_U_K: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a >= load<u32>(pc, 12))); pc += 16; break; }
      case IOp.I32_ADD_K: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), a + load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I32_SUB_K: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), a - load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I32_MUL_K: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), a * load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I32_AND_K: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), a & load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I32_OR_K: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), a | load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I32_XOR_K: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), a ^ load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I32_SHL_K: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), a << load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I32_SHR_S_K: { const a = load<i32>(fp + load<u32>(pc, 8)); store<i32>(fp + load<u32>(pc, 4), a >> load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I32_SHR_U_K: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), a >>> load<u32>(pc, 12)); pc += 16; break; }
      case IOp.I64_EQ_K: { const a = load<u64>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a == <u64><i64>load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I64_NE_K: { const a = load<u64>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a != <u64><i64>load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I64_LT_S_K: { const a = load<i64>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a < <i64>load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I64_LT_U_K: { const a = load<u64>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a < <u64><i64>load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I64_GT_S_K: { const a = load<i64>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a > <i64>load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I64_GT_U_K: { const a = load<u64>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a > <u64><i64>load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I64_LE_S_K: { const a = load<i64>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a <= <i64>load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I64_LE_U_K: { const a = load<u64>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a <= <u64><i64>load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I64_GE_S_K: { const a = load<i64>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a >= <i64>load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I64_GE_U_K: { const a = load<u64>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), <u32>(a >= <u64><i64>load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I64_ADD_K: { const a = load<i64>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), a + <i64>load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I64_SUB_K: { const a = load<i64>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), a - <i64>load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I64_MUL_K: { const a = load<i64>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), a * <i64>load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I64_AND_K: { const a = load<i64>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), a & <i64>load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I64_OR_K: { const a = load<i64>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), a | <i64>load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I64_XOR_K: { const a = load<i64>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), a ^ <i64>load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I64_SHL_K: { const a = load<i64>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), a << <i64>load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I64_SHR_S_K: { const a = load<i64>(fp + load<u32>(pc, 8)); store<i64>(fp + load<u32>(pc, 4), a >> <i64>load<i32>(pc, 12)); pc += 16; break; }
      case IOp.I64_SHR_U_K: { const a = load<u64>(fp + load<u32>(pc, 8)); store<u64>(fp + load<u32>(pc, 4), a >>> <u64><i64>load<i32>(pc, 12)); pc += 16; break; }
      case IOp.BR_I32_EQ: { pc += load<u32>(fp + load<u32>(pc, 4)) == load<u32>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_NE: { pc += load<u32>(fp + load<u32>(pc, 4)) != load<u32>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_LT_S: { pc += load<i32>(fp + load<u32>(pc, 4)) < load<i32>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_LT_U: { pc += load<u32>(fp + load<u32>(pc, 4)) < load<u32>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_GT_S: { pc += load<i32>(fp + load<u32>(pc, 4)) > load<i32>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_GT_U: { pc += load<u32>(fp + load<u32>(pc, 4)) > load<u32>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_LE_S: { pc += load<i32>(fp + load<u32>(pc, 4)) <= load<i32>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_LE_U: { pc += load<u32>(fp + load<u32>(pc, 4)) <= load<u32>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_GE_S: { pc += load<i32>(fp + load<u32>(pc, 4)) >= load<i32>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_GE_U: { pc += load<u32>(fp + load<u32>(pc, 4)) >= load<u32>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_EQ_K: { pc += load<u32>(fp + load<u32>(pc, 4)) == load<u32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_NE_K: { pc += load<u32>(fp + load<u32>(pc, 4)) != load<u32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_LT_S_K: { pc += load<i32>(fp + load<u32>(pc, 4)) < load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_LT_U_K: { pc += load<u32>(fp + load<u32>(pc, 4)) < load<u32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_GT_S_K: { pc += load<i32>(fp + load<u32>(pc, 4)) > load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_GT_U_K: { pc += load<u32>(fp + load<u32>(pc, 4)) > load<u32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_LE_S_K: { pc += load<i32>(fp + load<u32>(pc, 4)) <= load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_LE_U_K: { pc += load<u32>(fp + load<u32>(pc, 4)) <= load<u32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_GE_S_K: { pc += load<i32>(fp + load<u32>(pc, 4)) >= load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I32_GE_U_K: { pc += load<u32>(fp + load<u32>(pc, 4)) >= load<u32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_EQ: { pc += load<u64>(fp + load<u32>(pc, 4)) == load<u64>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_NE: { pc += load<u64>(fp + load<u32>(pc, 4)) != load<u64>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_LT_S: { pc += load<i64>(fp + load<u32>(pc, 4)) < load<i64>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_LT_U: { pc += load<u64>(fp + load<u32>(pc, 4)) < load<u64>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_GT_S: { pc += load<i64>(fp + load<u32>(pc, 4)) > load<i64>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_GT_U: { pc += load<u64>(fp + load<u32>(pc, 4)) > load<u64>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_LE_S: { pc += load<i64>(fp + load<u32>(pc, 4)) <= load<i64>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_LE_U: { pc += load<u64>(fp + load<u32>(pc, 4)) <= load<u64>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_GE_S: { pc += load<i64>(fp + load<u32>(pc, 4)) >= load<i64>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_GE_U: { pc += load<u64>(fp + load<u32>(pc, 4)) >= load<u64>(fp + load<u32>(pc, 8)) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_EQ_K: { pc += load<u64>(fp + load<u32>(pc, 4)) == <u64><i64>load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_NE_K: { pc += load<u64>(fp + load<u32>(pc, 4)) != <u64><i64>load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_LT_S_K: { pc += load<i64>(fp + load<u32>(pc, 4)) < <i64>load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_LT_U_K: { pc += load<u64>(fp + load<u32>(pc, 4)) < <u64><i64>load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_GT_S_K: { pc += load<i64>(fp + load<u32>(pc, 4)) > <i64>load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_GT_U_K: { pc += load<u64>(fp + load<u32>(pc, 4)) > <u64><i64>load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_LE_S_K: { pc += load<i64>(fp + load<u32>(pc, 4)) <= <i64>load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_LE_U_K: { pc += load<u64>(fp + load<u32>(pc, 4)) <= <u64><i64>load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_GE_S_K: { pc += load<i64>(fp + load<u32>(pc, 4)) >= <i64>load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_I64_GE_U_K: { pc += load<u64>(fp + load<u32>(pc, 4)) >= <u64><i64>load<i32>(pc, 8) ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }

      // ---- perf block (ops.ts): superinstructions of the fast code ---------------
      case IOp.F64_ADD_K: { const a = load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); store<f64>(fp + load<u32>(pc, 4), a + k); pc += 20; break; }
      case IOp.F64_SUB_K: { const a = load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); store<f64>(fp + load<u32>(pc, 4), a - k); pc += 20; break; }
      case IOp.F64_MUL_K: { const a = load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); store<f64>(fp + load<u32>(pc, 4), a * k); pc += 20; break; }
      case IOp.F64_DIV_K: { const a = load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); store<f64>(fp + load<u32>(pc, 4), a / k); pc += 20; break; }
      case IOp.F64_KSUB: { const a = load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); store<f64>(fp + load<u32>(pc, 4), k - a); pc += 20; break; }
      case IOp.F64_KDIV: { const a = load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); store<f64>(fp + load<u32>(pc, 4), k / a); pc += 20; break; }
      case IOp.F64_EQ_K: { const a = load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); store<u32>(fp + load<u32>(pc, 4), <u32>(a == k)); pc += 20; break; }
      case IOp.F64_NE_K: { const a = load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); store<u32>(fp + load<u32>(pc, 4), <u32>(a != k)); pc += 20; break; }
      case IOp.F64_LT_K: { const a = load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); store<u32>(fp + load<u32>(pc, 4), <u32>(a < k)); pc += 20; break; }
      case IOp.F64_GT_K: { const a = load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); store<u32>(fp + load<u32>(pc, 4), <u32>(a > k)); pc += 20; break; }
      case IOp.F64_LE_K: { const a = load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); store<u32>(fp + load<u32>(pc, 4), <u32>(a <= k)); pc += 20; break; }
      case IOp.F64_GE_K: { const a = load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); store<u32>(fp + load<u32>(pc, 4), <u32>(a >= k)); pc += 20; break; }
      case IOp.BR_F64_EQ_K: { const a = load<f64>(fp + load<u32>(pc, 4)), k = load<f64>(pc, 8); pc += a == k ? <usize>load<i32>(pc, 16) : 20; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_NE_K: { const a = load<f64>(fp + load<u32>(pc, 4)), k = load<f64>(pc, 8); pc += a != k ? <usize>load<i32>(pc, 16) : 20; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_LT_K: { const a = load<f64>(fp + load<u32>(pc, 4)), k = load<f64>(pc, 8); pc += a < k ? <usize>load<i32>(pc, 16) : 20; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_GT_K: { const a = load<f64>(fp + load<u32>(pc, 4)), k = load<f64>(pc, 8); pc += a > k ? <usize>load<i32>(pc, 16) : 20; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_LE_K: { const a = load<f64>(fp + load<u32>(pc, 4)), k = load<f64>(pc, 8); pc += a <= k ? <usize>load<i32>(pc, 16) : 20; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_GE_K: { const a = load<f64>(fp + load<u32>(pc, 4)), k = load<f64>(pc, 8); pc += a >= k ? <usize>load<i32>(pc, 16) : 20; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_NEQ_K: { const a = load<f64>(fp + load<u32>(pc, 4)), k = load<f64>(pc, 8); pc += !(a == k) ? <usize>load<i32>(pc, 16) : 20; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_NNE_K: { const a = load<f64>(fp + load<u32>(pc, 4)), k = load<f64>(pc, 8); pc += !(a != k) ? <usize>load<i32>(pc, 16) : 20; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_NLT_K: { const a = load<f64>(fp + load<u32>(pc, 4)), k = load<f64>(pc, 8); pc += !(a < k) ? <usize>load<i32>(pc, 16) : 20; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_NGT_K: { const a = load<f64>(fp + load<u32>(pc, 4)), k = load<f64>(pc, 8); pc += !(a > k) ? <usize>load<i32>(pc, 16) : 20; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_NLE_K: { const a = load<f64>(fp + load<u32>(pc, 4)), k = load<f64>(pc, 8); pc += !(a <= k) ? <usize>load<i32>(pc, 16) : 20; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_NGE_K: { const a = load<f64>(fp + load<u32>(pc, 4)), k = load<f64>(pc, 8); pc += !(a >= k) ? <usize>load<i32>(pc, 16) : 20; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.I32_LOAD_A: {
        const x: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>x + <u64>load<u32>(pc, 16);
        if (ea + 4 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u32>(fp + load<u32>(pc, 4), load<u32>(membase + <usize>ea));
        pc += 20;
        break;
      }
      case IOp.I64_LOAD_A: {
        const x: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>x + <u64>load<u32>(pc, 16);
        if (ea + 8 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u64>(fp + load<u32>(pc, 4), load<u64>(membase + <usize>ea));
        pc += 20;
        break;
      }
      case IOp.I32_LOAD8_S_A: {
        const x: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>x + <u64>load<u32>(pc, 16);
        if (ea + 1 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<i32>(fp + load<u32>(pc, 4), <i32>load<i8>(membase + <usize>ea));
        pc += 20;
        break;
      }
      case IOp.I32_LOAD8_U_A: {
        const x: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>x + <u64>load<u32>(pc, 16);
        if (ea + 1 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u32>(fp + load<u32>(pc, 4), <u32>load<u8>(membase + <usize>ea));
        pc += 20;
        break;
      }
      case IOp.I32_LOAD16_S_A: {
        const x: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>x + <u64>load<u32>(pc, 16);
        if (ea + 2 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<i32>(fp + load<u32>(pc, 4), <i32>load<i16>(membase + <usize>ea));
        pc += 20;
        break;
      }
      case IOp.I32_LOAD16_U_A: {
        const x: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>x + <u64>load<u32>(pc, 16);
        if (ea + 2 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u32>(fp + load<u32>(pc, 4), <u32>load<u16>(membase + <usize>ea));
        pc += 20;
        break;
      }
      case IOp.I64_LOAD8_S_A: {
        const x: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>x + <u64>load<u32>(pc, 16);
        if (ea + 1 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<i64>(fp + load<u32>(pc, 4), <i64>load<i8>(membase + <usize>ea));
        pc += 20;
        break;
      }
      case IOp.I64_LOAD8_U_A: {
        const x: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>x + <u64>load<u32>(pc, 16);
        if (ea + 1 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u64>(fp + load<u32>(pc, 4), <u64>load<u8>(membase + <usize>ea));
        pc += 20;
        break;
      }
      case IOp.I64_LOAD16_S_A: {
        const x: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>x + <u64>load<u32>(pc, 16);
        if (ea + 2 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<i64>(fp + load<u32>(pc, 4), <i64>load<i16>(membase + <usize>ea));
        pc += 20;
        break;
      }
      case IOp.I64_LOAD16_U_A: {
        const x: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>x + <u64>load<u32>(pc, 16);
        if (ea + 2 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u64>(fp + load<u32>(pc, 4), <u64>load<u16>(membase + <usize>ea));
        pc += 20;
        break;
      }
      case IOp.I64_LOAD32_S_A: {
        const x: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>x + <u64>load<u32>(pc, 16);
        if (ea + 4 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<i64>(fp + load<u32>(pc, 4), <i64>load<i32>(membase + <usize>ea));
        pc += 20;
        break;
      }
      case IOp.I64_LOAD32_U_A: {
        const x: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>x + <u64>load<u32>(pc, 16);
        if (ea + 4 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u64>(fp + load<u32>(pc, 4), <u64>load<u32>(membase + <usize>ea));
        pc += 20;
        break;
      }
      case IOp.I32_LOAD_SA: {
        const x: u32 = (load<u32>(fp + load<u32>(pc, 8)) << load<u32>(pc, 12)) + load<u32>(pc, 16); // wraps, as i32.shl/add
        const ea = <u64>x + <u64>load<u32>(pc, 20);
        if (ea + 4 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u32>(fp + load<u32>(pc, 4), load<u32>(membase + <usize>ea));
        pc += 24;
        break;
      }
      case IOp.I64_LOAD_SA: {
        const x: u32 = (load<u32>(fp + load<u32>(pc, 8)) << load<u32>(pc, 12)) + load<u32>(pc, 16); // wraps, as i32.shl/add
        const ea = <u64>x + <u64>load<u32>(pc, 20);
        if (ea + 8 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u64>(fp + load<u32>(pc, 4), load<u64>(membase + <usize>ea));
        pc += 24;
        break;
      }
      case IOp.I32_ROTL_K: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), rotl<u32>(a, load<u32>(pc, 12))); pc += 16; break; }
      case IOp.I32_ROTR_K: { const a = load<u32>(fp + load<u32>(pc, 8)); store<u32>(fp + load<u32>(pc, 4), rotr<u32>(a, load<u32>(pc, 12))); pc += 16; break; }
      case IOp.I64_ROTL_K: { const a = load<u64>(fp + load<u32>(pc, 8)); store<u64>(fp + load<u32>(pc, 4), rotl<u64>(a, <u64><i64>load<i32>(pc, 12))); pc += 16; break; }
      case IOp.I64_ROTR_K: { const a = load<u64>(fp + load<u32>(pc, 8)); store<u64>(fp + load<u32>(pc, 4), rotr<u64>(a, <u64><i64>load<i32>(pc, 12))); pc += 16; break; }
      case IOp.ADDK_BR_EQ: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) == load<u32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_NE: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) != load<u32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_LT_S: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<i32>(fp + load<u32>(pc, 16)) < load<i32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_LT_U: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) < load<u32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_GT_S: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<i32>(fp + load<u32>(pc, 16)) > load<i32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_GT_U: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) > load<u32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_LE_S: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<i32>(fp + load<u32>(pc, 16)) <= load<i32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_LE_U: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) <= load<u32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_GE_S: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<i32>(fp + load<u32>(pc, 16)) >= load<i32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_GE_U: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) >= load<u32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_EQ_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) == load<u32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_NE_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) != load<u32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_LT_S_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<i32>(fp + load<u32>(pc, 16)) < load<i32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_LT_U_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) < load<u32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_GT_S_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<i32>(fp + load<u32>(pc, 16)) > load<i32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_GT_U_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) > load<u32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_LE_S_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<i32>(fp + load<u32>(pc, 16)) <= load<i32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_LE_U_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) <= load<u32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_GE_S_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<i32>(fp + load<u32>(pc, 16)) >= load<i32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_GE_U_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) >= load<u32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_NZ: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) != 0 ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADDK_BR_Z: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12)); pc += load<u32>(fp + load<u32>(pc, 16)) == 0 ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      // ---- floatfuse ----
      case IOp.F64_MUL_ADD: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)), c = load<f64>(fp + load<u32>(pc, 16)); store<f64>(fp + load<u32>(pc, 4), a * b + c); pc += 20; break; }
      case IOp.F64_MUL_SUB: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)), c = load<f64>(fp + load<u32>(pc, 16)); store<f64>(fp + load<u32>(pc, 4), a * b - c); pc += 20; break; }
      case IOp.F64_ADD_MUL: { const c = load<f64>(fp + load<u32>(pc, 8)), a = load<f64>(fp + load<u32>(pc, 12)), b = load<f64>(fp + load<u32>(pc, 16)); store<f64>(fp + load<u32>(pc, 4), c + a * b); pc += 20; break; }
      case IOp.F64_SUB_MUL: { const c = load<f64>(fp + load<u32>(pc, 8)), a = load<f64>(fp + load<u32>(pc, 12)), b = load<f64>(fp + load<u32>(pc, 16)); store<f64>(fp + load<u32>(pc, 4), c - a * b); pc += 20; break; }
      case IOp.F64_ADD_SUB: { const c = load<f64>(fp + load<u32>(pc, 8)), a = load<f64>(fp + load<u32>(pc, 12)), b = load<f64>(fp + load<u32>(pc, 16)); store<f64>(fp + load<u32>(pc, 4), c + (a - b)); pc += 20; break; }
      case IOp.F64_ADD_ADD_K: { const a = load<f64>(fp + load<u32>(pc, 8)), b = load<f64>(fp + load<u32>(pc, 12)), k = load<f64>(pc, 16); store<f64>(fp + load<u32>(pc, 4), (a + b) + k); pc += 24; break; }
      case IOp.F64_ADD_KDIV: { const c = load<f64>(fp + load<u32>(pc, 8)), a = load<f64>(fp + load<u32>(pc, 12)), k = load<f64>(pc, 16); store<f64>(fp + load<u32>(pc, 4), c + k / a); pc += 24; break; }
      case IOp.F64_ADD_KDIV_AAK: { const c = load<f64>(fp + load<u32>(pc, 8)), a = load<f64>(fp + load<u32>(pc, 12)), b = load<f64>(fp + load<u32>(pc, 16)), k = load<f64>(pc, 20), k2 = load<f64>(pc, 28); store<f64>(fp + load<u32>(pc, 4), c + k / ((a + b) + k2)); pc += 36; break; }
      case IOp.F64_CONVERT_I32_S_ADD_K: { const a = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); store<f64>(fp + load<u32>(pc, 4), <f64><i32>a); pc += 16; break; }
      case IOp.BR_F64_ADD_EQ_K: { const s = load<f64>(fp + load<u32>(pc, 4)) + load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); pc += s == k ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_ADD_NE_K: { const s = load<f64>(fp + load<u32>(pc, 4)) + load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); pc += s != k ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_ADD_LT_K: { const s = load<f64>(fp + load<u32>(pc, 4)) + load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); pc += s < k ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_ADD_GT_K: { const s = load<f64>(fp + load<u32>(pc, 4)) + load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); pc += s > k ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_ADD_LE_K: { const s = load<f64>(fp + load<u32>(pc, 4)) + load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); pc += s <= k ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_ADD_GE_K: { const s = load<f64>(fp + load<u32>(pc, 4)) + load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); pc += s >= k ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_ADD_NEQ_K: { const s = load<f64>(fp + load<u32>(pc, 4)) + load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); pc += !(s == k) ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_ADD_NNE_K: { const s = load<f64>(fp + load<u32>(pc, 4)) + load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); pc += !(s != k) ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_ADD_NLT_K: { const s = load<f64>(fp + load<u32>(pc, 4)) + load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); pc += !(s < k) ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_ADD_NGT_K: { const s = load<f64>(fp + load<u32>(pc, 4)) + load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); pc += !(s > k) ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_ADD_NLE_K: { const s = load<f64>(fp + load<u32>(pc, 4)) + load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); pc += !(s <= k) ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_F64_ADD_NGE_K: { const s = load<f64>(fp + load<u32>(pc, 4)) + load<f64>(fp + load<u32>(pc, 8)), k = load<f64>(pc, 12); pc += !(s >= k) ? <usize>load<i32>(pc, 20) : 24; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      // ---- memfuse (compile/fuse-mem.ts) ----------------------------------------
      case IOp.F64_MUL_LL: {
        const xa: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12); // wraps, as i32.add
        const ea = <u64>xa + <u64>load<u32>(pc, 16);
        if (ea + 8 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        const xb: u32 = load<u32>(fp + load<u32>(pc, 20)) + load<u32>(pc, 24);
        const eb = <u64>xb + <u64>load<u32>(pc, 28);
        // The second load's pc map entry is the word after the opcode (fuse-mem.ts).
        if (eb + 8 > memsize) return exitTrap(Trap.MEMORY_OOB, pc + 4, fp, func, csp, fuel);
        store<f64>(fp + load<u32>(pc, 4), load<f64>(membase + <usize>ea) * load<f64>(membase + <usize>eb));
        pc += 32;
        break;
      }
      case IOp.F64_MUL_LL_ADD: {
        const xa: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12);
        const ea = <u64>xa + <u64>load<u32>(pc, 16);
        if (ea + 8 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        const xb: u32 = load<u32>(fp + load<u32>(pc, 20)) + load<u32>(pc, 24);
        const eb = <u64>xb + <u64>load<u32>(pc, 28);
        if (eb + 8 > memsize) return exitTrap(Trap.MEMORY_OOB, pc + 4, fp, func, csp, fuel);
        const m = load<f64>(membase + <usize>ea) * load<f64>(membase + <usize>eb);
        store<f64>(fp + load<u32>(pc, 4), m + load<f64>(fp + load<u32>(pc, 32)));
        pc += 36;
        break;
      }
      case IOp.F64_ADD_MUL_LL: {
        const xa: u32 = load<u32>(fp + load<u32>(pc, 8)) + load<u32>(pc, 12);
        const ea = <u64>xa + <u64>load<u32>(pc, 16);
        if (ea + 8 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        const xb: u32 = load<u32>(fp + load<u32>(pc, 20)) + load<u32>(pc, 24);
        const eb = <u64>xb + <u64>load<u32>(pc, 28);
        if (eb + 8 > memsize) return exitTrap(Trap.MEMORY_OOB, pc + 4, fp, func, csp, fuel);
        const m = load<f64>(membase + <usize>ea) * load<f64>(membase + <usize>eb);
        store<f64>(fp + load<u32>(pc, 4), load<f64>(fp + load<u32>(pc, 32)) + m);
        pc += 36;
        break;
      }
      case IOp.I32_ADD_SHL_K: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), a + <u32>(b << load<i32>(pc, 16))); pc += 20; break; }
      case IOp.I32_ADD_SHR_U_K: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), a + <u32>(b >>> load<u32>(pc, 16))); pc += 20; break; }
      case IOp.I32_ADD_AND_K: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), a + <u32>(b & load<u32>(pc, 16))); pc += 20; break; }
      case IOp.I32_XOR_SHL_K: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), a ^ <u32>(b << load<i32>(pc, 16))); pc += 20; break; }
      case IOp.I32_XOR_SHR_U_K: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), a ^ <u32>(b >>> load<u32>(pc, 16))); pc += 20; break; }
      case IOp.I32_XOR_AND_K: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), a ^ <u32>(b & load<u32>(pc, 16))); pc += 20; break; }
      case IOp.I32_OR_SHL_K: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<i32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), a | <u32>(b << load<i32>(pc, 16))); pc += 20; break; }
      case IOp.I32_OR_SHR_U_K: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), a | <u32>(b >>> load<u32>(pc, 16))); pc += 20; break; }
      case IOp.I32_OR_AND_K: { const a = load<u32>(fp + load<u32>(pc, 8)), b = load<u32>(fp + load<u32>(pc, 12)); store<u32>(fp + load<u32>(pc, 4), a | <u32>(b & load<u32>(pc, 16))); pc += 20; break; }
      case IOp.SELECT_EQ: { const c = <u32>(load<u32>(fp + load<u32>(pc, 20)) == load<u32>(fp + load<u32>(pc, 24))); store<u32>(fp + load<u32>(pc, 16), c); store<u64>(fp + load<u32>(pc, 4), load<u64>(fp + (c != 0 ? load<u32>(pc, 8) : load<u32>(pc, 12)))); pc += 28; break; }
      case IOp.SELECT_NE: { const c = <u32>(load<u32>(fp + load<u32>(pc, 20)) != load<u32>(fp + load<u32>(pc, 24))); store<u32>(fp + load<u32>(pc, 16), c); store<u64>(fp + load<u32>(pc, 4), load<u64>(fp + (c != 0 ? load<u32>(pc, 8) : load<u32>(pc, 12)))); pc += 28; break; }
      case IOp.SELECT_LT_S: { const c = <u32>(load<i32>(fp + load<u32>(pc, 20)) < load<i32>(fp + load<u32>(pc, 24))); store<u32>(fp + load<u32>(pc, 16), c); store<u64>(fp + load<u32>(pc, 4), load<u64>(fp + (c != 0 ? load<u32>(pc, 8) : load<u32>(pc, 12)))); pc += 28; break; }
      case IOp.SELECT_LT_U: { const c = <u32>(load<u32>(fp + load<u32>(pc, 20)) < load<u32>(fp + load<u32>(pc, 24))); store<u32>(fp + load<u32>(pc, 16), c); store<u64>(fp + load<u32>(pc, 4), load<u64>(fp + (c != 0 ? load<u32>(pc, 8) : load<u32>(pc, 12)))); pc += 28; break; }
      case IOp.SELECT_GT_S: { const c = <u32>(load<i32>(fp + load<u32>(pc, 20)) > load<i32>(fp + load<u32>(pc, 24))); store<u32>(fp + load<u32>(pc, 16), c); store<u64>(fp + load<u32>(pc, 4), load<u64>(fp + (c != 0 ? load<u32>(pc, 8) : load<u32>(pc, 12)))); pc += 28; break; }
      case IOp.SELECT_GT_U: { const c = <u32>(load<u32>(fp + load<u32>(pc, 20)) > load<u32>(fp + load<u32>(pc, 24))); store<u32>(fp + load<u32>(pc, 16), c); store<u64>(fp + load<u32>(pc, 4), load<u64>(fp + (c != 0 ? load<u32>(pc, 8) : load<u32>(pc, 12)))); pc += 28; break; }
      case IOp.SELECT_LE_S: { const c = <u32>(load<i32>(fp + load<u32>(pc, 20)) <= load<i32>(fp + load<u32>(pc, 24))); store<u32>(fp + load<u32>(pc, 16), c); store<u64>(fp + load<u32>(pc, 4), load<u64>(fp + (c != 0 ? load<u32>(pc, 8) : load<u32>(pc, 12)))); pc += 28; break; }
      case IOp.SELECT_LE_U: { const c = <u32>(load<u32>(fp + load<u32>(pc, 20)) <= load<u32>(fp + load<u32>(pc, 24))); store<u32>(fp + load<u32>(pc, 16), c); store<u64>(fp + load<u32>(pc, 4), load<u64>(fp + (c != 0 ? load<u32>(pc, 8) : load<u32>(pc, 12)))); pc += 28; break; }
      case IOp.SELECT_GE_S: { const c = <u32>(load<i32>(fp + load<u32>(pc, 20)) >= load<i32>(fp + load<u32>(pc, 24))); store<u32>(fp + load<u32>(pc, 16), c); store<u64>(fp + load<u32>(pc, 4), load<u64>(fp + (c != 0 ? load<u32>(pc, 8) : load<u32>(pc, 12)))); pc += 28; break; }
      case IOp.SELECT_GE_U: { const c = <u32>(load<u32>(fp + load<u32>(pc, 20)) >= load<u32>(fp + load<u32>(pc, 24))); store<u32>(fp + load<u32>(pc, 16), c); store<u64>(fp + load<u32>(pc, 4), load<u64>(fp + (c != 0 ? load<u32>(pc, 8) : load<u32>(pc, 12)))); pc += 28; break; }
      case IOp.ADD_BR_EQ: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<u32>(fp + load<u32>(pc, 16)) == load<u32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_NE: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<u32>(fp + load<u32>(pc, 16)) != load<u32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_LT_S: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<i32>(fp + load<u32>(pc, 16)) < load<i32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_LT_U: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<u32>(fp + load<u32>(pc, 16)) < load<u32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_GT_S: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<i32>(fp + load<u32>(pc, 16)) > load<i32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_GT_U: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<u32>(fp + load<u32>(pc, 16)) > load<u32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_LE_S: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<i32>(fp + load<u32>(pc, 16)) <= load<i32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_LE_U: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<u32>(fp + load<u32>(pc, 16)) <= load<u32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_GE_S: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<i32>(fp + load<u32>(pc, 16)) >= load<i32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_GE_U: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<u32>(fp + load<u32>(pc, 16)) >= load<u32>(fp + load<u32>(pc, 20)) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_EQ_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<u32>(fp + load<u32>(pc, 16)) == load<u32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_NE_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<u32>(fp + load<u32>(pc, 16)) != load<u32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_LT_S_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<i32>(fp + load<u32>(pc, 16)) < load<i32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_LT_U_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<u32>(fp + load<u32>(pc, 16)) < load<u32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_GT_S_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<i32>(fp + load<u32>(pc, 16)) > load<i32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_GT_U_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<u32>(fp + load<u32>(pc, 16)) > load<u32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_LE_S_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<i32>(fp + load<u32>(pc, 16)) <= load<i32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_LE_U_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<u32>(fp + load<u32>(pc, 16)) <= load<u32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_GE_S_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<i32>(fp + load<u32>(pc, 16)) >= load<i32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.ADD_BR_GE_U_K: { store<u32>(fp + load<u32>(pc, 4), load<u32>(fp + load<u32>(pc, 8)) + load<u32>(fp + load<u32>(pc, 12))); pc += load<u32>(fp + load<u32>(pc, 16)) >= load<u32>(pc, 20) ? <usize>load<i32>(pc, 24) : 28; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_AND_K_NZ: { pc += (load<u32>(fp + load<u32>(pc, 4)) & load<u32>(pc, 8)) != 0 ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.BR_AND_K_Z: { pc += (load<u32>(fp + load<u32>(pc, 4)) & load<u32>(pc, 8)) == 0 ? <usize>load<i32>(pc, 12) : 16; if (load<u32>(pc) == IOp.FUEL) { const fk = <i64>load<u32>(pc, 4); if (fuel >= fk) { fuel -= fk; pc += 8; } } break; }
      case IOp.I32_LOAD_SA_XOR_SHR_U_K: {
        const x: u32 = (load<u32>(fp + load<u32>(pc, 8)) << load<u32>(pc, 12)) + load<u32>(pc, 16); // wraps, as i32.shl/add
        const ea = <u64>x + <u64>load<u32>(pc, 20);
        if (ea + 4 > memsize) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        store<u32>(fp + load<u32>(pc, 4), load<u32>(membase + <usize>ea) ^ (load<u32>(fp + load<u32>(pc, 24)) >>> load<u32>(pc, 28)));
        pc += 32;
        break;
      }
      // ---- end of memfuse --------------------------------------------------------
      // ---- end of perf block --------------------------------------------------------

      // ---- step mode and probes (rare paths: exec/step.ts, exec/probe.ts) ------
      case IOp.STEP: {
        const to = <usize>load<u32>(pc, 12);
        if (to != 0 && fuel >= <i64>load<u32>(pc, 8)) {
          pc = to; // back to the fast code: its FUEL charges the segment
          break;
        }
        if (fuel < 1) return exitYield(pc, fp, func, csp, fuel);
        if (monitorMask != 0) monStepInstr(pc, fp, func, fuelAtStart - fuel, memsize);
        fuel -= 1;
        pc += 16;
        break;
      }
      case IOp.PROBE: {
        if (fuel < 1) return exitYield(pc, fp, func, csp, fuel);
        if (!probePass(pc)) {
          exitYield(pc, fp, func, csp, fuel);
          return probeFired();
        }
        fuel -= 1;
        pc += 16;
        break;
      }
      // ---- monitors (assembly/monitor/): only monitor copies contain these ----------
      case IOp.M_FUEL: {
        const k = <i64>load<u32>(pc, 4);
        if (fuel < k) return exitYield(pc, fp, func, csp, fuel);
        fuel -= k;
        monSegment(pc, func);
        pc += 8;
        break;
      }
      case IOp.M_BR_IF: case IOp.M_BR_IF_NOT: case IOp.M_BR_TABLE: case IOp.M_MEM: {
        const next = monStep(pc, fp, func, membase, memsize);
        if (next == 0) return exitTrap(Trap.MEMORY_OOB, pc, fp, func, csp, fuel);
        pc = next;
        break;
      }

      default:
        return exitTrap(Trap.INTERNAL, pc, fp, func, csp, fuel);
    }
  }
  return Status.TRAP; // unreachable: the loop only exits by return
}
