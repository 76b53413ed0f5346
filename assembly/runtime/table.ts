// Tables (TableInst records, docs/internals.md): creation and growth. The
// elements are a raw u32[] block of references (0 = null, a funcref is a
// FuncInst address, an externref a host id), reallocated when the table grows.

import { ErrorKind, fail } from "../errors";
import { NO_MAX, TableRec, allocRecord } from "./store";

/** Ferry's cap on the number of elements of one table (table.grow past it returns -1). */
export const FERRY_MAX_TABLE: u32 = 10_000_000;

/** Creates a TableInst of `min` null elements. Returns 0 after recording an error. */
export function tableNew(elemType: u32, min: u32, max: u32, hasMax: bool): usize {
  if (hasMax && max < min) {
    fail(ErrorKind.INTERNAL, "size minimum must not be greater than maximum");
    return 0;
  }
  if (min > FERRY_MAX_TABLE) {
    fail(ErrorKind.INTERNAL, "table of " + min.toString() + " elements exceeds Ferry's limit of " + FERRY_MAX_TABLE.toString());
    return 0;
  }
  const t = allocRecord(TableRec.SIZE);
  if (min > 0) store<u32>(t, <u32>allocRecord(<usize>min << 2), TableRec.ELEMS);
  store<u32>(t, min, TableRec.LEN);
  store<u32>(t, hasMax ? max : NO_MAX, TableRec.MAX);
  store<u32>(t, elemType, TableRec.ELEM_TYPE);
  return t;
}

/** Grows table `t` by `delta` elements set to `init`: returns the old size, or -1 (nothing changed) past a limit. */
export function tableGrow(t: usize, delta: u32, init: u32): i32 {
  const old = load<u32>(t, TableRec.LEN);
  const want = <u64>old + <u64>delta;
  const max = load<u32>(t, TableRec.MAX);
  if (want > <u64>max || want > <u64>FERRY_MAX_TABLE) return -1;
  if (delta == 0) return <i32>old;
  const n = <u32>want;
  let elems = <usize>load<u32>(t, TableRec.ELEMS);
  elems = elems == 0 ? heap.alloc(<usize>n << 2) : heap.realloc(elems, <usize>n << 2);
  for (let i = old; i < n; i++) store<u32>(elems + (<usize>i << 2), init);
  store<u32>(t, <u32>elems, TableRec.ELEMS);
  store<u32>(t, n, TableRec.LEN);
  return <i32>old;
}
