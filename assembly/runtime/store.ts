// The store: fixed-layout raw records (docs/internals.md, "Store records") for
// functions, memories, tables, globals, segments and instances, their
// allocation, the canonical function-type ids, and the store-wide registries
// that keep the GC-managed module objects alive. Records are allocated with
// heap.alloc (raw TLSF blocks, never moved, never collected) so the
// interpreter reads them with plain loads.

import { CompiledModule } from "../compiled";

// FuncInst (32 bytes)
// ┌────────┬────────────┬───────────┬────────────┬───────────┬────────┬──────────┬───────┐
// │ +0 code│ +4 frameB. │ +8 params │ +12 results│ +16 locals│ +20 tid│ +24 inst │ +28 ix│
// └────────┴────────────┴───────────┴────────────┴───────────┴────────┴──────────┴───────┘
/** Field offsets of a FuncInst record. */
export const enum FuncRec {
  CODE = 0, FRAME_BYTES = 4, NUM_PARAMS = 8, NUM_RESULTS = 12, NUM_LOCALS = 16,
  TYPE_ID = 20, INSTANCE = 24, INDEX = 28, SIZE = 32,
}

/** Field offsets of a MemInst record: base, pages, max pages (NO_MAX if none), reserved bytes. */
export const enum MemRec { BASE = 0, PAGES = 4, MAX = 8, CAP = 12, SIZE = 16 }

/** Field offsets of a TableInst record: u32[] elements, size, max (NO_MAX if none), elem type. */
export const enum TableRec { ELEMS = 0, LEN = 4, MAX = 8, ELEM_TYPE = 12, SIZE = 16 }

/** Field offsets of a GlobalInst record: 8-byte value cell, ValType, mutability. */
export const enum GlobalRec { VALUE = 0, VAL_TYPE = 8, MUTABLE = 12, SIZE = 16 }

/** Field offsets of a DataInst / ElemInst record: bytes (or u32 refs) and length (0 once dropped). */
export const enum SegRec { PTR = 0, LEN = 4, SIZE = 8 }

/** Field offsets of an Instance record. */
export const enum InstRec { MEM0 = 0, ID = 4, SIZE = 16 }

/** `max` of a table or memory that declares none. */
export const NO_MAX: u32 = 0xffffffff;

/** Allocates a zeroed raw record of `size` bytes; it is never freed or moved. */
export function allocRecord(size: usize): usize {
  const p = heap.alloc(size);
  memory.fill(p, 0, size);
  return p;
}

// ---- canonical function types ------------------------------------------------

/** Signature key -> canonical type id (ids start at 1 so 0 never matches). */
const typeIds = new Map<string, u32>();

/** Returns the canonical id of the signature (params, results): equal ids <=> equal signatures, store-wide. */
export function internType(params: u8[], results: u8[]): u32 {
  let key = "";
  for (let i = 0; i < params.length; i++) key += String.fromCharCode(<i32>params[i]);
  key += ":";
  for (let i = 0; i < results.length; i++) key += String.fromCharCode(<i32>results[i]);
  if (typeIds.has(key)) return typeIds.get(key);
  const id = <u32>typeIds.size + 1;
  typeIds.set(key, id);
  return id;
}

// ---- registries ----------------------------------------------------------------

/** Per-instance data the interpreter never touches: address tables for each index space. */
export class InstanceData {
  /** The Instance record. */
  record: usize = 0;
  /** Module handle (index in `modules`). */
  moduleHandle: i32 = 0;
  compiled: CompiledModule;
  /** FuncInst / TableInst / MemInst / GlobalInst / DataInst / ElemInst addresses by index (imports first). */
  funcs: u32[] = [];
  tables: u32[] = [];
  mems: u32[] = [];
  globals: u32[] = [];
  datas: u32[] = [];
  elems: u32[] = [];
  /** Canonical type id of each type index of the module. */
  typeIds: u32[] = [];
  /** FuncInst of the start function, 0 if none. */
  start: u32 = 0;

  constructor(compiled: CompiledModule) {
    this.compiled = compiled;
  }
}

/** Every loaded module; the handle is the index. Keeps Module + CompiledModule reachable for the GC. */
export const modules = new Array<CompiledModule>();
/** Every instance, by instance id (InstRec.ID). */
export const instances = new Array<InstanceData>();

/** The InstanceData of Instance record `rec`, or null if `rec` is not one (safe for any value). */
export function instanceData(rec: usize): InstanceData | null {
  if (rec == 0 || <u64>rec + InstRec.SIZE > (<u64>memory.size() << 16)) return null;
  const id = load<u32>(rec, InstRec.ID);
  if (id >= <u32>instances.length) return null;
  const d = unchecked(instances[id]);
  return d.record == rec ? d : null;
}
