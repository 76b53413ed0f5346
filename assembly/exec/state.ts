// Canonical execution state for snapshots (DESIGN.md §2): describes the
// frames of a workload suspended at a YIELD (or a PROBE) in terms of the Wasm
// abstract machine (function index, original pc, locals, operand stack), and
// rebuilds such frames in a fresh instance. A frame is at a resume site: a
// FUEL that starts a segment of the fast code, or any instruction boundary of
// the function's step copy (step.ts, a STEP or PROBE), where the innermost
// frame stops after an exact budget and where a caller continues after a
// call returns (a resume site in both codes).
//
// A frame's canonical pc is the original offset of the next instruction to
// run: for the innermost frame the instruction it stopped before; for a
// caller the instruction after its call. Restore puts a frame into the fast
// code when its pc opens a fast segment, else into the step copy. A caller's operand
// stack excludes the callee's arguments (they are the callee's params) and
// results (the callee will produce them): its height is the site's height
// minus the callee's result count.
//
// Slots are read and written by the host directly at fp + 8 * k (k < locals +
// height; docs/internals.md, "Values and slots").

import { CompiledFunc } from "../compiled";
import { ErrorKind, fail } from "../errors";
import { IOp } from "../ops";
import { FuncRec, InstanceData, MemRec, TableRec, instanceData } from "../runtime/store";
import { compiledOf, siteAt, siteOffset, siteWord } from "./sites-map";
import { findCode, foundCf, foundStep, foundWord, stepCopy, stepCopyIfBuilt } from "./step";
import { memGrow } from "../runtime/memory";
import { tableGrow } from "../runtime/table";
import { FRAME_BYTES, Machine, RunState, beginInvocation, invEntryFrame, invRecord } from "./frames";

// Captured frames: records of 7 u32 (func, origPc, fp, nLocals, height, word, inStep).
const REC: usize = 28;
let frames: usize = 0;
let frameCap: u32 = 0;
let frameCount: u32 = 0;

function pushRec(func: usize, pc: u32, fp: usize, nLocals: u32, height: u32, word: u32, inStep: bool): void {
  if (frameCount == frameCap) {
    const n = frameCap < 32 ? 32 : frameCap << 1;
    frames = frames == 0 ? heap.alloc(<usize>n * REC) : heap.realloc(frames, <usize>n * REC);
    frameCap = n;
  }
  const p = frames + <usize>frameCount * REC;
  store<u32>(p, <u32>func);
  store<u32>(p, pc, 4);
  store<u32>(p, <u32>fp, 8);
  store<u32>(p, nLocals, 12);
  store<u32>(p, height, 16);
  store<u32>(p, word, 20);
  store<u32>(p, inStep ? 1 : 0, 24);
  frameCount++;
}

/**
 * Collects the frames of the workload suspended at a YIELD, outermost first;
 * returns their number, or -1 (error recorded) if the state is not one a
 * snapshot can describe (not yielded, nested invocations, not at a site).
 */
export function stateCapture(): i32 {
  frameCount = 0;
  if (Machine.state != RunState.READY || Machine.invDepth != 1) {
    fail(ErrorKind.INTERNAL, "snapshot: the workload is not suspended at a yield of a single invocation");
    return -1;
  }
  const entry = invEntryFrame(invRecord(0));
  // Frames: callers from the control stack (above the entry frame), then the registers.
  let c = entry + FRAME_BYTES;
  while (true) {
    const last = c >= Machine.csp;
    const func: usize = last ? Machine.func : <usize>load<u32>(c, 8);
    const fp: usize = last ? Machine.fp : <usize>load<u32>(c, 4);
    const pc: usize = last ? Machine.pc : <usize>load<u32>(c, 0);
    if (compiledOf(func) == null) {
      fail(ErrorKind.INTERNAL, "snapshot: a frame is not a wasm function");
      return -1;
    }
    if (!findCode(func, pc)) {
      fail(ErrorKind.INTERNAL, "snapshot: a frame's pc is outside its code");
      return -1;
    }
    const cf = foundCf!;
    const word = foundWord;
    const inStep = foundStep;
    const site = siteAt(cf, word);
    const offset = siteOffset(cf, word);
    if (site < 0 || offset < 0) {
      fail(ErrorKind.INTERNAL, "snapshot: a frame is not at a resume site");
      return -1;
    }
    let height = cf.fuelSites[site + 1];
    if (!last) {
      // The callee is the next frame; its results are not on this stack yet.
      const callee: usize = c + FRAME_BYTES >= Machine.csp ? Machine.func : <usize>load<u32>(c + FRAME_BYTES, 8);
      const m = load<u32>(callee, FuncRec.NUM_RESULTS);
      if (m > height) {
        fail(ErrorKind.INTERNAL, "snapshot: inconsistent caller stack height");
        return -1;
      }
      height -= m;
    }
    pushRec(func, <u32>offset, fp, cf.numParams + cf.numLocals, height, word, inStep);
    if (last) break;
    c += FRAME_BYTES;
  }
  return <i32>frameCount;
}

function rec(i: u32, field: usize): u32 {
  return i < frameCount ? load<u32>(frames + <usize>i * REC + field) : 0;
}

/** FuncInst of captured frame i (outermost first). */
export function frameFunc(i: u32): u32 { return rec(i, 0); }
/** Original pc of captured frame i. */
export function framePc(i: u32): u32 { return rec(i, 4); }
/** fp (address of slot 0) of captured frame i. */
export function frameFp(i: u32): u32 { return rec(i, 8); }
/** Number of params + declared locals of captured frame i. */
export function frameLocals(i: u32): u32 { return rec(i, 12); }
/** Operand stack height of captured frame i. */
export function frameHeight(i: u32): u32 { return rec(i, 16); }

/** ValType codes of captured frame i's locals then operand stack (empty if out of range). */
export function frameTypes(i: u32): u8[] {
  if (i >= frameCount) return [];
  const func = frameFunc(i);
  let cf = compiledOf(func);
  if (rec(i, 24) != 0) {
    const sc = stepCopyIfBuilt(func);
    cf = sc == null ? null : sc.cf;
  }
  if (cf == null) return [];
  const site = siteAt(cf, rec(i, 20));
  const h = frameHeight(i);
  const off = cf.fuelSites[site + 2];
  const out = cf.localTypes.slice(0);
  for (let k: u32 = 0; k < h; k++) out.push(cf.fuelTypes[off + k]);
  return out;
}

// ---- restore -------------------------------------------------------------------

// The frame pushed last: FuncInst, its fp, height, resume word, site index,
// the translation it resumes in and that code's address.
let rCf: CompiledFunc | null = null;
let rCode: usize = 0;
let rFunc: usize = 0;
let rFp: usize = 0;
let rHeight: u32 = 0;
let rWord: u32 = 0;
let rSite: i32 = 0;
let rCount: u32 = 0;

/**
 * Pushes a frame of function `index` of instance `inst` resuming at original
 * offset `pc` with `height` operand values and the given locals+stack types
 * (`types`, `n` bytes); outermost first. Returns the fp where the host writes
 * the slots, or 0 after recording an error (the host then calls
 * ferry_trap_unwind). The first push starts the invocation; no invocation
 * may be running.
 */
export function restorePush(inst: usize, index: u32, pc: u32, height: u32, types: usize, n: u32): usize {
  const d = instanceData(inst);
  if (d == null) return bad("unknown instance");
  if (index >= <u32>d.funcs.length) return bad("function index out of range");
  const func = <usize>d.funcs[index];
  const fast = compiledOf(func);
  if (fast == null) return bad("frame function is not defined in the module");
  // A fast segment start resumes in the fast code; any other instruction boundary in the step copy.
  let cf = fast;
  let code = <usize>load<u32>(func, FuncRec.CODE);
  let w = siteWord(fast, pc);
  const sc0 = stepCopyIfBuilt(func);
  if (sc0 != null) code = sc0.fastCode;
  if (w < 0 || (sc0 != null && sc0.probes > 0)) {
    const sc = stepCopy(func);
    if (sc == null) return 0;
    cf = sc.cf;
    code = sc.code;
    w = siteWord(cf, pc);
  }
  if (w < 0) return bad("pc " + pc.toString() + " is not a resume point (an instruction boundary) of function " + index.toString());
  const word = <u32>w;
  const site = siteAt(cf, word);
  const siteHeight = cf.fuelSites[site + 1];
  if (height > siteHeight) return bad("operand stack too high for its pc");
  const nl = cf.numParams + cf.numLocals;
  if (n != nl + height) return bad("wrong number of locals and stack values");
  for (let k: u32 = 0; k < nl; k++) {
    if (load<u8>(types + k) != cf.localTypes[k]) return bad("local type mismatch");
  }
  const off = cf.fuelSites[site + 2];
  for (let k: u32 = 0; k < height; k++) {
    if (load<u8>(types + nl + k) != cf.fuelTypes[off + k]) return bad("operand type mismatch");
  }
  let fp: usize = 0;
  if (rCount == 0) {
    if (Machine.invDepth != 0) return bad("an invocation is already running");
    fp = beginInvocation(func);
    if (fp == 0) return 0;
  } else {
    // The caller (pushed last) must be suspended in a call of exactly this function.
    const pcf = rCf!;
    const ph = pcf.fuelSites[rSite + 1];
    const m = load<u32>(func, FuncRec.NUM_RESULTS);
    if (rHeight + m != ph) return bad("caller stack height does not match the callee's results");
    const base = (pcf.numParams + pcf.numLocals + rHeight) << 3;
    const ret = rCode + (<usize>rWord << 2);
    // (M_CALL, M_CALL_INDIRECT: the same calls in a monitor copy, monitor/attach.ts.)
    const callOp = rWord >= 3 ? load<u32>(ret - 12) : 0;
    const indirectOp = rWord >= 5 ? load<u32>(ret - 20) : 0;
    const isCall = (callOp == IOp.CALL || callOp == IOp.M_CALL) && load<u32>(ret - 8) == <u32>func && load<u32>(ret - 4) == base;
    const isIndirect = (indirectOp == IOp.CALL_INDIRECT || indirectOp == IOp.M_CALL_INDIRECT)
      && load<u32>(ret - 12) == load<u32>(func, FuncRec.TYPE_ID) && load<u32>(ret - 4) == base;
    if (!isCall && !isIndirect) return bad("caller is not suspended in a call of this function");
    fp = rFp + <usize>base;
    if (Machine.csp + FRAME_BYTES > Machine.cstackEnd || <u64>fp + <u64>load<u32>(func, FuncRec.FRAME_BYTES) > <u64>Machine.stackEnd) {
      fail(ErrorKind.EXHAUSTION, "call stack exhausted");
      return 0;
    }
    const c = Machine.csp;
    store<u32>(c, <u32>ret, 0);
    store<u32>(c, <u32>rFp, 4);
    store<u32>(c, <u32>rFunc, 8);
    store<u32>(c, 0, 12);
    Machine.csp = c + FRAME_BYTES;
  }
  memory.fill(fp, 0, <usize>(nl + height) << 3);
  rCf = cf;
  rCode = code;
  rFunc = func;
  rFp = fp;
  rHeight = height;
  rWord = word;
  rSite = site;
  rCount++;
  Machine.func = func;
  Machine.fp = fp;
  Machine.pc = code + (<usize>word << 2);
  return fp;
}

function bad(msg: string): usize {
  fail(ErrorKind.INTERNAL, "restore: " + msg);
  return 0;
}

/** Finishes a restore: the innermost frame must hold its pc's full operand stack. Returns false after recording an error. */
export function restoreEnd(): bool {
  const n = rCount;
  rCount = 0;
  if (n == 0) return fail(ErrorKind.INTERNAL, "restore: no frames");
  const cf = rCf!;
  if (rHeight != cf.fuelSites[rSite + 1]) return fail(ErrorKind.INTERNAL, "restore: innermost operand stack height does not match its pc");
  Machine.state = RunState.READY;
  return true;
}

/** Abandons a restore in progress (frames already pushed are unwound by ferry_trap_unwind). */
export function restoreReset(): void {
  rCount = 0;
}

// ---- instance items ----------------------------------------------------------

/** The item array of kind k (0 func, 1 table, 2 memory, 3 global, 4 data, 5 elem) of `d`. */
function items(d: InstanceData, k: u32): u32[] | null {
  switch (k) {
    case 0: return d.funcs;
    case 1: return d.tables;
    case 2: return d.mems;
    case 3: return d.globals;
    case 4: return d.datas;
    case 5: return d.elems;
  }
  return null;
}

/** Number of items of kind k of instance `inst`, -1 on a bad instance or kind. */
export function instanceCount(inst: usize, k: u32): i32 {
  const d = instanceData(inst);
  if (d == null) { fail(ErrorKind.INTERNAL, "unknown instance"); return -1; }
  const a = items(d, k);
  if (a == null) { fail(ErrorKind.INTERNAL, "unknown item kind"); return -1; }
  return a.length;
}

/** Record address of item i of kind k of instance `inst`, 0 if out of range. */
export function instanceItem(inst: usize, k: u32, i: u32): u32 {
  const d = instanceData(inst);
  if (d == null) return 0;
  const a = items(d, k);
  if (a == null || i >= <u32>a.length) return 0;
  return a[i];
}

/** Grows memory `mem` (a MemInst) to `pages` pages; false if smaller than now or past a limit. */
export function memorySetPages(mem: usize, pages: u32): bool {
  const old = load<u32>(mem, MemRec.PAGES);
  if (pages < old) return fail(ErrorKind.INTERNAL, "restore: memory smaller than its initial size");
  if (memGrow(mem, pages - old) < 0) return fail(ErrorKind.INTERNAL, "restore: memory cannot grow to " + pages.toString() + " pages");
  return true;
}

/** Grows table `t` (a TableInst) to `size` null elements; false if smaller than now or past a limit. */
export function tableSetSize(t: usize, size: u32): bool {
  const old = load<u32>(t, TableRec.LEN);
  if (size < old) return fail(ErrorKind.INTERNAL, "restore: table smaller than its initial size");
  if (tableGrow(t, size - old, 0) < 0) return fail(ErrorKind.INTERNAL, "restore: table cannot grow to " + size.toString());
  return true;
}

/** Sets the instructions-executed counter (restored from a snapshot). */
export function setFuelUsed(n: f64): void {
  Machine.fuelUsed = n < 0 || n != n ? 0 : <u64>n;
}
