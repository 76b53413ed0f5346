// The one-pass validator + translator of a function body: reads each Wasm
// instruction once, validates it (spec appendix "validation algorithm", with
// operands.ts and ctrl.ts) and emits internal code (ops.ts) into emit.ts.
//
// Translation scheme (docs/internals.md): local i is slot i; operand stack
// position h is slot P + L + h; operands are byte offsets from fp. Numeric
// instructions read and write their stack slots directly; block/loop/nop/drop
// emit nothing; branches carry their values down to the label's base with
// COPYs; the function's results are returned with RETURN.
//
// Fuel: the code is cut into straight-line segments, each starting with
// `FUEL cost` where cost is the number of original instructions the segment
// runs. A segment starts at function entry, at every loop header, after every
// conditional branch or call, at every branch target (a block/if `end` some
// branch reaches, the start of an else arm). An instruction belongs to the
// segment whose code runs it: an `end` or `else` belongs to the code that
// falls into it (branches skip it), a `loop` to the code before the header.
// FUEL is emitted lazily by the first instruction of the segment, so in the pc
// map the first instruction of a segment is the last one mapped to its FUEL.
//
// Unreachable code (after br, br_table, return, unreachable) is validated with
// the polymorphic stack but emits nothing, up to the end of the enclosing
// label (or further, if no branch reaches that end).
//
// This file owns the instruction loop and the control instructions (they
// shape segments and branch targets); the others are in instrs.ts.

import { emitReturn } from "./calls";
import { CompiledFunc } from "../compiled";
import { missingEndMessage } from "../binary/code";
import { Module } from "../module";
import { Op, ValType } from "../opcodes";
import { IOp, Reloc } from "../ops";
import { Context } from "./context";
import {
  LabelKind, Label, addPatch, ctrlReset, depth, labelAt, popLabel, pushLabel,
  resolvePatches, restartForElse, setUnreachable, topLabel,
} from "./ctrl";
import {
  atEnd, bytesLeft, cursorInit, cursorPos, peekByte, readByte, readByteUnchecked, readF32Bits,
  readF64Bits, readS32, readS33, readS64, readU32, readValType, readZeroByte,
} from "./cursor";
import { codeLen, emitReset, finish, op1, op2, op3, op4, op5, pcEntry, put, reloc, reserve, setWord } from "./emit";
import {
  globalGetOp, globalSetOp, hex2, memoryAccess, needMemory, needTable, numeric, prefixFC, refOp,
  selectOp, tableGetSetOp,
} from "./instrs";
import { checkTop, pop, popAny, popTypes, push, pushTypes, typesBase, valsReset, vh, vmax } from "./operands";
import {
  Src, branchStart, condBranch, defer, flush, flushLocal, foldReset, folding, kindAt, nDeferred, retarget, setCanon,
  take, valAt,
} from "./fold";
import { finishSites, siteAdd, sitesReset, stepMode } from "./sites";
import { ctx, emitting, setEmitting, slot, stateInit } from "./state";
import { invalid, malformed, stop, unsupported } from "./status";

// The one-value result types [t], as (address, 1) pairs into this table.
const ONE_TYPES = memory.data<u8>([0x7f, 0x7e, 0x7d, 0x7c, 0x70, 0x6f]);

/** Address of the one-byte type list [t]. */
function single(t: u32): usize {
  switch (t) {
    case ValType.I32: return ONE_TYPES;
    case ValType.I64: return ONE_TYPES + 1;
    case ValType.F32: return ONE_TYPES + 2;
    case ValType.F64: return ONE_TYPES + 3;
    case ValType.FUNCREF: return ONE_TYPES + 4;
  }
  return ONE_TYPES + 5;
}

// ---- translation state of the function being compiled ---------------------------

/** A new segment starts at the next emitted instruction. */
let fuelPending: bool = true;
/** Word index of the current segment's FUEL cost operand. */
let segCost: i32 = 0;
/** Original instructions counted in the current segment so far. */
let segCount: u32 = 0;
/** Identifies the current br_table for stub sharing (ctrl.ts Label.stubStamp). */
let brStamp: u32 = 0;
// The block type read by readBlockType: (address, count) of params and results.
let btParams: usize = 0;
let btNParams: i32 = 0;
let btResults: usize = 0;
let btNResults: i32 = 0;
/** Address of the sig table (Context.sigs): 4 words per type index. */
let sigs: usize = 0;
// br_table label scratch buffer.
let scratch: usize = 0;
let scratchCap: u32 = 0;

/** Opens a segment: FUEL with its cost patched when the segment closes. */
function startSegment(): void {
  reserve(4);
  siteAdd(codeLen, vh, typesBase());
  put(stepMode ? IOp.STEP : IOp.FUEL);
  segCost = codeLen;
  put(0);
  if (stepMode) {
    put(0); // fastCost, fastTarget: filled in by exec/step.ts
    put(0);
  }
  segCount = 0;
  fuelPending = false;
}

/** Closes the current segment (writes its cost); `next`: a new one starts at the next instruction. */
function endSegment(next: bool): void {
  setWord(segCost, segCount);
  fuelPending = next;
}

/** Points the branch whose instruction starts at `instr` and whose target operand is `operand` at lab. */
function branchTo(lab: Label, instr: i32, operand: i32): void {
  if (lab.kind == LabelKind.LOOP) setWord(operand, <u32>((lab.target - instr) << 2));
  else addPatch(lab, instr, operand);
}

/** COPYs n values from stack positions [from, from+n) down to [to, to+n), ascending (to < from). */
function moves(to: i32, from: i32, n: i32): void {
  for (let i = 0; i < n; i++) op3(IOp.COPY, slot(to + i), slot(from + i));
}

/** Unconditional transfer to lab, its n values being at stack positions [from, from+n). */
function jump(lab: Label, from: i32, n: i32): void {
  if (lab.kind == LabelKind.FUNC) {
    emitReturn(from, n);
    return;
  }
  if (n > 0 && from != lab.height) moves(lab.height, from, n);
  const w = codeLen;
  op2(IOp.BR, 0);
  branchTo(lab, w, w + 1);
}

/** Reads a block type into btParams/btResults. */
function readBlockType(): bool {
  const b = peekByte();
  if (b == 0x40) {
    readByte();
    btNParams = 0;
    btNResults = 0;
    return true;
  }
  if (b >= 0 && (b & 0xc0) == 0x40) {
    const t = readValType();
    if (stop) return false;
    btNParams = 0;
    btResults = single(t);
    btNResults = 1;
    return true;
  }
  const at = cursorPos();
  const x = readS33();
  if (stop) return false;
  if (x < 0 || x >= <i64>ctx.numTypes) return invalid("unknown type " + (<u32>x).toString(), at);
  const sig = sigs + (<usize>x << 4);
  btParams = load<u32>(sig);
  btNParams = load<i32>(sig, 4);
  btResults = load<u32>(sig, 8);
  btNResults = load<i32>(sig, 12);
  return true;
}

/** Address of the types a branch to `lab` carries: a loop's params, otherwise its results. */
// @ts-ignore: decorator
@inline function brTypes(lab: Label): usize {
  return lab.kind == LabelKind.LOOP ? lab.params : lab.results;
}

/** Number of values a branch to `lab` carries. */
// @ts-ignore: decorator
@inline function brArity(lab: Label): i32 {
  return lab.kind == LabelKind.LOOP ? lab.nParams : lab.nResults;
}

/** Validation of a label's end (also `else`): its results on top of its base, nothing more. */
function checkLabelEnd(lab: Label): void {
  popTypes(lab.results, lab.nResults);
  if (vh != lab.height) invalid("type mismatch", cursorPos());
}

/** block / loop: no code; a loop header starts a segment. */
function blockOrLoop(kind: LabelKind): void {
  if (!readBlockType()) return;
  popTypes(btParams, btNParams);
  const lab = pushLabel(kind, btParams, btNParams, btResults, btNResults, vh, !emitting);
  pushTypes(btParams, btNParams);
  if (kind == LabelKind.LOOP && emitting) {
    // The header is a branch target: a new segment starts here.
    endSegment(true);
    lab.target = codeLen;
  }
}

/** if: BR_IF_NOT over the then arm (patched at else or end). */
function ifOp(): void {
  if (!readBlockType()) return;
  pop(ValType.I32);
  popTypes(btParams, btNParams);
  const lab = pushLabel(LabelKind.IF, btParams, btNParams, btResults, btNResults, vh, !emitting);
  pushTypes(btParams, btNParams);
  if (emitting) {
    // The condition was just above the params.
    lab.ifTarget = condBranch(lab.height + btNParams, false);
    lab.ifInstr = branchStart;
    endSegment(true);
  }
}

/** else: the then arm branches to the end; the else arm starts a segment. */
function elseOp(at: u32): void {
  const lab = topLabel();
  if (lab.kind != LabelKind.IF) {
    malformed("END opcode expected", at);
    return;
  }
  checkLabelEnd(lab);
  if (emitting) {
    // The then arm jumps over the else arm.
    const w = codeLen;
    op2(IOp.BR, 0);
    addPatch(lab, w, w + 1);
    endSegment(false);
  }
  restartForElse();
  pushTypes(lab.params, lab.nParams);
  if (lab.dead) {
    setEmitting(false);
  } else {
    // The BR_IF_NOT of the `if` lands at the else arm, which starts a segment.
    setWord(lab.ifTarget, <u32>((codeLen - lab.ifInstr) << 2));
    lab.ifInstr = -1;
    setEmitting(true);
    fuelPending = true;
  }
}

/** `end` of a block, loop or if (not of the function). */
function endOp(): void {
  const lab = topLabel();
  checkLabelEnd(lab);
  if (lab.kind == LabelKind.IF) {
    // No else arm: the implicit one passes the params through unchanged.
    const n = lab.nParams;
    if (n != lab.nResults || (n > 0 && memory.compare(lab.params, lab.results, <usize>n) != 0)) {
      invalid("type mismatch", cursorPos());
    }
  }
  const fallsThrough = emitting;
  popLabel();
  pushTypes(lab.results, lab.nResults);
  if (lab.kind == LabelKind.LOOP) return;
  const targeted = lab.patchHead >= 0 || lab.ifInstr >= 0;
  if (!targeted) return;
  // Branches land just after the `end`: a new segment starts there.
  if (fallsThrough) endSegment(true);
  else fuelPending = true;
  setEmitting(true);
  resolvePatches(lab, codeLen);
  if (lab.ifInstr >= 0) setWord(lab.ifTarget, <u32>((codeLen - lab.ifInstr) << 2));
}

/** br l: moves + BR, or RETURN for the function's label. */
function brOp(): void {
  const l = readU32();
  if (stop) return;
  if (l >= <u32>depth) {
    invalid("unknown label " + l.toString(), cursorPos());
    return;
  }
  const lab = labelAt(l);
  const n = brArity(lab);
  popTypes(brTypes(lab), n);
  if (emitting) {
    jump(lab, vh, n);
    endSegment(false);
    setEmitting(false);
  }
  setUnreachable();
}

/** br_if l: BR_IF, or BR_IF_NOT around moves + BR / RETURN. */
function brIfOp(): void {
  const l = readU32();
  if (stop) return;
  if (l >= <u32>depth) {
    invalid("unknown label " + l.toString(), cursorPos());
    return;
  }
  pop(ValType.I32);
  const lab = labelAt(l);
  const ts = brTypes(lab);
  const n = brArity(lab);
  popTypes(ts, n);
  pushTypes(ts, n);
  if (!emitting) return;
  const from = vh - n;
  if (lab.kind != LabelKind.FUNC && (n == 0 || from == lab.height)) {
    const t = condBranch(vh, true);
    branchTo(lab, branchStart, t);
  } else {
    // Values must move (or it is a return): skip the transfer unless taken.
    const t = condBranch(vh, false);
    const w = branchStart;
    jump(lab, from, n);
    setWord(t, <u32>((codeLen - w) << 2));
  }
  endSegment(true);
}

/** br_table: BR_TABLE, with a shared stub per target that needs moves. */
function brTableOp(): void {
  const count = readU32();
  if (stop) return;
  if (count > bytesLeft()) {
    malformed("unexpected end of section or function", cursorPos());
    return;
  }
  if (count + 1 > scratchCap) {
    const n = count + 1 < 64 ? 64 : count + 1;
    scratch = scratch == 0 ? heap.alloc(<usize>n << 2) : heap.realloc(scratch, <usize>n << 2);
    scratchCap = n;
  }
  for (let i: u32 = 0; i <= count; i++) store<u32>(scratch + (<usize>i << 2), readU32());
  if (stop) return;
  pop(ValType.I32);
  const dl = load<u32>(scratch + (<usize>count << 2));
  if (dl >= <u32>depth) {
    invalid("unknown label " + dl.toString(), cursorPos());
    return;
  }
  const deflab = labelAt(dl);
  const arity = brArity(deflab);
  for (let i: u32 = 0; i < count; i++) {
    const l = load<u32>(scratch + (<usize>i << 2));
    if (l >= <u32>depth) {
      invalid("unknown label " + l.toString(), cursorPos());
      return;
    }
    const lab = labelAt(l);
    if (brArity(lab) != arity) {
      invalid("type mismatch", cursorPos());
      return;
    }
    checkTop(brTypes(lab), arity);
  }
  popTypes(brTypes(deflab), arity);
  if (emitting && !stop) {
    const from = vh;
    const w = codeLen;
    reserve(<i32>count + 4);
    put(IOp.BR_TABLE);
    put(slot(vh + arity));
    put(count);
    for (let i: u32 = 0; i <= count; i++) put(0);
    brStamp++;
    for (let i: u32 = 0; i <= count; i++) {
      const lab = labelAt(load<u32>(scratch + (<usize>i << 2)));
      const tw = w + 3 + <i32>i;
      if (lab.kind != LabelKind.FUNC && (arity == 0 || lab.height == from)) {
        branchTo(lab, w, tw);
      } else if (lab.stubStamp == brStamp) {
        setWord(tw, <u32>((lab.stubPos - w) << 2));
      } else {
        // A stub that moves the values (or returns), shared by equal targets.
        lab.stubStamp = brStamp;
        lab.stubPos = codeLen;
        setWord(tw, <u32>((codeLen - w) << 2));
        jump(lab, from, arity);
      }
    }
    endSegment(false);
    setEmitting(false);
  }
  setUnreachable();
}

/** call f: CALL with the callee's frame at the first argument. */
function callOp(): void {
  const f = readU32();
  if (stop) return;
  if (f >= ctx.numFuncs) {
    invalid("unknown function " + f.toString(), cursorPos());
    return;
  }
  const sig = sigs + (<usize>unchecked(ctx.funcTypes[f]) << 4);
  popTypes(load<u32>(sig), load<i32>(sig, 4));
  const base = vh;
  pushTypes(load<u32>(sig, 8), load<i32>(sig, 12));
  if (emitting) {
    const w = codeLen;
    op3(IOp.CALL, f, slot(base));
    reloc(w + 1, Reloc.FUNC);
    endSegment(true);
  }
}

/** call_indirect y x: CALL_INDIRECT through table x with type y. */
function callIndirectOp(): void {
  const y = readU32();
  const x = readU32();
  if (stop || !needTable(x)) return;
  if (y >= ctx.numTypes) {
    invalid("unknown type " + y.toString(), cursorPos());
    return;
  }
  if (unchecked(ctx.tableTypes[x]) != ValType.FUNCREF) {
    invalid("type mismatch", cursorPos());
    return;
  }
  const sig = sigs + (<usize>y << 4);
  pop(ValType.I32);
  const index = slot(vh);
  popTypes(load<u32>(sig), load<i32>(sig, 4));
  const base = vh;
  pushTypes(load<u32>(sig, 8), load<i32>(sig, 12));
  if (emitting) {
    const w = codeLen;
    op5(IOp.CALL_INDIRECT, x, y, index, slot(base));
    reloc(w + 1, Reloc.TABLE);
    reloc(w + 2, Reloc.TYPE);
    endSegment(true);
  }
}

// ---- operand folding (fold.ts) ------------------------------------------------------

/** Instructions that handle deferred operands themselves (everything else gets a flush first). */
function foldAware(op: u32): bool {
  if (op - 0x45 <= 0xc4 - 0x45) return true; // numeric
  if (op - <u32>Op.I32_LOAD <= <u32>(Op.I64_STORE32 - Op.I32_LOAD)) return true; // loads and stores
  switch (op) {
    case Op.LOCAL_GET: case Op.LOCAL_SET: case Op.LOCAL_TEE:
    case Op.I32_CONST: case Op.I64_CONST: case Op.F32_CONST: case Op.F64_CONST:
    case Op.GLOBAL_GET: case Op.GLOBAL_SET: case Op.DROP: case Op.NOP: case Op.SELECT: case Op.SELECT_T:
      return true;
  }
  return false;
}

/** i32/i64/f32/f64.const just pushed (at vh - 1): deferred, or CONST32/CONST64 when not folding. */
function constant(kind: Src, v: u64): void {
  if (folding) defer(vh - 1, kind, v);
  else if (kind == Src.K32) op3(IOp.CONST32, slot(vh - 1), <u32>v);
  else op4(IOp.CONST64, slot(vh - 1), <u32>v, <u32>(v >>> 32));
}

/**
 * local.set / local.tee of the value at position h into the local at byte
 * offset `off`. The value's producer writes the local directly when it was
 * the instruction just emitted; positions still referring to the local's old
 * value are materialised first. After a tee, position h refers to the local.
 */
function setLocal(h: i32, off: u32, tee: bool): void {
  if (!folding) {
    op3(IOp.COPY, off, slot(h));
    return;
  }
  if (nDeferred > 0) flushLocal(h, off);
  const k = kindAt(h);
  if (k == Src.CANON) {
    if (!retarget(h, off)) op3(IOp.COPY, off, slot(h));
  } else {
    const v = valAt(h);
    if (k == Src.LOCAL) {
      if (<u32>v != off) op3(IOp.COPY, off, <u32>v);
    } else if (k == Src.K32) {
      op3(IOp.CONST32, off, <u32>v);
    } else {
      op4(IOp.CONST64, off, <u32>v, <u32>(v >>> 32));
    }
    // A teed constant stays a constant (immediate forms); anything else now is the local.
    if (tee && k != Src.LOCAL) return;
  }
  if (tee) defer(h, Src.LOCAL, <u64>off);
  else setCanon(h);
}

// ---- the instruction loop -----------------------------------------------------------

/**
 * Validates and translates defined function `defIdx` of m (module-level
 * validation done). Returns null on failure: a MALFORMED/INTERNAL error
 * recorded in errors.ts, or a pending INVALID one (status.ts).
 */
export function translateFunc(m: Module, c: Context, defIdx: i32): CompiledFunc | null {
  const body = m.bodies[defIdx];
  const type = m.types[m.funcs[defIdx]];
  const params = type.params;
  const results = type.results.dataStart;
  const nResults = type.results.length;
  const np = params.length;
  const nl = body.locals.length;
  const nlocals = np + nl;
  const localTypes = new Array<u8>(nlocals);
  const ltp = localTypes.dataStart;
  if (np > 0) memory.copy(ltp, params.dataStart, <usize>np);
  if (nl > 0) memory.copy(ltp + <usize>np, body.locals.dataStart, <usize>nl);

  sigs = changetype<usize>(c.sigs);
  stateInit(c, <u32>nlocals);
  emitReset();
  sitesReset();
  valsReset();
  ctrlReset();
  pushLabel(LabelKind.FUNC, 0, 0, results, nResults, 0, false);
  foldReset(c.fold);
  fuelPending = true;
  segCount = 0;
  cursorInit(m.bytes, body.codeStart, body.codeEnd);

  while (true) {
    if (stop) return null;
    if (atEnd()) {
      malformed(missingEndMessage(m.bytes, body.codeEnd), body.codeEnd);
      return null;
    }
    const at = cursorPos();
    const op = readByteUnchecked();
    // The pc map points at the segment's FUEL for the instruction that opens it.
    pcEntry(at, codeLen);
    if (emitting) {
      if (stepMode && !fuelPending) endSegment(true);
      if (fuelPending) startSegment();
      segCount++;
      // Instructions that do not handle deferred operands get them all in
      // their canonical slots (br_if and if take their condition themselves).
      if (nDeferred > 0 && !foldAware(op)) flush(op == Op.BR_IF || op == Op.IF ? vh - 1 : vh);
    }
    if (op - 0x45 <= 0xc4 - 0x45) {
      numeric(op);
      continue;
    }
    switch (op) {
      case Op.UNREACHABLE: {
        if (emitting) {
          op1(IOp.UNREACHABLE);
          endSegment(false);
          setEmitting(false);
        }
        setUnreachable();
        break;
      }
      case Op.NOP: break;
      case Op.BLOCK: blockOrLoop(LabelKind.BLOCK); break;
      case Op.LOOP: blockOrLoop(LabelKind.LOOP); break;
      case Op.IF: ifOp(); break;
      case Op.ELSE: elseOp(at); break;
      case Op.END: {
        if (depth > 1) {
          endOp();
          break;
        }
        // The function's end: its results, then exactly the end of the body.
        checkLabelEnd(topLabel());
        if (stop) return null;
        if (!atEnd()) {
          malformed("section size mismatch", cursorPos());
          return null;
        }
        if (emitting) {
          emitReturn(0, nResults);
          endSegment(false);
        }
        const f = new CompiledFunc();
        f.funcIndex = m.numImportedFuncs + <u32>defIdx;
        finish(f);
        finishSites(f);
        f.numParams = <u32>np;
        f.numResults = <u32>nResults;
        f.numLocals = <u32>nl;
        f.maxHeight = <u32>vmax;
        f.localTypes = localTypes;
        return f;
      }
      case Op.BR: brOp(); break;
      case Op.BR_IF: brIfOp(); break;
      case Op.BR_TABLE: brTableOp(); break;
      case Op.RETURN: {
        popTypes(results, nResults);
        if (emitting) {
          emitReturn(vh, nResults);
          endSegment(false);
          setEmitting(false);
        }
        setUnreachable();
        break;
      }
      case Op.CALL: callOp(); break;
      case Op.CALL_INDIRECT: callIndirectOp(); break;
      case Op.DROP: {
        popAny();
        if (emitting) setCanon(vh); // a deferred value just disappears
        break;
      }
      case Op.SELECT: selectOp(false); break;
      case Op.SELECT_T: selectOp(true); break;
      case Op.LOCAL_GET: {
        const x = readU32();
        if (x >= <u32>nlocals) {
          if (!stop) invalid("unknown local " + x.toString(), cursorPos());
          break;
        }
        push(load<u8>(ltp + <usize>x));
        if (emitting) {
          if (folding) defer(vh - 1, Src.LOCAL, x << 3);
          else op3(IOp.COPY, slot(vh - 1), x << 3);
        }
        break;
      }
      case Op.LOCAL_SET: {
        const x = readU32();
        if (x >= <u32>nlocals) {
          if (!stop) invalid("unknown local " + x.toString(), cursorPos());
          break;
        }
        pop(load<u8>(ltp + <usize>x));
        if (emitting) setLocal(vh, x << 3, false);
        break;
      }
      case Op.LOCAL_TEE: {
        const x = readU32();
        if (x >= <u32>nlocals) {
          if (!stop) invalid("unknown local " + x.toString(), cursorPos());
          break;
        }
        const t = load<u8>(ltp + <usize>x);
        pop(t);
        push(t);
        if (emitting) setLocal(vh - 1, x << 3, true);
        break;
      }
      case Op.GLOBAL_GET: globalGetOp(); break;
      case Op.GLOBAL_SET: globalSetOp(); break;
      case Op.TABLE_GET: tableGetSetOp(false); break;
      case Op.TABLE_SET: tableGetSetOp(true); break;
      case Op.I32_LOAD: case Op.I64_LOAD: case Op.F32_LOAD: case Op.F64_LOAD:
      case Op.I32_LOAD8_S: case Op.I32_LOAD8_U: case Op.I32_LOAD16_S: case Op.I32_LOAD16_U:
      case Op.I64_LOAD8_S: case Op.I64_LOAD8_U: case Op.I64_LOAD16_S: case Op.I64_LOAD16_U:
      case Op.I64_LOAD32_S: case Op.I64_LOAD32_U:
      case Op.I32_STORE: case Op.I64_STORE: case Op.F32_STORE: case Op.F64_STORE:
      case Op.I32_STORE8: case Op.I32_STORE16: case Op.I64_STORE8: case Op.I64_STORE16:
      case Op.I64_STORE32:
        memoryAccess(op);
        break;
      case Op.MEMORY_SIZE: {
        readZeroByte();
        if (stop || !needMemory()) break;
        push(ValType.I32);
        if (emitting) op2(IOp.MEMORY_SIZE, slot(vh - 1));
        break;
      }
      case Op.MEMORY_GROW: {
        readZeroByte();
        if (stop || !needMemory()) break;
        pop(ValType.I32);
        push(ValType.I32);
        if (emitting) op3(IOp.MEMORY_GROW, slot(vh - 1), slot(vh - 1));
        break;
      }
      case Op.I32_CONST: {
        const v = readS32();
        push(ValType.I32);
        if (emitting) constant(Src.K32, <u64><u32>v);
        break;
      }
      case Op.I64_CONST: {
        const v = readS64();
        push(ValType.I64);
        if (emitting) constant(Src.K64, <u64>v);
        break;
      }
      case Op.F32_CONST: {
        const v = readF32Bits();
        push(ValType.F32);
        if (emitting) constant(Src.K32, <u64>v);
        break;
      }
      case Op.F64_CONST: {
        const v = readF64Bits();
        push(ValType.F64);
        if (emitting) constant(Src.K64, <u64>v);
        break;
      }
      case Op.REF_NULL: case Op.REF_IS_NULL: case Op.REF_FUNC:
        refOp(op);
        break;
      case Op.PREFIX_FC: prefixFC(at); break;
      case Op.PREFIX_SIMD:
        unsupported("SIMD instructions are not supported", at);
        break;
      default:
        malformed("illegal opcode " + hex2(op), at);
    }
  }
  return null;
}
