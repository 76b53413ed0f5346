// Data and element segment instances (DataInst / ElemInst records) and the
// bounds-checked copies out of them that both instantiation (active segments)
// and the interpreter (memory.init, table.init) perform. 2.0 semantics: the
// whole range is checked before anything is written; a dropped segment has
// length 0.

import { MemRec, SegRec, TableRec, allocRecord } from "./store";

/** Creates a segment record over `len` bytes (data) or u32 refs (elements) at `ptr`. */
export function segNew(ptr: usize, len: u32): usize {
  const s = allocRecord(SegRec.SIZE);
  store<u32>(s, <u32>ptr, SegRec.PTR);
  store<u32>(s, len, SegRec.LEN);
  return s;
}

/** Drops a segment (data.drop / elem.drop): its length becomes 0. */
// @ts-ignore: decorator
@inline export function segDrop(seg: usize): void {
  store<u32>(seg, 0, SegRec.LEN);
}

/** memory.init: copies n bytes of data segment `seg` from s to d of memory `mem` (0 = none); false if out of bounds. */
export function memInit(mem: usize, seg: usize, d: u32, s: u32, n: u32): bool {
  const len = load<u32>(seg, SegRec.LEN);
  const size: u64 = mem == 0 ? 0 : <u64>load<u32>(mem, MemRec.PAGES) << 16;
  if (<u64>s + <u64>n > <u64>len || <u64>d + <u64>n > size) return false;
  if (n > 0) memory.copy(<usize>load<u32>(mem, MemRec.BASE) + d, <usize>load<u32>(seg, SegRec.PTR) + s, n);
  return true;
}

/** table.init: copies n refs of element segment `seg` from s to d of table `t`; false if out of bounds. */
export function tableInit(t: usize, seg: usize, d: u32, s: u32, n: u32): bool {
  const len = load<u32>(seg, SegRec.LEN);
  if (<u64>s + <u64>n > <u64>len || <u64>d + <u64>n > <u64>load<u32>(t, TableRec.LEN)) return false;
  if (n > 0) {
    memory.copy(
      <usize>load<u32>(t, TableRec.ELEMS) + (<usize>d << 2),
      <usize>load<u32>(seg, SegRec.PTR) + (<usize>s << 2),
      <usize>n << 2,
    );
  }
  return true;
}
