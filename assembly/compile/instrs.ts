// Validation + translation of the instructions that do not change control
// flow: numeric (through numeric.ts), memory accesses, variables, tables,
// references, select and the 0xFC prefix (saturating truncations, bulk memory
// and table instructions). Each handler reads its immediates, checks them and
// the operand types (operands.ts) and, when code is being emitted, writes one
// internal instruction whose operands are the stack slots it reads and writes
// (state.ts). func.ts dispatches to these from its instruction loop.

import { Op, OpFC, ValType } from "../opcodes";
import { IOp, Reloc } from "../ops";
import { bytesLeft, cursorPos, readRefType, readU32, readValType, readZeroByte } from "./cursor";
import { codeLen, movePcTail, op2, op3, op4, op5, op6, pcTailTo, reloc, rewindTo, wordAt } from "./emit";
import { NO_IOP, NUM_A, NUM_B, NUM_IOP, NUM_R } from "./numeric";
import { Src, constOperand, folding, justProduced, kForm, kindAt, noteAddK, producedBefore, producer, setCanon, take, valAt } from "./fold";
import { fuseFloatBinary, fuseFloatConvert } from "./fuse-float";
import { UNKNOWN, isNumeric, isRef, pop, popAny, push, vh } from "./operands";
import { ctx, emitting, slot } from "./state";
import { fuseMemBinary, fuseSelect } from "./fuse-mem";
import { invalid, malformed, stop } from "./status";

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
export function hex2(v: u32): string {
  const digits = "0123456789abcdef";
  if (v > 0xff) return v.toString();
  return digits.charAt(<i32>(v >> 4)) + digits.charAt(<i32>(v & 15));
}

/** Memory must exist (2.0: memory 0). */
// @ts-ignore: decorator
@inline export function needMemory(): bool {
  return ctx.numMemories > 0 || invalid("unknown memory 0", cursorPos());
}

/** Table x must exist. */
export function needTable(x: u32): bool {
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

/** Numeric instruction i: Wasm opcode 0x45..0xc4, or 0x100 + sub for the saturating truncations 0xFC 0..7. */
// @ts-ignore: decorator
@inline export function numeric(i: u32): void {
  const b = unchecked(NUM_B[i]);
  const iop = unchecked(NUM_IOP[i]);
  if (b == 0) {
    pop(unchecked(NUM_A[i]));
    push(unchecked(NUM_R[i]));
    // Reinterprets (NO_IOP) keep the value where it is: slots hold raw bits.
    if (emitting && iop != NO_IOP) {
      const h = vh - 1;
      if (fuseFloatConvert(iop, h)) return; // floatfuse
      const a = take(h);
      const w = codeLen;
      op3(iop, slot(h), a);
      producer(w, h);
    }
  } else {
    pop(b);
    pop(unchecked(NUM_A[i]));
    push(unchecked(NUM_R[i]));
    if (emitting) binary(iop, vh - 1, b == ValType.I64);
  }
}

/** Emits binary iop on positions h, h+1 into h; a constant right operand uses the OP_K form if there is one. */
function binary(iop: u32, h: i32, wide: bool): void {
  if (folding) {
    let kop = kForm(iop);
    if (kop != 0) {
      let k = constOperand(h + 1, wide);
      let x = h; // the non-constant operand
      // A constant left operand of a commutative op (add, mul, and, or, xor, eq, ne) swaps sides.
      if (k < 0 && commutes(iop)) {
        k = constOperand(h, wide);
        x = h + 1;
      }
      if (k >= 0) {
        // x - K is x + (-K) (i32 wraps): one form for ADDK_BR fusion (fold.ts condBranch).
        if (kop == IOp.I32_SUB_K) {
          kop = IOp.I32_ADD_K;
          k = <i64><u32>(0 - <u32>k);
        }
        setCanon(x == h ? h + 1 : h); // the constant becomes the immediate: nothing to materialise
        const a = take(x);
        const w = codeLen;
        op4(kop, slot(h), a, <u32>k);
        producer(w, h);
        if (kop == IOp.I32_ADD_K) noteAddK(w);
        return;
      }
    }
    if (fuseFloatBinary(iop, h)) return; // floatfuse
    if (floatK(iop, h)) return;
    if (fuseMemBinary(iop, h)) return;
  }
  const a = take(h);
  const bb = take(h + 1);
  const w = codeLen;
  op4(iop, slot(h), a, bb);
  producer(w, h);
  if (iop == IOp.I32_ADD && folding) noteAddK(w); // ADD_BR_<cmp> (fuse-mem.ts)
}

/** Integer binary ops whose operands may swap: add, mul, and, or, xor, eq, ne (i32 and i64). */
function commutes(iop: u32): bool {
  switch (iop) {
    case IOp.I32_ADD: case IOp.I32_MUL: case IOp.I32_AND: case IOp.I32_OR: case IOp.I32_XOR: case IOp.I32_EQ: case IOp.I32_NE:
    case IOp.I64_ADD: case IOp.I64_MUL: case IOp.I64_AND: case IOp.I64_OR: case IOp.I64_XOR: case IOp.I64_EQ: case IOp.I64_NE:
      return true;
  }
  return false;
}

/** True if the f64 bits v are a NaN. */
// @ts-ignore: decorator
@inline function isNaN64(v: u64): bool {
  return (v & 0x7ff0000000000000) == 0x7ff0000000000000 && (v & 0x000fffffffffffff) != 0;
}

// Compare index (EQ, NE, LT, GT, LE, GE) -> the compare with its operands swapped.
const SWAP_F = memory.data<u8>([0, 1, 3, 2, 5, 4]);

/**
 * f64 add/sub/mul/div or compare on positions h, h+1 with a constant operand:
 * one OP_K S(dst) S(a) K64 instruction (perf block of ops.ts). A constant
 * left operand uses F64_KSUB / F64_KDIV, swaps an add or mul (unless it is a
 * NaN: which NaN payload wins must not change) or mirrors a compare.
 * Returns false (nothing emitted) when it does not apply.
 */
function floatK(op: u32, h: i32): bool {
  const iop = <i32>op;
  const arith = iop >= IOp.F64_ADD && iop <= IOp.F64_DIV;
  const cmp = iop >= IOp.F64_EQ && iop <= IOp.F64_GE;
  if (!arith && !cmp) return false;
  let kop: u32 = 0;
  let v: u64 = 0;
  let x = h; // the non-constant operand
  if (kindAt(h + 1) == Src.K64) {
    v = valAt(h + 1);
    kop = <u32>(arith ? IOp.F64_ADD_K + (iop - IOp.F64_ADD) : IOp.F64_EQ_K + (iop - IOp.F64_EQ));
  } else if (kindAt(h) == Src.K64) {
    v = valAt(h);
    x = h + 1;
    if (cmp) {
      kop = <u32>IOp.F64_EQ_K + <u32>load<u8>(SWAP_F + <usize>(iop - IOp.F64_EQ));
    } else if (iop == IOp.F64_SUB) {
      kop = IOp.F64_KSUB;
    } else if (iop == IOp.F64_DIV) {
      kop = IOp.F64_KDIV;
    } else if (!isNaN64(v)) {
      kop = iop == IOp.F64_ADD ? IOp.F64_ADD_K : IOp.F64_MUL_K;
    } else {
      return false;
    }
  } else {
    return false;
  }
  setCanon(x == h ? h + 1 : h);
  const a = take(x);
  const w = codeLen;
  op5(kop, slot(h), a, <u32>v, <u32>(v >>> 32));
  producer(w, h);
  return true;
}

/** Loads and stores 0x28..0x3e. */
export function memoryAccess(op: u32): void {
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
    if (emitting) {
      const h = vh - 1;
      // An address `x + K` computed just before: one LOAD_A (perf block of ops.ts).
      const p = justProduced(h);
      if (p >= 0 && wordAt(p) == IOp.I32_ADD_K) {
        const x = wordAt(p + 2);
        const k = wordAt(p + 3);
        // `(y << s) + K` (an index into a static array): one LOAD_SA for i32/i64 loads.
        const q = x == slot(h) && (iop == IOp.I32_LOAD || iop == IOp.I64_LOAD) ? producedBefore(p, h) : -1;
        if (q >= 0 && wordAt(q) == IOp.I32_SHL_K && wordAt(q + 3) < 32) {
          const y = wordAt(q + 2);
          const s = wordAt(q + 3);
          rewindTo(q);
          op6(iop == IOp.I32_LOAD ? IOp.I32_LOAD_SA : IOp.I64_LOAD_SA, slot(h), y, s, k, offset);
          pcTailTo(q); // a trap at q is the load's
          producer(q, h);
          return;
        }
        rewindTo(p);
        op5(iop + (IOp.I32_LOAD_A - IOp.I32_LOAD), slot(h), x, k, offset);
        movePcTail(p + 4, p); // a trap at p is the load's
        producer(p, h);
        return;
      }
      const a = take(h);
      const w = codeLen;
      op4(iop, slot(h), a, offset);
      producer(w, h);
    }
  } else {
    pop(t);
    pop(ValType.I32);
    if (emitting) {
      const a = take(vh);
      const v = take(vh + 1);
      op4(iop, a, v, offset);
    }
  }
}

/** select (0x1b, numeric operands only) and typed select (0x1c, exactly one type). */
export function selectOp(typed: bool): void {
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
  if (emitting) {
    // Operands where they are (locals read in place): select is fold-aware.
    const h = vh - 1;
    const a = take(h);
    const b = take(h + 1);
    const c = take(h + 2);
    if (folding && fuseSelect(h, a, b, c)) return;
    const w = codeLen;
    op5(IOp.SELECT, slot(h), a, b, c);
    producer(w, h);
  }
}

/** global.get x. */
export function globalGetOp(): void {
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
    producer(w, vh - 1);
  }
}

/** global.set x (the global must be mutable). */
export function globalSetOp(): void {
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
    const v = take(vh);
    const w = codeLen;
    op3(IOp.GLOBAL_SET, x, v);
    reloc(w + 1, Reloc.GLOBAL);
  }
}

/** table.get x / table.set x. */
export function tableGetSetOp(set: bool): void {
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

/** ref.null t, ref.is_null, ref.func x (x must be declared). */
export function refOp(op: u32): void {
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
export function prefixFC(at: u32): void {
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

