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

import { CompiledFunc } from "../compiled";
import { Module } from "../module";
import { Op, OpFC, ValType } from "../opcodes";
import { IOp, Reloc } from "../ops";
import { missingEndMessage } from "../binary/code";
import { Context } from "./context";
import {
  LabelKind, Label, addPatch, branchTypes, ctrlReset, depth, labelAt, popLabel, pushLabel,
  resolvePatches, restartForElse, setUnreachable, topLabel,
} from "./ctrl";
import {
  atEnd, bytesLeft, cursorInit, cursorPos, peekByte, readByte, readF32Bits, readF64Bits,
  readRefType, readS32, readS33, readS64, readU32, readValType, readZeroByte,
} from "./cursor";
import {
  codeLen, emitReset, finish, op1, op2, op3, op4, op5, op6, pcEntry, put, reloc, reserve, setWord,
} from "./emit";
import { NO_IOP, NUM_A, NUM_B, NUM_IOP, NUM_R } from "./numeric";
import {
  UNKNOWN, checkTop, isNumeric, isRef, pop, popAny, popTypes, push, pushTypes, valsReset, vh, vmax,
} from "./operands";
import { invalid, malformed, stop, unsupported } from "./status";

const EMPTY: u8[] = [];
const ONE_I32: u8[] = [<u8>ValType.I32];
const ONE_I64: u8[] = [<u8>ValType.I64];
const ONE_F32: u8[] = [<u8>ValType.F32];
const ONE_F64: u8[] = [<u8>ValType.F64];
const ONE_FUNCREF: u8[] = [<u8>ValType.FUNCREF];
const ONE_EXTERNREF: u8[] = [<u8>ValType.EXTERNREF];

/** The one-element result type [t], shared. */
function single(t: u8): u8[] {
  switch (t) {
    case ValType.I32: return ONE_I32;
    case ValType.I64: return ONE_I64;
    case ValType.F32: return ONE_F32;
    case ValType.F64: return ONE_F64;
    case ValType.FUNCREF: return ONE_FUNCREF;
  }
  return ONE_EXTERNREF;
}

// Memory access instructions 0x28..0x3e: natural alignment (log2), value type, internal opcode.
const MEM_ALIGN: StaticArray<u8> = [2, 3, 2, 3, 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 3, 2, 3, 0, 1, 0, 1, 2];
const MEM_TYPE: StaticArray<u8> = [
  <u8>ValType.I32, <u8>ValType.I64, <u8>ValType.F32, <u8>ValType.F64,
  <u8>ValType.I32, <u8>ValType.I32, <u8>ValType.I32, <u8>ValType.I32,
  <u8>ValType.I64, <u8>ValType.I64, <u8>ValType.I64, <u8>ValType.I64, <u8>ValType.I64, <u8>ValType.I64,
  <u8>ValType.I32, <u8>ValType.I64, <u8>ValType.F32, <u8>ValType.F64,
  <u8>ValType.I32, <u8>ValType.I32, <u8>ValType.I64, <u8>ValType.I64, <u8>ValType.I64,
];
const MEM_IOP: StaticArray<u32> = [
  IOp.I32_LOAD, IOp.I64_LOAD, IOp.I32_LOAD, IOp.I64_LOAD,
  IOp.I32_LOAD8_S, IOp.I32_LOAD8_U, IOp.I32_LOAD16_S, IOp.I32_LOAD16_U,
  IOp.I64_LOAD8_S, IOp.I64_LOAD8_U, IOp.I64_LOAD16_S, IOp.I64_LOAD16_U, IOp.I64_LOAD32_S, IOp.I64_LOAD32_U,
  IOp.STORE32, IOp.STORE64, IOp.STORE32, IOp.STORE64,
  IOp.STORE8, IOp.STORE16, IOp.STORE8, IOp.STORE16, IOp.STORE32,
];

/** Two lowercase hex digits, as in the reference decoder's "illegal opcode xx". */
function hex2(v: u32): string {
  const digits = "0123456789abcdef";
  if (v > 0xff) return v.toString();
  return digits.charAt(<i32>(v >> 4)) + digits.charAt(<i32>(v & 15));
}

// ---- translation state of the function being compiled ---------------------------

let mod: Module = new Module();
let ctx: Context = new Context();
/** Slot index of operand stack position 0 (params + declared locals). */
let stackBase: u32 = 0;
/** False inside code that can never run: nothing is emitted. */
let emitting: bool = true;
/** A new segment starts at the next emitted instruction. */
let fuelPending: bool = true;
/** Word index of the current segment's FUEL cost operand. */
let segCost: i32 = 0;
/** Original instructions counted in the current segment so far. */
let segCount: u32 = 0;
/** Identifies the current br_table for stub sharing (ctrl.ts Label.stubStamp). */
let brStamp: u32 = 0;
// The block type read by readBlockType.
let btParams: u8[] = EMPTY;
let btResults: u8[] = EMPTY;
// br_table label scratch buffer.
let scratch: usize = 0;
let scratchCap: u32 = 0;

/** Byte offset from fp of operand stack position h. */
// @ts-ignore: decorator
@inline function slot(h: i32): u32 {
  return (stackBase + <u32>h) << 3;
}

function startSegment(): void {
  reserve(2);
  put(IOp.FUEL);
  segCost = codeLen;
  put(0);
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
    op3(IOp.RETURN, slot(from), <u32>n);
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
    btParams = EMPTY;
    btResults = EMPTY;
    return true;
  }
  if (b >= 0 && (b & 0xc0) == 0x40) {
    const t = readValType();
    if (stop) return false;
    btParams = EMPTY;
    btResults = single(t);
    return true;
  }
  const at = cursorPos();
  const x = readS33();
  if (stop) return false;
  if (x < 0 || x >= <i64>ctx.numTypes) return invalid("unknown type " + (<u32>x).toString(), at);
  const ft = mod.types[<i32>x];
  btParams = ft.params;
  btResults = ft.results;
  return true;
}

/** Validation of a label's end (also `else`): its results on top of its base, nothing more. */
function checkLabelEnd(lab: Label): void {
  popTypes(lab.results);
  if (vh != lab.height) invalid("type mismatch", cursorPos());
}

/** Memory must exist (2.0: memory 0). */
// @ts-ignore: decorator
@inline function needMemory(): bool {
  return ctx.numMemories > 0 || invalid("unknown memory 0", cursorPos());
}

function needTable(x: u32): bool {
  return x < ctx.numTables || invalid("unknown table " + x.toString(), cursorPos());
}

function needElem(x: u32): bool {
  return x < ctx.numElems || invalid("unknown elem segment " + x.toString(), cursorPos());
}

function needData(x: u32): bool {
  return x < ctx.numDatas || invalid("unknown data segment " + x.toString(), cursorPos());
}

/** memory.init and data.drop need the data count section when there is a data section. */
function needDataCount(at: u32): bool {
  return !ctx.dataCountMissing || malformed("data count section required", at);
}

// ---- instruction groups ------------------------------------------------------------

/** 0x45..0xc4 and the saturating truncations (index 0x100 + sub). */
// @ts-ignore: decorator
@inline function numeric(i: u32): void {
  const b = unchecked(NUM_B[i]);
  const iop = unchecked(NUM_IOP[i]);
  if (b == 0) {
    pop(unchecked(NUM_A[i]));
    push(unchecked(NUM_R[i]));
    if (emitting && iop != NO_IOP) op3(iop, slot(vh - 1), slot(vh - 1));
  } else {
    pop(b);
    pop(unchecked(NUM_A[i]));
    push(unchecked(NUM_R[i]));
    if (emitting) op4(iop, slot(vh - 1), slot(vh - 1), slot(vh));
  }
}

/** Loads and stores 0x28..0x3e. */
function memoryAccess(op: u32): void {
  const at = cursorPos();
  const align = readU32();
  if (!stop && align >= 32) {
    malformed("malformed memop flags", at);
    return;
  }
  const offset = readU32();
  if (stop || !needMemory()) return;
  const k = op - 0x28;
  if (align > <u32>unchecked(MEM_ALIGN[k])) {
    invalid("alignment must not be larger than natural", at);
    return;
  }
  const t = unchecked(MEM_TYPE[k]);
  const iop = unchecked(MEM_IOP[k]);
  if (op <= 0x35) {
    pop(ValType.I32);
    push(t);
    if (emitting) op4(iop, slot(vh - 1), slot(vh - 1), offset);
  } else {
    pop(t);
    pop(ValType.I32);
    if (emitting) op4(iop, slot(vh), slot(vh + 1), offset);
  }
}

function blockOrLoop(kind: LabelKind): void {
  if (!readBlockType()) return;
  popTypes(btParams);
  const lab = pushLabel(kind, btParams, btResults, vh, !emitting);
  pushTypes(btParams);
  if (kind == LabelKind.LOOP && emitting) {
    // The header is a branch target: a new segment starts here.
    endSegment(true);
    lab.target = codeLen;
  }
}

function ifOp(): void {
  if (!readBlockType()) return;
  pop(ValType.I32);
  popTypes(btParams);
  const lab = pushLabel(LabelKind.IF, btParams, btResults, vh, !emitting);
  pushTypes(btParams);
  if (emitting) {
    // The condition was at stack position base + params = vh - params + params.
    const cond = slot(lab.height + btParams.length);
    lab.ifInstr = codeLen;
    op3(IOp.BR_IF_NOT, cond, 0);
    endSegment(true);
  }
}

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
  pushTypes(lab.params);
  if (lab.dead) {
    emitting = false;
  } else {
    // The BR_IF_NOT of the `if` lands at the else arm, which starts a segment.
    setWord(lab.ifInstr + 2, <u32>((codeLen - lab.ifInstr) << 2));
    lab.ifInstr = -1;
    emitting = true;
    fuelPending = true;
  }
}

/** `end` of a block, loop or if (not of the function). */
function endOp(): void {
  const lab = topLabel();
  checkLabelEnd(lab);
  if (lab.kind == LabelKind.IF) {
    // No else arm: the implicit one passes the params through unchanged.
    const p = lab.params, r = lab.results;
    let same = p.length == r.length;
    for (let i = 0; same && i < p.length; i++) same = unchecked(p[i]) == unchecked(r[i]);
    if (!same) invalid("type mismatch", cursorPos());
  }
  const fallsThrough = emitting;
  popLabel();
  pushTypes(lab.results);
  if (lab.kind == LabelKind.LOOP) return;
  const targeted = lab.patchHead >= 0 || lab.ifInstr >= 0;
  if (!targeted) return;
  // Branches land just after the `end`: a new segment starts there.
  if (fallsThrough) endSegment(true);
  else fuelPending = true;
  emitting = true;
  resolvePatches(lab, codeLen);
  if (lab.ifInstr >= 0) setWord(lab.ifInstr + 2, <u32>((codeLen - lab.ifInstr) << 2));
}

function brOp(): void {
  const l = readU32();
  if (stop) return;
  if (l >= <u32>depth) {
    invalid("unknown label " + l.toString(), cursorPos());
    return;
  }
  const lab = labelAt(l);
  const ts = branchTypes(lab);
  popTypes(ts);
  if (emitting) {
    jump(lab, vh, ts.length);
    endSegment(false);
    emitting = false;
  }
  setUnreachable();
}

function brIfOp(): void {
  const l = readU32();
  if (stop) return;
  if (l >= <u32>depth) {
    invalid("unknown label " + l.toString(), cursorPos());
    return;
  }
  pop(ValType.I32);
  const lab = labelAt(l);
  const ts = branchTypes(lab);
  popTypes(ts);
  pushTypes(ts);
  if (!emitting) return;
  const cond = slot(vh);
  const n = ts.length;
  const from = vh - n;
  if (lab.kind != LabelKind.FUNC && (n == 0 || from == lab.height)) {
    const w = codeLen;
    op3(IOp.BR_IF, cond, 0);
    branchTo(lab, w, w + 2);
  } else {
    // Values must move (or it is a return): skip the transfer unless taken.
    const w = codeLen;
    op3(IOp.BR_IF_NOT, cond, 0);
    jump(lab, from, n);
    setWord(w + 2, <u32>((codeLen - w) << 2));
  }
  endSegment(true);
}

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
  const arity = branchTypes(deflab).length;
  for (let i: u32 = 0; i < count; i++) {
    const l = load<u32>(scratch + (<usize>i << 2));
    if (l >= <u32>depth) {
      invalid("unknown label " + l.toString(), cursorPos());
      return;
    }
    const ts = branchTypes(labelAt(l));
    if (ts.length != arity) {
      invalid("type mismatch", cursorPos());
      return;
    }
    checkTop(ts);
  }
  popTypes(branchTypes(deflab));
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
    emitting = false;
  }
  setUnreachable();
}

function callOp(): void {
  const f = readU32();
  if (stop) return;
  if (f >= ctx.numFuncs) {
    invalid("unknown function " + f.toString(), cursorPos());
    return;
  }
  const ft = mod.types[unchecked(ctx.funcTypes[f])];
  popTypes(ft.params);
  const base = vh;
  pushTypes(ft.results);
  if (emitting) {
    const w = codeLen;
    op3(IOp.CALL, f, slot(base));
    reloc(w + 1, Reloc.FUNC);
    endSegment(true);
  }
}

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
  const ft = mod.types[y];
  pop(ValType.I32);
  const index = slot(vh);
  popTypes(ft.params);
  const base = vh;
  pushTypes(ft.results);
  if (emitting) {
    const w = codeLen;
    op5(IOp.CALL_INDIRECT, x, y, index, slot(base));
    reloc(w + 1, Reloc.TABLE);
    reloc(w + 2, Reloc.TYPE);
    endSegment(true);
  }
}

function selectOp(typed: bool): void {
  let t: u8 = UNKNOWN;
  if (typed) {
    const n = readU32();
    if (stop) return;
    if (n > bytesLeft()) {
      malformed("unexpected end of section or function", cursorPos());
      return;
    }
    for (let i: u32 = 0; i < n; i++) t = readValType();
    if (stop) return;
    if (n != 1) {
      invalid("invalid result arity", cursorPos());
      return;
    }
    pop(ValType.I32);
    pop(t);
    pop(t);
  } else {
    pop(ValType.I32);
    const t1 = popAny();
    const t2 = popAny();
    if (!isNumeric(t1) || !isNumeric(t2) || (t1 != t2 && t1 != UNKNOWN && t2 != UNKNOWN)) {
      invalid("type mismatch", cursorPos());
      return;
    }
    t = t1 == UNKNOWN ? t2 : t1;
  }
  push(t);
  if (emitting) op5(IOp.SELECT, slot(vh - 1), slot(vh - 1), slot(vh), slot(vh + 1));
}

function globalGetOp(): void {
  const x = readU32();
  if (stop) return;
  if (x >= ctx.numGlobals) {
    invalid("unknown global " + x.toString(), cursorPos());
    return;
  }
  push(unchecked(ctx.globalTypes[x]));
  if (emitting) {
    const w = codeLen;
    op3(IOp.GLOBAL_GET, slot(vh - 1), x);
    reloc(w + 2, Reloc.GLOBAL);
  }
}

function globalSetOp(): void {
  const x = readU32();
  if (stop) return;
  if (x >= ctx.numGlobals) {
    invalid("unknown global " + x.toString(), cursorPos());
    return;
  }
  if (unchecked(ctx.globalMut[x]) == 0) {
    invalid("global is immutable", cursorPos());
    return;
  }
  pop(unchecked(ctx.globalTypes[x]));
  if (emitting) {
    const w = codeLen;
    op3(IOp.GLOBAL_SET, x, slot(vh));
    reloc(w + 1, Reloc.GLOBAL);
  }
}

function tableGetSetOp(set: bool): void {
  const x = readU32();
  if (stop || !needTable(x)) return;
  const et = unchecked(ctx.tableTypes[x]);
  if (set) {
    pop(et);
    pop(ValType.I32);
    if (emitting) {
      const w = codeLen;
      op4(IOp.TABLE_SET, x, slot(vh), slot(vh + 1));
      reloc(w + 1, Reloc.TABLE);
    }
  } else {
    pop(ValType.I32);
    push(et);
    if (emitting) {
      const w = codeLen;
      op4(IOp.TABLE_GET, slot(vh - 1), x, slot(vh - 1));
      reloc(w + 2, Reloc.TABLE);
    }
  }
}

function refOp(op: u32): void {
  if (op == Op.REF_NULL) {
    const t = readRefType();
    if (stop) return;
    push(t);
    if (emitting) op3(IOp.CONST32, slot(vh - 1), 0);
  } else if (op == Op.REF_IS_NULL) {
    const t = popAny();
    if (!isRef(t)) {
      invalid("type mismatch", cursorPos());
      return;
    }
    push(ValType.I32);
    if (emitting) op3(IOp.I32_EQZ, slot(vh - 1), slot(vh - 1));
  } else {
    const x = readU32();
    if (stop) return;
    if (x >= ctx.numFuncs) {
      invalid("unknown function " + x.toString(), cursorPos());
      return;
    }
    if (unchecked(ctx.declared[x]) == 0) {
      invalid("undeclared function reference", cursorPos());
      return;
    }
    push(ValType.FUNCREF);
    if (emitting) {
      const w = codeLen;
      op3(IOp.REF_FUNC, slot(vh - 1), x);
      reloc(w + 2, Reloc.FUNC);
    }
  }
}

/** The 0xFC prefix: saturating truncations, bulk memory and table instructions. */
function prefixFC(at: u32): void {
  const sub = readU32();
  if (stop) return;
  if (sub <= 7) {
    numeric(0x100 + sub);
    return;
  }
  switch (sub) {
    case OpFC.MEMORY_INIT: {
      const x = readU32();
      readZeroByte();
      if (stop || !needDataCount(at) || !needMemory() || !needData(x)) return;
      pop(ValType.I32); pop(ValType.I32); pop(ValType.I32);
      if (emitting) {
        const w = codeLen;
        op5(IOp.MEMORY_INIT, x, slot(vh), slot(vh + 1), slot(vh + 2));
        reloc(w + 1, Reloc.DATA);
      }
      break;
    }
    case OpFC.DATA_DROP: {
      const x = readU32();
      if (stop || !needDataCount(at) || !needData(x)) return;
      if (emitting) {
        const w = codeLen;
        op2(IOp.DATA_DROP, x);
        reloc(w + 1, Reloc.DATA);
      }
      break;
    }
    case OpFC.MEMORY_COPY: {
      readZeroByte();
      readZeroByte();
      if (stop || !needMemory()) return;
      pop(ValType.I32); pop(ValType.I32); pop(ValType.I32);
      if (emitting) op4(IOp.MEMORY_COPY, slot(vh), slot(vh + 1), slot(vh + 2));
      break;
    }
    case OpFC.MEMORY_FILL: {
      readZeroByte();
      if (stop || !needMemory()) return;
      pop(ValType.I32); pop(ValType.I32); pop(ValType.I32);
      if (emitting) op4(IOp.MEMORY_FILL, slot(vh), slot(vh + 1), slot(vh + 2));
      break;
    }
    case OpFC.TABLE_INIT: {
      const y = readU32(); // element segment
      const x = readU32(); // table
      if (stop || !needTable(x) || !needElem(y)) return;
      if (unchecked(ctx.tableTypes[x]) != unchecked(ctx.elemTypes[y])) {
        invalid("type mismatch", cursorPos());
        return;
      }
      pop(ValType.I32); pop(ValType.I32); pop(ValType.I32);
      if (emitting) {
        const w = codeLen;
        op6(IOp.TABLE_INIT, x, y, slot(vh), slot(vh + 1), slot(vh + 2));
        reloc(w + 1, Reloc.TABLE);
        reloc(w + 2, Reloc.ELEM);
      }
      break;
    }
    case OpFC.ELEM_DROP: {
      const x = readU32();
      if (stop || !needElem(x)) return;
      if (emitting) {
        const w = codeLen;
        op2(IOp.ELEM_DROP, x);
        reloc(w + 1, Reloc.ELEM);
      }
      break;
    }
    case OpFC.TABLE_COPY: {
      const x = readU32(); // destination
      const y = readU32(); // source
      if (stop || !needTable(x) || !needTable(y)) return;
      if (unchecked(ctx.tableTypes[x]) != unchecked(ctx.tableTypes[y])) {
        invalid("type mismatch", cursorPos());
        return;
      }
      pop(ValType.I32); pop(ValType.I32); pop(ValType.I32);
      if (emitting) {
        const w = codeLen;
        op6(IOp.TABLE_COPY, x, y, slot(vh), slot(vh + 1), slot(vh + 2));
        reloc(w + 1, Reloc.TABLE);
        reloc(w + 2, Reloc.TABLE);
      }
      break;
    }
    case OpFC.TABLE_GROW: {
      const x = readU32();
      if (stop || !needTable(x)) return;
      pop(ValType.I32);
      pop(unchecked(ctx.tableTypes[x]));
      push(ValType.I32);
      if (emitting) {
        const w = codeLen;
        op5(IOp.TABLE_GROW, slot(vh - 1), x, slot(vh - 1), slot(vh));
        reloc(w + 2, Reloc.TABLE);
      }
      break;
    }
    case OpFC.TABLE_SIZE: {
      const x = readU32();
      if (stop || !needTable(x)) return;
      push(ValType.I32);
      if (emitting) {
        const w = codeLen;
        op3(IOp.TABLE_SIZE, slot(vh - 1), x);
        reloc(w + 2, Reloc.TABLE);
      }
      break;
    }
    case OpFC.TABLE_FILL: {
      const x = readU32();
      if (stop || !needTable(x)) return;
      pop(ValType.I32);
      pop(unchecked(ctx.tableTypes[x]));
      pop(ValType.I32);
      if (emitting) {
        const w = codeLen;
        op5(IOp.TABLE_FILL, x, slot(vh), slot(vh + 1), slot(vh + 2));
        reloc(w + 1, Reloc.TABLE);
      }
      break;
    }
    default:
      malformed("illegal opcode fc " + hex2(sub), at);
  }
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
  const results = type.results;
  const np = params.length;
  const nl = body.locals.length;
  const nlocals = np + nl;
  const localTypes = new Array<u8>(nlocals);
  const ltp = localTypes.dataStart;
  if (np > 0) memory.copy(ltp, params.dataStart, <usize>np);
  if (nl > 0) memory.copy(ltp + <usize>np, body.locals.dataStart, <usize>nl);

  mod = m;
  ctx = c;
  stackBase = <u32>nlocals;
  emitReset();
  valsReset();
  ctrlReset();
  pushLabel(LabelKind.FUNC, EMPTY, results, 0, false);
  emitting = true;
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
    const op = readByte();
    // The pc map points at the segment's FUEL for the instruction that opens it.
    pcEntry(at, codeLen);
    if (emitting) {
      if (fuelPending) startSegment();
      segCount++;
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
          emitting = false;
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
          op3(IOp.RETURN, slot(0), <u32>results.length);
          endSegment(false);
        }
        const f = new CompiledFunc();
        f.funcIndex = m.numImportedFuncs + <u32>defIdx;
        finish(f);
        f.numParams = <u32>np;
        f.numResults = <u32>results.length;
        f.numLocals = <u32>nl;
        f.maxHeight = <u32>vmax;
        f.localTypes = localTypes;
        return f;
      }
      case Op.BR: brOp(); break;
      case Op.BR_IF: brIfOp(); break;
      case Op.BR_TABLE: brTableOp(); break;
      case Op.RETURN: {
        popTypes(results);
        if (emitting) {
          op3(IOp.RETURN, slot(vh), <u32>results.length);
          endSegment(false);
          emitting = false;
        }
        setUnreachable();
        break;
      }
      case Op.CALL: callOp(); break;
      case Op.CALL_INDIRECT: callIndirectOp(); break;
      case Op.DROP: popAny(); break;
      case Op.SELECT: selectOp(false); break;
      case Op.SELECT_T: selectOp(true); break;
      case Op.LOCAL_GET: {
        const x = readU32();
        if (x >= <u32>nlocals) {
          if (!stop) invalid("unknown local " + x.toString(), cursorPos());
          break;
        }
        push(load<u8>(ltp + <usize>x));
        if (emitting) op3(IOp.COPY, slot(vh - 1), x << 3);
        break;
      }
      case Op.LOCAL_SET: {
        const x = readU32();
        if (x >= <u32>nlocals) {
          if (!stop) invalid("unknown local " + x.toString(), cursorPos());
          break;
        }
        pop(load<u8>(ltp + <usize>x));
        if (emitting) op3(IOp.COPY, x << 3, slot(vh));
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
        if (emitting) op3(IOp.COPY, x << 3, slot(vh - 1));
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
        if (emitting) op3(IOp.CONST32, slot(vh - 1), <u32>v);
        break;
      }
      case Op.I64_CONST: {
        const v = readS64();
        push(ValType.I64);
        if (emitting) op4(IOp.CONST64, slot(vh - 1), <u32>v, <u32>(v >>> 32));
        break;
      }
      case Op.F32_CONST: {
        const v = readF32Bits();
        push(ValType.F32);
        if (emitting) op3(IOp.CONST32, slot(vh - 1), v);
        break;
      }
      case Op.F64_CONST: {
        const v = readF64Bits();
        push(ValType.F64);
        if (emitting) op4(IOp.CONST64, slot(vh - 1), <u32>v, <u32>(v >>> 32));
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
