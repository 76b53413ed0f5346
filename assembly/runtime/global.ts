// Globals (GlobalInst records, docs/internals.md): an 8-byte value cell (the
// address R:GLOBAL operands are relocated to) plus its type and mutability.

import { GlobalRec, allocRecord } from "./store";

/** Creates a GlobalInst holding zero; the creator writes the value at +0. */
export function globalNew(valType: u32, mutable: bool): usize {
  const g = allocRecord(GlobalRec.SIZE);
  store<u32>(g, valType, GlobalRec.VAL_TYPE);
  store<u32>(g, mutable ? 1 : 0, GlobalRec.MUTABLE);
  return g;
}
