// Step-mode copies of functions: a second translation of a function, built
// lazily at run time, where every original instruction is its own segment
// (STEP, ops.ts) and so every instruction boundary is a resume site. They make
// exact stops possible (driver.ts: when the budget ends inside a fast segment,
// the frame moves here and runs the remainder one instruction at a time), let
// a snapshot pc be any instruction boundary (state.ts), and hold the probes
// of issue 6 (probe.ts: a PROBE replaces a STEP opcode word in this copy).
//
// The copy uses the same frame layout as the fast code (locals, then the
// operand stack in canonical slots). At every STEP whose instruction also
// opens a fast segment, fastTarget points at that fast FUEL, so a frame
// returns to full speed at the next fast segment boundary with enough fuel.
// While a function has probes, its FuncInst.CODE points here and the
// fastTargets are cleared (linkFast), so frames stay in the probed code. The
// fast code itself is never modified: return addresses into it stay valid.

import { CompiledFunc } from "../compiled";
import { Context, buildContext } from "../compile/context";
import { translateFunc } from "../compile/func";
import { buildNumericTables } from "../compile/numeric";
import { setStepMode } from "../compile/sites";
import { statusReset } from "../compile/status";
import { ErrorKind, fail } from "../errors";
import { IOp } from "../ops";
import { relocateCode } from "../runtime/func";
import { FuncRec, allocRecord, instanceData } from "../runtime/store";
import { Machine } from "./frames";
import { compiledOf, siteAt, siteOffset, siteWord } from "./sites-map";

/** Words of a STEP / PROBE instruction. */
export const STEP_WORDS: u32 = 4;

/** The step-mode copy of one function. */
export class StepCopy {
  /** FuncInst. */
  func: usize = 0;
  /** The fast translation and its code address (FuncInst.CODE before any probe). */
  fast: CompiledFunc;
  fastCode: usize = 0;
  /** The step-mode translation and its relocated code in VM memory. */
  cf: CompiledFunc;
  code: usize = 0;
  /** Probes set in this copy (probe.ts); > 0: FuncInst.CODE is `code`, fastTargets cleared. */
  probes: i32 = 0;

  constructor(fast: CompiledFunc, cf: CompiledFunc) {
    this.fast = fast;
    this.cf = cf;
  }
}

/** FuncInst -> its step copy, once built. */
const copies = new Map<usize, StepCopy>();
/** Validation context of the module last step-translated (rebuilt when the module changes). */
let ctxModule: usize = 0;
let ctxCache: Context = new Context();
/** A FuncInst-shaped scratch record: relocateCode writes the copy's address into it. */
let scratch: usize = 0;

/** The step copy of FuncInst `func` if it was built, else null. */
export function stepCopyIfBuilt(func: usize): StepCopy | null {
  return copies.has(func) ? copies.get(func) : null;
}

/** The step copy of wasm FuncInst `func`, built on first use; null after recording an error. */
export function stepCopy(func: usize): StepCopy | null {
  if (copies.has(func)) return copies.get(func);
  const fast = compiledOf(func);
  if (fast == null) {
    fail(ErrorKind.INTERNAL, "step mode: not a wasm function");
    return null;
  }
  const d = instanceData(load<u32>(func, FuncRec.INSTANCE))!;
  const m = d.compiled.module;
  if (changetype<usize>(m) != ctxModule) {
    ctxCache = buildContext(m);
    // Step copies are canonical: one internal instruction per Wasm instruction, results in their stack slots.
    ctxCache.fold = false;
    ctxModule = changetype<usize>(m);
  }
  buildNumericTables();
  statusReset();
  setStepMode(true);
  const cf = translateFunc(m, ctxCache, <i32>(fast.funcIndex - m.numImportedFuncs));
  setStepMode(false);
  statusReset();
  // Same frame layout as the fast code: the frame size in FuncInst covers both.
  if (cf == null || cf.maxHeight > fast.maxHeight || cf.numLocals != fast.numLocals) {
    fail(ErrorKind.INTERNAL, "step mode: cannot translate function " + fast.funcIndex.toString());
    return null;
  }
  if (scratch == 0) scratch = allocRecord(FuncRec.SIZE);
  if (!relocateCode(d, cf, scratch)) return null;
  const sc = new StepCopy(fast, cf);
  sc.func = func;
  sc.fastCode = <usize>load<u32>(func, FuncRec.CODE);
  sc.code = <usize>load<u32>(scratch, FuncRec.CODE);
  copies.set(func, sc);
  linkFast(sc, true);
  return sc;
}

/** Sets (on) or clears every STEP's exit to the fast code. */
export function linkFast(sc: StepCopy, on: bool): void {
  const s = sc.cf.fuelSites;
  for (let i = 0; i < s.length; i += 3) {
    const w = unchecked(s[i]);
    const p = sc.code + (<usize>w << 2);
    let cost: u32 = 0;
    let target: u32 = 0;
    if (on) {
      const off = siteOffset(sc.cf, w);
      const fw = off < 0 ? -1 : siteWord(sc.fast, <u32>off);
      if (fw >= 0) {
        cost = unchecked(sc.fast.code[<i32>fw + 1]);
        target = <u32>(sc.fastCode + (<usize>fw << 2));
      }
    }
    store<u32>(p, cost, 8);
    store<u32>(p, target, 12);
  }
}

// Result of findCode.
/** The translation (fast or step) that holds the pc given to findCode. */
export let foundCf: CompiledFunc | null = null;
/** Word index of that pc in it. */
export let foundWord: u32 = 0;
/** Address of word 0 of that translation's code. */
export let foundBase: usize = 0;
/** True when it is the step copy. */
export let foundStep: bool = false;

/** Finds which code of wasm FuncInst `func` (fast or step copy) holds the word-aligned address `pc`; false if none. */
export function findCode(func: usize, pc: usize): bool {
  const fast = compiledOf(func);
  if (fast == null) return false;
  const sc = stepCopyIfBuilt(func);
  const fastCode = sc != null ? sc.fastCode : <usize>load<u32>(func, FuncRec.CODE);
  if (pc >= fastCode && pc < fastCode + (<usize>fast.code.length << 2) && ((pc - fastCode) & 3) == 0) {
    foundCf = fast;
    foundBase = fastCode;
    foundWord = <u32>((pc - fastCode) >> 2);
    foundStep = false;
    return true;
  }
  if (sc != null && pc >= sc.code && pc < sc.code + (<usize>sc.cf.code.length << 2) && ((pc - sc.code) & 3) == 0) {
    foundCf = sc.cf;
    foundBase = sc.code;
    foundWord = <u32>((pc - sc.code) >> 2);
    foundStep = true;
    return true;
  }
  return false;
}

/** Address in FuncInst `func`'s step copy of the resume site of original offset `offset`, 0 (error recorded) if none. */
export function stepAddress(func: usize, offset: u32): usize {
  const sc = stepCopy(func);
  if (sc == null) return 0;
  const w = siteWord(sc.cf, offset);
  if (w < 0) {
    fail(ErrorKind.INTERNAL, "step mode: offset " + offset.toString() + " is not an instruction boundary");
    return 0;
  }
  return sc.code + (<usize>w << 2);
}

/**
 * Moves the innermost frame, suspended at a fast FUEL whose segment costs
 * more than the fuel left, to the same original instruction in the
 * function's step copy, so the remainder runs one instruction at a time.
 * Returns false after recording an error.
 */
export function stepEnter(): bool {
  const func = Machine.func;
  if (!findCode(func, Machine.pc)) return fail(ErrorKind.INTERNAL, "step mode: pc outside the function's code");
  if (foundStep) return true; // already there
  const cf = foundCf!;
  const op = load<u32>(Machine.pc); // FUEL, or M_FUEL in a monitor copy (monitor/attach.ts)
  if (siteAt(cf, foundWord) < 0 || (op != IOp.FUEL && op != IOp.M_FUEL)) return fail(ErrorKind.INTERNAL, "step mode: frame not at a segment start");
  const off = siteOffset(cf, foundWord);
  if (off < 0) return fail(ErrorKind.INTERNAL, "step mode: segment without an instruction");
  const a = stepAddress(func, <u32>off);
  if (a == 0) return false;
  Machine.pc = a;
  return true;
}
