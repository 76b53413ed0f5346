// The decoded form of a WebAssembly module: what the decoder (assembly/binary/)
// produces and the validator/translator (assembly/compile/) and the runtime
// (assembly/runtime/) read. Plain data; GC-managed because it lives only during
// load and instantiation, never in the execution loop.
//
// Index spaces follow the spec: function, table, memory and global indices count
// imports first, then the module's own definitions.

/** A function signature. Value types use the ValType codes of opcodes.ts. */
export class FuncType {
  params: u8[] = [];
  results: u8[] = [];
}

/** Limits of a memory (in 64 KiB pages) or a table (in elements). */
export class Limits {
  min: u32 = 0;
  max: u32 = 0;
  hasMax: bool = false;
}

export class TableType {
  elemType: u8 = 0x70; // ValType.FUNCREF or ValType.EXTERNREF
  limits: Limits = new Limits();
}

export class GlobalType {
  valType: u8 = 0;
  mutable: bool = false;
}

/** External kinds, as in the binary format. */
export const enum ExternKind {
  FUNC = 0,
  TABLE = 1,
  MEMORY = 2,
  GLOBAL = 3,
}

/**
 * A constant expression: the bytes [start, end) of the module buffer, `end`
 * being just past the final 0x0b. The decoder finds the range; the validator
 * checks it and fills the evaluated form below (the 2.0 constant expressions
 * are one instruction followed by `end`).
 */
export class ConstExpr {
  start: u32 = 0;
  end: u32 = 0;
  /** Opcode of the single instruction: 0x41..0x44, 0x23 global.get, 0xd0 ref.null, 0xd2 ref.func. */
  op: u8 = 0;
  /** Bits of the constant for *.const (f32/f64 as raw bit patterns). */
  bits: u64 = 0;
  /** Global index (global.get), function index (ref.func) or reftype (ref.null). */
  index: u32 = 0;
}

export class Import {
  module: string = "";
  name: string = "";
  kind: ExternKind = ExternKind.FUNC;
  /** FUNC: type index. */
  typeIdx: u32 = 0;
  /** TABLE. */
  table: TableType = new TableType();
  /** MEMORY. */
  memory: Limits = new Limits();
  /** GLOBAL. */
  global: GlobalType = new GlobalType();
}

export class Export {
  name: string = "";
  kind: ExternKind = ExternKind.FUNC;
  index: u32 = 0;
}

export class Global {
  type: GlobalType = new GlobalType();
  init: ConstExpr = new ConstExpr();
}

/** Element segment modes. */
export const enum SegMode {
  ACTIVE = 0,
  PASSIVE = 1,
  DECLARATIVE = 2,
}

export class ElemSegment {
  mode: SegMode = SegMode.ACTIVE;
  table: u32 = 0;
  /** Offset expression (ACTIVE only). */
  offset: ConstExpr = new ConstExpr();
  elemType: u8 = 0x70;
  /**
   * One constant expression per element (the index forms are turned into ref.func exprs).
   * Index-form items (encodings 0..3) have no instruction bytes: their range is
   * empty (start == end) and op = 0xd2 (ref.func) and index are already set.
   */
  items: ConstExpr[] = [];
}

export class DataSegment {
  mode: SegMode = SegMode.ACTIVE;
  memory: u32 = 0;
  offset: ConstExpr = new ConstExpr();
  /** Byte range of the data in the module buffer. */
  start: u32 = 0;
  end: u32 = 0;
}

/** A function body: its locals (expanded, params not included) and the code byte range. */
export class FuncBody {
  /** Declared locals, one entry per local (not per run). */
  locals: u8[] = [];
  /** Offset in the module buffer of the first instruction (after the locals). */
  codeStart: u32 = 0;
  /** Offset just past the final `end` of the body. */
  codeEnd: u32 = 0;
  /** Offset of the body's size field in the module (start of the body entry). */
  bodyStart: u32 = 0;
}

/** A whole decoded module. */
export class Module {
  /** The module's bytes (kept: bodies, data and const exprs point into it). */
  bytes: Uint8Array = new Uint8Array(0);
  types: FuncType[] = [];
  imports: Import[] = [];
  /** Type index of each function defined in the module (imports excluded). */
  funcs: u32[] = [];
  tables: TableType[] = [];
  memories: Limits[] = [];
  globals: Global[] = [];
  exports: Export[] = [];
  /** Start function index, or -1. */
  start: i32 = -1;
  elems: ElemSegment[] = [];
  datas: DataSegment[] = [];
  /** Value of the data count section, or -1 if absent. */
  dataCount: i32 = -1;
  bodies: FuncBody[] = [];
  /** Function names from the `name` custom section, by function index ("" if none). */
  funcNames: Map<u32, string> = new Map();
  moduleName: string = "";

  // Counts of imports by kind, filled by the decoder.
  numImportedFuncs: u32 = 0;
  numImportedTables: u32 = 0;
  numImportedMemories: u32 = 0;
  numImportedGlobals: u32 = 0;

  /** Type index of function `idx` in the function index space (imports first). */
  funcTypeIdx(idx: u32): u32 {
    if (idx < this.numImportedFuncs) {
      let seen: u32 = 0;
      for (let i = 0; i < this.imports.length; i++) {
        const im = this.imports[i];
        if (im.kind == ExternKind.FUNC) {
          if (seen == idx) return im.typeIdx;
          seen++;
        }
      }
    }
    return this.funcs[idx - this.numImportedFuncs];
  }

  totalFuncs(): u32 { return this.numImportedFuncs + <u32>this.funcs.length; }
  totalTables(): u32 { return this.numImportedTables + <u32>this.tables.length; }
  totalMemories(): u32 { return this.numImportedMemories + <u32>this.memories.length; }
  totalGlobals(): u32 { return this.numImportedGlobals + <u32>this.globals.length; }
}
