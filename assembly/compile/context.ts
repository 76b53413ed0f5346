// The validation context C of the spec (section 3.1.1), flattened into arrays
// indexed like the module's index spaces (imports first): what function
// bodies and constant expressions may refer to. Built once per module.

import { ExternKind, Module } from "../module";

/** What instructions may refer to, by index space. */
export class Context {
  numTypes: u32 = 0;
  /**
   * Per type index, 4 words: address of the params' ValType bytes, their
   * count, address of the results' bytes, their count (the FuncType arrays
   * of the module, which outlives compilation).
   */
  sigs: StaticArray<u32> = new StaticArray<u32>(0);
  /** Type index of every function (imports first); may be out of range until validateModule checked it. */
  funcTypes: StaticArray<u32> = new StaticArray<u32>(0);
  numFuncs: u32 = 0;
  /** ValType and mutability (0/1) of every global (imports first). */
  globalTypes: StaticArray<u8> = new StaticArray<u8>(0);
  globalMut: StaticArray<u8> = new StaticArray<u8>(0);
  numGlobals: u32 = 0;
  numImportedGlobals: u32 = 0;
  /** Element type of every table (imports first). */
  tableTypes: StaticArray<u8> = new StaticArray<u8>(0);
  numTables: u32 = 0;
  numMemories: u32 = 0;
  /** Element type of every element segment. */
  elemTypes: StaticArray<u8> = new StaticArray<u8>(0);
  numElems: u32 = 0;
  /** Number of data segments memory.init/data.drop may name (the data count section's value). */
  numDatas: u32 = 0;
  /**
   * True when memory.init/data.drop are malformed ("data count section
   * required"): no data count section but a data section. Without either, the
   * count is 0 and an index is merely "unknown data segment", as the spec
   * suite expects of modules converted from text (memory_init.wast).
   */
  dataCountMissing: bool = false;
  /**
   * Translation option, not validation: fold operands (compile/fold.ts). False
   * gives one internal instruction per Wasm instruction, every result in its
   * canonical slot.
   */
  fold: bool = true;
  /** 1 for functions that ref.func may name in a body (spec C.refs). */
  declared: StaticArray<u8> = new StaticArray<u8>(0);
}

/** Builds the context of module m (no checks: see validate-module.ts). */
export function buildContext(m: Module): Context {
  const c = new Context();
  c.numTypes = <u32>m.types.length;
  c.numFuncs = m.totalFuncs();
  c.numGlobals = m.totalGlobals();
  c.numImportedGlobals = m.numImportedGlobals;
  c.numTables = m.totalTables();
  c.numMemories = m.totalMemories();
  c.numElems = <u32>m.elems.length;
  c.numDatas = m.dataCount >= 0 ? <u32>m.dataCount : <u32>m.datas.length;
  c.dataCountMissing = m.dataCount < 0 && m.datas.length > 0;

  const sigs = new StaticArray<u32>(<i32>c.numTypes * 4);
  for (let i = 0; i < m.types.length; i++) {
    const t = m.types[i];
    sigs[4 * i] = <u32>t.params.dataStart;
    sigs[4 * i + 1] = <u32>t.params.length;
    sigs[4 * i + 2] = <u32>t.results.dataStart;
    sigs[4 * i + 3] = <u32>t.results.length;
  }
  c.sigs = sigs;
  const funcTypes = new StaticArray<u32>(<i32>c.numFuncs);
  const globalTypes = new StaticArray<u8>(<i32>c.numGlobals);
  const globalMut = new StaticArray<u8>(<i32>c.numGlobals);
  const tableTypes = new StaticArray<u8>(<i32>c.numTables);
  let nf = 0, ng = 0, nt = 0;
  for (let i = 0; i < m.imports.length; i++) {
    const im = m.imports[i];
    switch (im.kind) {
      case ExternKind.FUNC: funcTypes[nf++] = im.typeIdx; break;
      case ExternKind.TABLE: tableTypes[nt++] = im.table.elemType; break;
      case ExternKind.GLOBAL:
        globalTypes[ng] = im.global.valType;
        globalMut[ng++] = im.global.mutable ? 1 : 0;
        break;
    }
  }
  for (let i = 0; i < m.funcs.length; i++) funcTypes[nf++] = m.funcs[i];
  for (let i = 0; i < m.tables.length; i++) tableTypes[nt++] = m.tables[i].elemType;
  for (let i = 0; i < m.globals.length; i++) {
    const g = m.globals[i];
    globalTypes[ng] = g.type.valType;
    globalMut[ng++] = g.type.mutable ? 1 : 0;
  }
  const elemTypes = new StaticArray<u8>(<i32>c.numElems);
  for (let i = 0; i < m.elems.length; i++) elemTypes[i] = m.elems[i].elemType;

  c.funcTypes = funcTypes;
  c.globalTypes = globalTypes;
  c.globalMut = globalMut;
  c.tableTypes = tableTypes;
  c.elemTypes = elemTypes;
  c.declared = new StaticArray<u8>(<i32>c.numFuncs);
  return c;
}
