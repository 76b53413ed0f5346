// Probes (issue 6, DESIGN.md §5): a probe at (function, original offset) is a
// PROBE opcode word written over the STEP of that instruction in the
// function's step copy (step.ts), and the function's FuncInst.CODE points at
// that copy while it has any probe (with its exits to the fast code cleared),
// so functions without probes run their fast code untouched. A PROBE exits
// the interpreter with status PROBE and pc at the probe, before the
// instruction runs; the host reads and writes the frame (probeFrame*, slots
// at fp + 8k) and calls ferry_run again, which passes that one PROBE once and
// runs the instruction.
//
// Setting the first probe of a function also moves its live frames (the
// innermost registers, every caller's return address on the control stack and
// the registers saved by nested invocations) from the fast code to the same
// resume site of the step copy, so a function already running sees the probe
// at once. Removing the last probe restores the exits: frames still in the
// copy return to the fast code at their next fast segment start.

import { CompiledFunc } from "../compiled";
import { ErrorKind, fail } from "../errors";
import { IOp } from "../ops";
import { FuncRec } from "../runtime/store";
import { FRAME_BYTES, Machine, RunState } from "./frames";
import { siteAt, siteOffset, siteWord } from "./sites-map";
import { Status } from "./status";
import { StepCopy, findCode, foundCf, foundStep, foundWord, linkFast, stepCopy, stepCopyIfBuilt } from "./step";

/** Address of the PROBE that fired last and is passed by the next run, 0 if none. */
let passPc: usize = 0;
/** PROBE address -> number of probes set there (the host may set several at one pc). */
const counts = new Map<usize, i32>();

/** Rare path of PROBE at `pc`: true if it fired just before and is to be passed now. */
export function probePass(pc: usize): bool {
  if (passPc != pc) return false;
  passPc = 0;
  return true;
}

/** Rare path of PROBE: the registers are saved (pc at the probe); the next run passes it. */
export function probeFired(): i32 {
  passPc = Machine.pc;
  return Status.PROBE;
}

/** Forgets a fired probe that is not to be passed (the invocation was abandoned or restored). */
export function probeForget(): void {
  passPc = 0;
}

/** Address of the STEP of original offset `offset` in sc, 0 (error recorded) if it is no instruction of reachable code. */
function stepAt(sc: StepCopy, offset: u32): usize {
  const w = siteWord(sc.cf, offset);
  if (w < 0) {
    fail(ErrorKind.INTERNAL, "probe: offset " + offset.toString() + " is not an instruction of reachable code of function " + sc.fast.funcIndex.toString());
    return 0;
  }
  return sc.code + (<usize>w << 2);
}

/** The step-copy address of the resume site at fast-code address `pc` of sc, or `pc` itself if it is not one. */
function toStep(sc: StepCopy, pc: usize): usize {
  const fast = sc.fast;
  if (pc < sc.fastCode || pc >= sc.fastCode + (<usize>fast.code.length << 2)) return pc;
  const word = <u32>((pc - sc.fastCode) >> 2);
  if (siteAt(fast, word) < 0) return pc;
  const off = siteOffset(fast, word);
  if (off < 0) return pc;
  const w = siteWord(sc.cf, <u32>off);
  return w < 0 ? pc : sc.code + (<usize>w << 2);
}

/** Moves every live frame of sc's function from the fast code into the step copy. */
function migrateFrames(sc: StepCopy): void {
  const f = sc.func;
  if (Machine.state != RunState.NONE && Machine.func == f) Machine.pc = toStep(sc, Machine.pc);
  for (let c = Machine.cstackBase; c < Machine.csp; c += FRAME_BYTES) {
    if (<usize>load<u32>(c, 8) == f) store<u32>(c, <u32>toStep(sc, <usize>load<u32>(c, 0)), 0);
  }
  for (let i: u32 = 0; i < Machine.invDepth; i++) {
    const r = Machine.invBase + <usize>i * 32;
    if (<usize>load<u32>(r, 20) == f) store<u32>(r, <u32>toStep(sc, <usize>load<u32>(r, 12)), 12);
  }
}

/** Sets a probe at original offset `offset` of wasm FuncInst `func`; false after recording an error. */
export function probeAdd(func: usize, offset: u32): bool {
  const sc = stepCopy(func);
  if (sc == null) return false;
  const at = stepAt(sc, offset);
  if (at == 0) return false;
  const n = counts.has(at) ? counts.get(at) : 0;
  counts.set(at, n + 1);
  if (n > 0) return true;
  store<u32>(at, IOp.PROBE);
  if (sc.probes++ == 0) {
    linkFast(sc, false);
    store<u32>(func, <u32>sc.code, FuncRec.CODE);
    migrateFrames(sc);
  }
  return true;
}

/** Removes one probe at original offset `offset` of FuncInst `func`; false (error recorded) if none is set there. */
export function probeRemove(func: usize, offset: u32): bool {
  const sc = stepCopyIfBuilt(func);
  if (sc == null) return fail(ErrorKind.INTERNAL, "probe: no probe set in this function");
  const at = stepAt(sc, offset);
  if (at == 0) return false;
  const n = counts.has(at) ? counts.get(at) : 0;
  if (n == 0) return fail(ErrorKind.INTERNAL, "probe: no probe set at offset " + offset.toString());
  if (n > 1) {
    counts.set(at, n - 1);
    return true;
  }
  counts.delete(at);
  store<u32>(at, IOp.STEP);
  if (passPc == at) passPc = 0;
  if (--sc.probes == 0) {
    linkFast(sc, true);
    store<u32>(func, <u32>sc.fastCode, FuncRec.CODE);
  }
  return true;
}

// ---- the frame at a probe (or any suspended innermost frame) ------------------

let pCf: CompiledFunc | null = null;
let pWord: u32 = 0;

/** Describes the innermost frame of the suspended workload; false (error recorded) if it is not at a resume site. */
export function probeFrame(): bool {
  if (Machine.state != RunState.READY || Machine.invDepth == 0) return fail(ErrorKind.INTERNAL, "probe: no suspended frame");
  if (!findCode(Machine.func, Machine.pc) || siteAt(foundCf!, foundWord) < 0) return fail(ErrorKind.INTERNAL, "probe: the frame is not at an instruction boundary");
  pCf = foundCf;
  pWord = foundWord;
  return true;
}

/** Original offset of the frame described by probeFrame. */
export function probeFrameOffset(): u32 {
  const cf = pCf;
  if (cf == null) return 0;
  const off = siteOffset(cf, pWord);
  return off < 0 ? 0 : <u32>off;
}

/** Operand stack height of the frame described by probeFrame. */
export function probeFrameHeight(): u32 {
  const cf = pCf;
  if (cf == null) return 0;
  return cf.fuelSites[siteAt(cf, pWord) + 1];
}

/** Params + declared locals of the frame described by probeFrame. */
export function probeFrameLocals(): u32 {
  const cf = pCf;
  return cf == null ? 0 : cf.numParams + cf.numLocals;
}

/** ValType codes of the locals then operand stack of the frame described by probeFrame. */
export function probeFrameTypes(): u8[] {
  const cf = pCf;
  if (cf == null) return [];
  const site = siteAt(cf, pWord);
  const h = cf.fuelSites[site + 1];
  const off = cf.fuelSites[site + 2];
  const out = cf.localTypes.slice(0);
  for (let k: u32 = 0; k < h; k++) out.push(cf.fuelTypes[off + k]);
  return out;
}

/** Every original instruction offset of wasm FuncInst `func`'s body, in order (including unreachable code); empty if not wasm. */
export function funcOffsets(func: usize): u32[] {
  const sc = stepCopy(func);
  if (sc == null) return [];
  const m = sc.cf.pcmap;
  const out = new Array<u32>(m.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = unchecked(m[i << 1]);
  return out;
}

/** Whether original offset `offset` of `func` is an instruction of reachable code (where a probe can be set). */
export function isProbeSite(func: usize, offset: u32): bool {
  const sc = stepCopy(func);
  return sc != null && siteWord(sc.cf, offset) >= 0;
}
