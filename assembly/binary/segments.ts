// Element and data segments: the eight 2.0 element segment encodings (0..7)
// and the three data segment encodings (0..2), decoded into ElemSegment /
// DataSegment. Function-index items (encodings 0..3) become ref.func constant
// expressions with an empty byte range (start == end == offset of the index)
// and op/index already set, since they have no instruction bytes of their own.

import { ConstExpr, DataSegment, ElemSegment, Module, SegMode } from "../module";
import { Op, ValType } from "../opcodes";
import { readConstExpr } from "./constexpr";
import { reserve } from "./sections";
import { Reader } from "./reader";
import { readRefType } from "./types";

/** Element kind byte of encodings 1..3: only 0x00 (funcref) exists. */
function readElemKind(r: Reader): u8 {
  const at = r.pos;
  const b = r.u8();
  if (!r.bad && b != 0) r.fail("malformed element kind", at);
  return <u8>ValType.FUNCREF;
}

/** vec(funcidx), each turned into a pre-decoded ref.func expression. */
function readFuncIndexItems(r: Reader, seg: ElemSegment): void {
  const n = r.len32();
  reserve(seg.items, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) {
    const e = new ConstExpr();
    e.start = r.pos;
    e.end = r.pos;
    e.op = <u8>Op.REF_FUNC;
    e.index = r.vu32();
    seg.items.push(e);
  }
}

/** vec(expr). */
function readExprItems(r: Reader, seg: ElemSegment): void {
  const n = r.len32();
  reserve(seg.items, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) {
    const e = new ConstExpr();
    readConstExpr(r, e);
    seg.items.push(e);
  }
}

/** Element section: vec(elem), encodings 0..7 (bit 0: not active, bit 1: table index / declarative, bit 2: expressions). */
export function readElementSection(r: Reader, m: Module): void {
  const n = r.len32();
  reserve(m.elems, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) {
    const at = r.pos;
    const kind = r.vu32();
    if (r.bad) return;
    if (kind > 7) {
      r.fail("malformed elements segment kind", at);
      return;
    }
    const seg = new ElemSegment();
    seg.elemType = <u8>ValType.FUNCREF;
    if ((kind & 1) == 0) {
      seg.mode = SegMode.ACTIVE;
      if ((kind & 2) != 0) seg.table = r.vu32();
      readConstExpr(r, seg.offset);
    } else {
      seg.mode = (kind & 2) != 0 ? SegMode.DECLARATIVE : SegMode.PASSIVE;
    }
    const exprs = (kind & 4) != 0;
    // Encodings 0 and 4 have no type byte (funcref); the others carry one.
    if ((kind & 3) != 0) seg.elemType = exprs ? readRefType(r) : readElemKind(r);
    if (r.bad) return;
    if (exprs) readExprItems(r, seg);
    else readFuncIndexItems(r, seg);
    m.elems.push(seg);
  }
}

/** Data section: vec(data), encodings 0 (active, memory 0), 1 (passive), 2 (active, explicit memory). */
export function readDataSection(r: Reader, m: Module): void {
  const n = r.len32();
  reserve(m.datas, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) {
    const at = r.pos;
    const kind = r.vu32();
    if (r.bad) return;
    if (kind > 2) {
      r.fail("malformed data segment kind", at);
      return;
    }
    const seg = new DataSegment();
    if (kind == 1) {
      seg.mode = SegMode.PASSIVE;
    } else {
      seg.mode = SegMode.ACTIVE;
      if (kind == 2) seg.memory = r.vu32();
      readConstExpr(r, seg.offset);
    }
    const len = r.len32();
    seg.start = r.pos;
    r.skip(len);
    seg.end = r.pos;
    if (r.bad) return;
    m.datas.push(seg);
  }
}
