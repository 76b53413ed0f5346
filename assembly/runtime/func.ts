// Function instances (FuncInst records, docs/internals.md): host functions
// created by the driver, and the records of a module's own functions, whose
// internal code is copied into VM memory and relocated at instantiation.

import { CompiledFunc } from "../compiled";
import { ErrorKind, fail } from "../errors";
import { Reloc } from "../ops";
import { FuncRec, InstanceData, allocRecord, internType } from "./store";

/** Creates the FuncInst of a host function (code 0) of signature (params, results), tagged with hostId. */
export function hostFuncNew(params: u8[], results: u8[], hostId: u32): usize {
  const f = allocRecord(FuncRec.SIZE);
  const np = <u32>params.length;
  const nr = <u32>results.length;
  store<u32>(f, (np > nr ? np : nr) << 3, FuncRec.FRAME_BYTES);
  store<u32>(f, np, FuncRec.NUM_PARAMS);
  store<u32>(f, nr, FuncRec.NUM_RESULTS);
  store<u32>(f, internType(params, results), FuncRec.TYPE_ID);
  store<u32>(f, hostId, FuncRec.INDEX);
  return f;
}

/** Creates the FuncInst of defined function `cf` of instance `inst` (code filled by relocateCode). */
export function wasmFuncNew(cf: CompiledFunc, typeId: u32, instRec: usize): usize {
  const f = allocRecord(FuncRec.SIZE);
  const slots = <u64>cf.numParams + <u64>cf.numLocals + <u64>cf.maxHeight;
  // Frames beyond 4 GiB cannot fit any value stack; saturate so the call traps as exhaustion.
  store<u32>(f, slots > 0x1fffffff ? 0xfffffff8 : <u32>slots << 3, FuncRec.FRAME_BYTES);
  store<u32>(f, cf.numParams, FuncRec.NUM_PARAMS);
  store<u32>(f, cf.numResults, FuncRec.NUM_RESULTS);
  store<u32>(f, cf.numLocals, FuncRec.NUM_LOCALS);
  store<u32>(f, typeId, FuncRec.TYPE_ID);
  store<u32>(f, <u32>instRec, FuncRec.INSTANCE);
  store<u32>(f, cf.funcIndex, FuncRec.INDEX);
  return f;
}

/** The absolute value a relocated operand of kind `kind` and module index `idx` becomes, or 0 if out of range. */
function relocValue(d: InstanceData, kind: u32, idx: u32): u32 {
  let a: u32[];
  switch (kind) {
    case Reloc.FUNC: a = d.funcs; break;
    case Reloc.GLOBAL: a = d.globals; break;
    case Reloc.TABLE: a = d.tables; break;
    case Reloc.TYPE: a = d.typeIds; break;
    case Reloc.DATA: a = d.datas; break;
    case Reloc.ELEM: a = d.elems; break;
    default: return 0;
  }
  return idx < <u32>a.length ? unchecked(a[idx]) : 0;
}

/**
 * Copies the internal code of `cf` into a fresh block of VM memory, patches
 * its relocations to absolute addresses of instance `d`, and stores the code
 * address in FuncInst `f`. Returns false after recording an INTERNAL error.
 */
export function relocateCode(d: InstanceData, cf: CompiledFunc, f: usize): bool {
  const words = <usize>cf.code.length;
  if (words == 0) return fail(ErrorKind.INTERNAL, "function " + cf.funcIndex.toString() + " has no code");
  const code = heap.alloc(words << 2);
  memory.copy(code, cf.code.dataStart, words << 2);
  const relocs = cf.relocs;
  for (let i = 0; i + 1 < relocs.length; i += 2) {
    const at = <usize>unchecked(relocs[i]);
    if (at >= words) return fail(ErrorKind.INTERNAL, "relocation outside the code");
    const p = code + (at << 2);
    const v = relocValue(d, unchecked(relocs[i + 1]), load<u32>(p));
    if (v == 0) return fail(ErrorKind.INTERNAL, "relocation to an unknown index");
    store<u32>(p, v);
  }
  store<u32>(f, <u32>code, FuncRec.CODE);
  return true;
}
