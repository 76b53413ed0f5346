// The store and instantiation (assembly/runtime/): memory and table records
// and their growth, canonical type ids, import type checks (limits
// subtyping), constant expressions, and the 2.0 segment semantics: active
// segments applied in order, a bounds failure traps with earlier writes kept,
// active and declarative segments dropped, passive ones kept.
import { CompiledModule } from "../../assembly/compiled";
import { ErrorKind, clearError, errorKind, errorMessage } from "../../assembly/errors";
import {
  ConstExpr, DataSegment, ElemSegment, ExternKind, FuncType, Global, Import, Limits, Module, SegMode,
} from "../../assembly/module";
import { hostFuncNew } from "../../assembly/runtime/func";
import { globalNew } from "../../assembly/runtime/global";
import { instantiate } from "../../assembly/runtime/instance";
import { FERRY_MAX_PAGES, memGrow, memNew } from "../../assembly/runtime/memory";
import {
  GlobalRec, InstRec, MemRec, NO_MAX, SegRec, TableRec, instanceData, internType, modules,
} from "../../assembly/runtime/store";
import { tableGrow, tableNew } from "../../assembly/runtime/table";

const I32: u8 = 0x7f;
const I64: u8 = 0x7e;
const FUNCREF: u8 = 0x70;

function i32Expr(v: u32): ConstExpr {
  const e = new ConstExpr();
  e.op = 0x41;
  e.bits = v;
  return e;
}

function limits(min: u32, max: u32 = NO_MAX): Limits {
  const l = new Limits();
  l.min = min;
  l.hasMax = max != NO_MAX;
  l.max = l.hasMax ? max : 0;
  return l;
}

/** Instantiates a module with the given imports; returns the Instance record (0 on failure). */
function inst(m: Module, imports: u32[] = []): usize {
  const cm = new CompiledModule(m);
  modules.push(cm);
  const p = heap.alloc(4 * (imports.length + 1));
  for (let i = 0; i < imports.length; i++) store<u32>(p + 4 * i, imports[i]);
  clearError();
  const rec = instantiate(cm, modules.length - 1, p, <u32>imports.length);
  heap.free(p);
  return rec;
}

function importOf(kind: ExternKind): Import {
  const im = new Import();
  im.module = "env";
  im.name = "x";
  im.kind = kind;
  return im;
}

/** A module importing one memory (min 1 page) whose bytes are "abcdef"; the caller adds data segments. */
function segModule(): Module {
  const m = new Module();
  const mi = importOf(ExternKind.MEMORY);
  mi.memory = limits(1);
  m.imports.push(mi);
  m.numImportedMemories = 1;
  m.bytes = Uint8Array.wrap(String.UTF8.encode("abcdef"));
  return m;
}

function dataSeg(mode: SegMode, offset: u32, start: u32, end: u32): DataSegment {
  const s = new DataSegment();
  s.mode = mode;
  s.offset = i32Expr(offset);
  s.start = start;
  s.end = end;
  return s;
}

describe("memory records", () => {
  it("creates zeroed pages and grows within and beyond the reservation", () => {
    const mem = memNew(1, 4, true);
    expect(load<u32>(mem, MemRec.PAGES)).toBe(1);
    expect(load<u32>(mem, MemRec.MAX)).toBe(4);
    const base = load<u32>(mem, MemRec.BASE);
    expect(load<u64>(base + 65528)).toBe(0);
    store<u8>(base + 7, 42);
    expect(memGrow(mem, 1)).toBe(1);
    const base2 = load<u32>(mem, MemRec.BASE);
    expect(load<u8>(base2 + 7)).toBe(42); // contents kept when the block moves
    expect(load<u64>(base2 + 65536 * 2 - 8)).toBe(0);
    expect(load<u32>(mem, MemRec.CAP)).toBeGreaterThanOrEqual(2 * 65536);
    expect(memGrow(mem, 3)).toBe(-1); // 5 > max 4
    expect(load<u32>(mem, MemRec.PAGES)).toBe(2);
    expect(memGrow(mem, 0)).toBe(2);
  });
  it("zero-fills pages regrown inside the reservation", () => {
    const mem = memNew(4, NO_MAX, false);
    expect(load<u32>(mem, MemRec.MAX)).toBe(NO_MAX);
    expect(memGrow(mem, 1)).toBe(4); // reserves headroom: half again the old reservation
    const base = load<u32>(mem, MemRec.BASE);
    const cap = load<u32>(mem, MemRec.CAP);
    expect(cap).toBe(6 * 65536);
    store<u8>(base + 5 * 65536, 9); // dirty the reserved but unused bytes
    expect(memGrow(mem, 1)).toBe(5);
    expect(load<u32>(mem, MemRec.BASE)).toBe(base);
    expect(load<u8>(base + 5 * 65536)).toBe(0);
  });
  it("caps memories below the allocator's block limit", () => {
    const mem = memNew(0, NO_MAX, false);
    expect(memGrow(mem, FERRY_MAX_PAGES + 1)).toBe(-1);
    expect(memGrow(mem, 0x10000)).toBe(-1);
    expect(memNew(FERRY_MAX_PAGES + 1, 0, false)).toBe(0);
    expect(errorKind()).toBe(ErrorKind.INTERNAL);
    clearError();
  });
});

describe("table records", () => {
  it("grows with the init value up to the maximum", () => {
    const t = tableNew(FUNCREF, 2, 4, true);
    expect(load<u32>(t, TableRec.LEN)).toBe(2);
    expect(load<u32>(load<u32>(t, TableRec.ELEMS) + 4)).toBe(0);
    expect(tableGrow(t, 2, 77)).toBe(2);
    expect(load<u32>(load<u32>(t, TableRec.ELEMS) + 12)).toBe(77);
    expect(tableGrow(t, 1, 0)).toBe(-1);
    expect(load<u32>(t, TableRec.LEN)).toBe(4);
  });
});

describe("canonical types", () => {
  it("gives equal signatures equal ids and different ones different ids", () => {
    const a = internType([I32, I64], [I32]);
    expect(internType([I32, I64], [I32])).toBe(a);
    expect(internType([I32], [I64, I32])).not.toBe(a);
    expect(internType([I32, I64, I32], [])).not.toBe(a);
    expect(a).toBeGreaterThan(0);
  });
});

describe("import checks", () => {
  it("accepts a memory whose limits fit and rejects one that does not", () => {
    const m = new Module();
    const im = importOf(ExternKind.MEMORY);
    im.memory = limits(2, 4);
    m.imports.push(im);
    m.numImportedMemories = 1;
    expect(inst(m, [<u32>memNew(2, 3, true)])).not.toBe(0);
    expect(inst(m, [<u32>memNew(1, 3, true)])).toBe(0); // too small
    expect(errorMessage()).toBe("incompatible import type");
    expect(inst(m, [<u32>memNew(2, 0, false)])).toBe(0); // no max but a max is required
    expect(inst(m, [<u32>memNew(2, 5, true)])).toBe(0); // max too large
    expect(errorKind()).toBe(ErrorKind.LINK);
  });
  it("checks table element types and global mutability", () => {
    const m = new Module();
    const ti = importOf(ExternKind.TABLE);
    ti.table.limits = limits(1);
    m.imports.push(ti);
    m.numImportedTables = 1;
    expect(inst(m, [<u32>tableNew(FUNCREF, 1, 0, false)])).not.toBe(0);
    expect(inst(m, [<u32>tableNew(0x6f, 1, 0, false)])).toBe(0);

    const g = new Module();
    const gi = importOf(ExternKind.GLOBAL);
    gi.global.valType = I32;
    gi.global.mutable = true;
    g.imports.push(gi);
    g.numImportedGlobals = 1;
    expect(inst(g, [<u32>globalNew(I32, true)])).not.toBe(0);
    expect(inst(g, [<u32>globalNew(I32, false)])).toBe(0);
    expect(inst(g, [<u32>globalNew(I64, true)])).toBe(0);
    expect(errorMessage()).toBe("incompatible import type");
  });
  it("refuses the wrong number of imports", () => {
    const m = segModule();
    expect(inst(m, [])).toBe(0);
    expect(errorKind()).toBe(ErrorKind.LINK);
  });
});

describe("globals", () => {
  it("initialises globals from constants and imported globals", () => {
    const m = new Module();
    const gi = importOf(ExternKind.GLOBAL);
    gi.global.valType = I64;
    m.imports.push(gi);
    m.numImportedGlobals = 1;
    const g0 = new Global();
    g0.type.valType = I64;
    g0.init.op = 0x23; // global.get 0
    g0.init.index = 0;
    m.globals.push(g0);
    const g1 = new Global();
    g1.type.valType = I32;
    g1.init = i32Expr(5);
    m.globals.push(g1);
    const imported = globalNew(I64, false);
    store<u64>(imported, 0x123456789, GlobalRec.VALUE);
    const d = instanceData(inst(m, [<u32>imported]))!;
    expect(d.globals.length).toBe(3);
    expect(load<u64>(d.globals[1])).toBe(0x123456789);
    expect(load<u32>(d.globals[2])).toBe(5);
    expect(load<u32>(d.globals[2], GlobalRec.VAL_TYPE)).toBe(I32);
  });
});

describe("segment initialisation", () => {
  it("applies active data segments in order and drops them; passive ones stay", () => {
    const m = segModule();
    m.datas.push(dataSeg(SegMode.ACTIVE, 10, 0, 2)); // "ab" at 10
    m.datas.push(dataSeg(SegMode.PASSIVE, 0, 2, 4)); // "cd" kept
    m.datas.push(dataSeg(SegMode.ACTIVE, 11, 4, 6)); // "ef" at 11, overwrites b
    const mem = memNew(1, 0, false);
    const rec = inst(m, [<u32>mem]);
    expect(rec).not.toBe(0);
    const base = load<u32>(mem, MemRec.BASE);
    expect(load<u8>(base + 10)).toBe(0x61);
    expect(load<u8>(base + 11)).toBe(0x65);
    expect(load<u8>(base + 12)).toBe(0x66);
    const d = instanceData(rec)!;
    expect(load<u32>(d.datas[0], SegRec.LEN)).toBe(0);
    expect(load<u32>(d.datas[1], SegRec.LEN)).toBe(2);
    expect(load<u32>(d.datas[2], SegRec.LEN)).toBe(0);
    expect(load<u32>(rec, InstRec.MEM0)).toBe(<u32>mem);
  });
  it("traps on an out-of-bounds data segment, keeping the writes before it", () => {
    const m = segModule();
    m.datas.push(dataSeg(SegMode.ACTIVE, 0, 0, 2));
    m.datas.push(dataSeg(SegMode.ACTIVE, 65535, 2, 4)); // one byte too far: nothing of it written
    m.datas.push(dataSeg(SegMode.ACTIVE, 100, 4, 6)); // never reached
    const mem = memNew(1, 0, false);
    expect(inst(m, [<u32>mem])).toBe(0);
    expect(errorKind()).toBe(ErrorKind.TRAP);
    expect(errorMessage()).toBe("out of bounds memory access");
    const base = load<u32>(mem, MemRec.BASE);
    expect(load<u16>(base)).toBe(0x6261);
    expect(load<u8>(base + 65535)).toBe(0);
    expect(load<u8>(base + 100)).toBe(0);
  });
  it("traps on an empty segment placed past the end", () => {
    const m = segModule();
    m.datas.push(dataSeg(SegMode.ACTIVE, 65537, 0, 0));
    expect(inst(m, [<u32>memNew(1, 0, false)])).toBe(0);
    expect(errorMessage()).toBe("out of bounds memory access");
  });
  it("fills an imported table from active element segments, trapping past its end", () => {
    const m = new Module();
    const ft = new FuncType();
    m.types.push(ft);
    const ti = importOf(ExternKind.TABLE);
    ti.table.limits = limits(3);
    m.imports.push(ti);
    m.numImportedTables = 1;
    const fi = importOf(ExternKind.FUNC);
    m.imports.push(fi);
    m.numImportedFuncs = 1;
    const ok = new ElemSegment();
    ok.offset = i32Expr(1);
    const fref = new ConstExpr();
    fref.op = 0xd2; // ref.func 0
    ok.items.push(fref);
    m.elems.push(ok);
    const decl = new ElemSegment();
    decl.mode = SegMode.DECLARATIVE;
    decl.items.push(fref);
    m.elems.push(decl);
    const bad = new ElemSegment();
    bad.offset = i32Expr(2);
    bad.items.push(fref);
    bad.items.push(fref);
    m.elems.push(bad);
    const t = tableNew(FUNCREF, 3, 0, false);
    // The imported function: a host function of type () -> ().
    const hf = hostFuncNew([], [], 0);
    expect(inst(m, [<u32>t, <u32>hf])).toBe(0);
    expect(errorMessage()).toBe("out of bounds table access");
    const elems = load<u32>(t, TableRec.ELEMS);
    expect(load<u32>(elems + 4)).toBe(<u32>hf); // the first segment's write stays
    expect(load<u32>(elems + 8)).toBe(0); // the failing one wrote nothing
  });
});
