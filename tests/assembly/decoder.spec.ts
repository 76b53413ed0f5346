// The binary decoder: hand-written modules for each section kind, and each
// malformed-module message the decoder raises (the spec's wording).
import { decodeModule } from "../../assembly/binary/decode";
import { scanBodies } from "../../assembly/binary/bodyscan";
import { missingEndMessage } from "../../assembly/binary/code";
import { clearError, errorKind, errorMessage, ErrorKind } from "../../assembly/errors";
import { Module, SegMode, ExternKind } from "../../assembly/module";

const HEADER: u8[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** The bytes of a module: the header followed by `sections`. */
function wasm(sections: u8[]): Uint8Array {
  const all = HEADER.concat(sections);
  const out = new Uint8Array(all.length);
  for (let i = 0; i < all.length; i++) out[i] = all[i];
  return out;
}

/** Raw bytes, without a header. */
function raw(b: u8[]): Uint8Array {
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b[i];
  return out;
}

/** Decodes a module that must be well-formed. */
function decodeOk(sections: u8[]): Module {
  clearError();
  const m = decodeModule(wasm(sections));
  expect(errorMessage()).toBe("");
  expect(m).not.toBeNull();
  return m!;
}

/** Decodes `bytes`, which must be rejected as malformed with `msg`. */
function expectMalformed(bytes: Uint8Array, msg: string): void {
  clearError();
  const m = decodeModule(bytes);
  expect(m).toBeNull();
  expect(errorMessage()).toBe(msg);
  expect(errorKind()).toBe(ErrorKind.MALFORMED);
}

// One type () -> (), one function of that type, one body.
const TYPE_0: u8[] = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00];
const FUNC_1: u8[] = [0x03, 0x02, 0x01, 0x00];
const CODE_EMPTY: u8[] = [0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b];

describe("decoder: sections", () => {
  it("decodes the empty module", () => {
    const m = decodeOk([]);
    expect(m.types.length).toBe(0);
    expect(m.start).toBe(-1);
    expect(m.dataCount).toBe(-1);
    expect(m.bytes.length).toBe(8);
  });

  it("decodes function types", () => {
    // (i32, i64) -> f32 ; () -> (funcref, externref)
    const m = decodeOk([0x01, 0x0c, 0x02, 0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7d, 0x60, 0x00, 0x02, 0x70, 0x6f]);
    expect(m.types.length).toBe(2);
    expect(m.types[0].params.length).toBe(2);
    expect(m.types[0].params[1]).toBe(<u8>0x7e);
    expect(m.types[0].results[0]).toBe(<u8>0x7d);
    expect(m.types[1].results[1]).toBe(<u8>0x6f);
  });

  it("decodes the four import kinds and counts them", () => {
    const m = decodeOk(TYPE_0.concat([
      0x02, 0x1e, 0x04,
      0x01, 0x6d, 0x01, 0x66, 0x00, 0x00,             // "m" "f" func type 0
      0x01, 0x6d, 0x01, 0x74, 0x01, 0x70, 0x01, 0x01, 0x02, // "m" "t" table funcref min 1 max 2
      0x01, 0x6d, 0x01, 0x6d, 0x02, 0x00, 0x03,       // "m" "m" memory min 3
      0x01, 0x6d, 0x01, 0x67, 0x03, 0x7e, 0x01,       // "m" "g" global mut i64
    ]));
    expect(m.imports.length).toBe(4);
    expect(m.imports[0].name).toBe("f");
    expect(m.imports[1].kind).toBe(ExternKind.TABLE);
    expect(m.imports[1].table.limits.max).toBe(2);
    expect(m.imports[1].table.limits.hasMax).toBe(true);
    expect(m.imports[2].memory.min).toBe(3);
    expect(m.imports[2].memory.hasMax).toBe(false);
    expect(m.imports[3].global.valType).toBe(<u8>0x7e);
    expect(m.imports[3].global.mutable).toBe(true);
    expect(m.numImportedFuncs).toBe(1);
    expect(m.numImportedTables).toBe(1);
    expect(m.numImportedMemories).toBe(1);
    expect(m.numImportedGlobals).toBe(1);
  });

  it("decodes tables, memories, globals, exports and start", () => {
    const m = decodeOk(TYPE_0.concat(FUNC_1).concat([
      0x04, 0x04, 0x01, 0x6f, 0x00, 0x05,             // table externref min 5
      0x05, 0x04, 0x01, 0x01, 0x01, 0x10,             // memory min 1 max 16
      0x06, 0x06, 0x01, 0x7f, 0x00, 0x41, 0x7f, 0x0b, // global i32 = i32.const -1
      0x07, 0x05, 0x01, 0x01, 0x65, 0x00, 0x00,       // export "e" func 0
      0x08, 0x01, 0x00,                               // start 0
    ]).concat(CODE_EMPTY));
    expect(m.tables[0].elemType).toBe(<u8>0x6f);
    expect(m.tables[0].limits.min).toBe(5);
    expect(m.memories[0].max).toBe(16);
    const g = m.globals[0];
    expect(g.type.valType).toBe(<u8>0x7f);
    expect(g.init.end - g.init.start).toBe(3);
    expect(m.bytes[g.init.start]).toBe(<u8>0x41);
    expect(g.init.op).toBe(<u8>0x41);
    expect(g.init.bits).toBe(<u64>0xffffffff);
    expect(m.exports[0].name).toBe("e");
    expect(m.exports[0].kind).toBe(ExternKind.FUNC);
    expect(m.start).toBe(0);
  });

  it("expands locals and records the body ranges", () => {
    // body: size 8, 2 runs: 2 x i32, 1 x f64; code: nop end
    const m = decodeOk(TYPE_0.concat(FUNC_1).concat([0x0a, 0x09, 0x01, 0x07, 0x02, 0x02, 0x7f, 0x01, 0x7c, 0x01, 0x0b]));
    const b = m.bodies[0];
    expect(b.locals.length).toBe(3);
    expect(b.locals[1]).toBe(<u8>0x7f);
    expect(b.locals[2]).toBe(<u8>0x7c);
    expect(b.bodyStart).toBe(21);            // the size byte
    expect(m.bytes[b.codeStart]).toBe(<u8>0x01);
    expect(b.codeEnd).toBe(b.codeStart + 2); // just past the final end
    expect(m.bytes[b.codeEnd - 1]).toBe(<u8>0x0b);
  });

  it("decodes the eight element segment encodings", () => {
    const m = decodeOk(TYPE_0.concat(FUNC_1).concat([
      0x04, 0x04, 0x01, 0x70, 0x00, 0x01,
      0x09, 0x2f, 0x08,
      0x00, 0x41, 0x00, 0x0b, 0x01, 0x00,             // 0: active table 0, funcidx
      0x01, 0x00, 0x01, 0x00,                         // 1: passive, elemkind, funcidx
      0x02, 0x00, 0x41, 0x00, 0x0b, 0x00, 0x01, 0x00, // 2: active table 0 explicit
      0x03, 0x00, 0x01, 0x00,                         // 3: declarative
      0x04, 0x41, 0x00, 0x0b, 0x01, 0xd2, 0x00, 0x0b, // 4: active, exprs
      0x05, 0x70, 0x01, 0xd0, 0x70, 0x0b,             // 5: passive funcref, ref.null
      0x06, 0x00, 0x41, 0x00, 0x0b, 0x70, 0x00,       // 6: active explicit, no items
      0x07, 0x6f, 0x00,                               // 7: declarative externref, no items
    ]).concat(CODE_EMPTY));
    expect(m.elems.length).toBe(8);
    expect(m.elems[0].mode).toBe(SegMode.ACTIVE);
    expect(m.elems[0].items[0].op).toBe(<u8>0xd2);
    expect(m.elems[0].items[0].start).toBe(m.elems[0].items[0].end); // index form: no bytes
    expect(m.elems[1].mode).toBe(SegMode.PASSIVE);
    expect(m.elems[3].mode).toBe(SegMode.DECLARATIVE);
    expect(m.elems[4].items[0].end - m.elems[4].items[0].start).toBe(3);
    expect(m.elems[4].items[0].op).toBe(<u8>0xd2);
    expect(m.elems[5].items[0].op).toBe(<u8>0xd0);
    expect(m.elems[5].items[0].index).toBe(0x70);
    expect(m.elems[6].offset.op).toBe(<u8>0x41);
    expect(m.elems[7].elemType).toBe(<u8>0x6f);
  });

  it("decodes the data count and the three data segment encodings", () => {
    const m = decodeOk([
      0x05, 0x03, 0x01, 0x00, 0x01,
      0x0c, 0x01, 0x03,
      0x0b, 0x11, 0x03,
      0x00, 0x41, 0x08, 0x0b, 0x02, 0x61, 0x62,       // active at 8: "ab"
      0x01, 0x01, 0x63,                               // passive "c"
      0x02, 0x00, 0x41, 0x00, 0x0b, 0x00,             // active memory 0, empty
    ]);
    expect(m.dataCount).toBe(3);
    expect(m.datas.length).toBe(3);
    expect(m.datas[0].end - m.datas[0].start).toBe(2);
    expect(m.bytes[m.datas[0].start]).toBe(<u8>0x61);
    expect(m.datas[0].offset.bits).toBe(8);
    expect(m.datas[1].mode).toBe(SegMode.PASSIVE);
    expect(m.datas[2].end).toBe(m.datas[2].start);
  });

  it("accepts custom sections anywhere", () => {
    const m = decodeOk((<u8[]>[0x00, 0x02, 0x01, 0x61]).concat(TYPE_0).concat([0x00, 0x03, 0x01, 0x62, 0xff]));
    expect(m.types.length).toBe(1);
  });

  it("reads module and function names from the name section", () => {
    const m = decodeOk(TYPE_0.concat(FUNC_1).concat(CODE_EMPTY).concat([
      0x00, 0x11, 0x04, 0x6e, 0x61, 0x6d, 0x65,       // custom "name"
      0x00, 0x03, 0x02, 0x6d, 0x6f,                   // module name "mo"
      0x01, 0x05, 0x01, 0x00, 0x02, 0x66, 0x30,       // func 0 = "f0"
    ]));
    expect(m.moduleName).toBe("mo");
    expect(m.funcNames.has(0)).toBe(true);
    expect(m.funcNames.get(0)).toBe("f0");
  });

  it("ignores a malformed name section", () => {
    const m = decodeOk(TYPE_0.concat(FUNC_1).concat(CODE_EMPTY).concat([
      0x00, 0x0c, 0x04, 0x6e, 0x61, 0x6d, 0x65,
      0x01, 0x09, 0x01, 0x00, 0x02, 0x66, 0x30,       // subsection size runs past the section
    ]));
    expect(m.funcNames.size).toBe(0);
    expect(m.moduleName).toBe("");
  });
});

describe("decoder: malformed modules", () => {
  it("checks the header", () => {
    expectMalformed(raw([]), "unexpected end of section or function");
    expectMalformed(raw([0x00, 0x61, 0x73]), "unexpected end of section or function");
    expectMalformed(raw([0x61, 0x73, 0x6d, 0x00, 0x01, 0x00, 0x00, 0x00]), "magic header not detected");
    expectMalformed(raw([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x00, 0x00]), "unknown binary version");
  });

  it("checks section ids, order and sizes", () => {
    expectMalformed(wasm([0x0e, 0x01, 0x00]), "malformed section id");
    expectMalformed(wasm([0x01, 0x01, 0x00, 0x01, 0x01, 0x00]), "unexpected content after last section");
    expectMalformed(wasm([0x0a, 0x01, 0x00, 0x0c, 0x01, 0x01]), "unexpected content after last section");
    expectMalformed(wasm([0x01, 0x07, 0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00]), "section size mismatch");
    expectMalformed(wasm([0x01, 0x07, 0x02, 0x60, 0x00, 0x00]), "length out of bounds");
    expectMalformed(wasm([0x05, 0x01, 0x01]), "unexpected end of section or function");
  });

  it("checks LEB128 encodings", () => {
    expectMalformed(wasm([0x05, 0x08, 0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00]), "integer representation too long");
    expectMalformed(wasm([0x05, 0x07, 0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x70]), "integer too large");
    expectMalformed(wasm([0x05, 0x02, 0x01, 0x02]), "integer too large");           // limits flag
    expectMalformed(wasm([0x05, 0x05, 0x01, 0x81, 0x00, 0x00, 0x00]), "integer representation too long");
    // i32.const with unused bits that do not match the sign
    expectMalformed(wasm([0x06, 0x0a, 0x01, 0x7f, 0x00, 0x41, 0xff, 0xff, 0xff, 0xff, 0x4f, 0x0b]), "integer too large");
    // i64.const -1 in 11 bytes
    expectMalformed(wasm([0x06, 0x10, 0x01, 0x7e, 0x00, 0x42, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x0b]),
      "integer representation too long");
  });

  it("checks locals", () => {
    expectMalformed(wasm(TYPE_0.concat(FUNC_1).concat([0x0a, 0x0c, 0x01, 0x0a, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x02, 0x7e, 0x0b])),
      "too many locals");
  });

  it("refuses more locals than Ferry supports as an internal limit", () => {
    clearError();
    // 0x100000 (1Mi) i32 locals: well-formed, beyond MAX_LOCALS
    const m = decodeModule(wasm(TYPE_0.concat(FUNC_1).concat([0x0a, 0x08, 0x01, 0x06, 0x01, 0x80, 0x80, 0x40, 0x7f, 0x0b])));
    expect(m).toBeNull();
    expect(errorKind()).toBe(ErrorKind.INTERNAL);
  });

  it("checks cross-section counts", () => {
    expectMalformed(wasm(TYPE_0.concat([0x03, 0x03, 0x02, 0x00, 0x00])), "function and code section have inconsistent lengths");
    expectMalformed(wasm([0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b]), "function and code section have inconsistent lengths");
    expectMalformed(wasm([0x0c, 0x01, 0x01]), "data count and data section have inconsistent lengths");
  });

  it("checks kinds and type bytes", () => {
    expectMalformed(wasm([0x02, 0x04, 0x01, 0x00, 0x00, 0x04]), "malformed import kind");
    expectMalformed(wasm([0x06, 0x06, 0x01, 0x7f, 0x02, 0x41, 0x00, 0x0b]), "malformed mutability");
    expectMalformed(wasm([0x09, 0x07, 0x01, 0x05, 0x7f, 0x01, 0xd2, 0x00, 0x0b]), "malformed reference type");
    expectMalformed(wasm([0x09, 0x03, 0x01, 0x08, 0x00]), "malformed elements segment kind");
    expectMalformed(wasm([0x09, 0x04, 0x01, 0x01, 0x01, 0x00]), "malformed element kind");
    expectMalformed(wasm([0x0b, 0x03, 0x01, 0x03, 0x00]), "malformed data segment kind");
    expectMalformed(wasm([0x07, 0x04, 0x01, 0x00, 0x04, 0x00]), "malformed export kind");
    expectMalformed(wasm([0x01, 0x05, 0x01, 0x60, 0x01, 0x7a, 0x00]), "malformed value type");
    expectMalformed(wasm([0x01, 0x05, 0x01, 0xe0, 0x7f, 0x00, 0x00]), "integer representation too long");
  });

  it("checks names are UTF-8", () => {
    // overlong "/" (c0 af), a surrogate (ed a0 80), beyond U+10FFFF (f4 90 80 80), truncated (e2 82)
    expectMalformed(wasm([0x00, 0x03, 0x02, 0xc0, 0xaf]), "malformed UTF-8 encoding");
    expectMalformed(wasm([0x00, 0x04, 0x03, 0xed, 0xa0, 0x80]), "malformed UTF-8 encoding");
    expectMalformed(wasm([0x00, 0x05, 0x04, 0xf4, 0x90, 0x80, 0x80]), "malformed UTF-8 encoding");
    expectMalformed(wasm([0x00, 0x03, 0x02, 0xe2, 0x82]), "malformed UTF-8 encoding");
    // a memory imported from module "\u{1F600}" (4 bytes in UTF-8, a surrogate pair in the string)
    const m = decodeOk([0x02, 0x0a, 0x01, 0x04, 0xf0, 0x9f, 0x98, 0x80, 0x00, 0x02, 0x00, 0x00]);
    expect(m.imports[0].module).toBe("\u{1F600}");
    expect(m.imports[0].module.length).toBe(2);
  });

  it("checks constant expressions", () => {
    expectMalformed(wasm([0x06, 0x05, 0x01, 0x7f, 0x00, 0x41, 0x00]), "unexpected end of section or function");
    expectMalformed(wasm([0x06, 0x05, 0x01, 0x7f, 0x00, 0x06, 0x0b]), "illegal opcode 06");
    expectMalformed(wasm([0x06, 0x05, 0x01, 0x7f, 0x00, 0x05, 0x0b]), "END opcode expected");
    expectMalformed(wasm([0x06, 0x06, 0x01, 0x7f, 0x00, 0x3f, 0x01, 0x0b]), "zero byte expected");
  });

  it("leaves non-constant instructions to the validator", () => {
    // global i32 = (i32.const 1) (i32.const 2) (i32.add): well-formed, not constant
    const m = decodeOk([0x06, 0x09, 0x01, 0x7f, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b]);
    expect(m.globals[0].init.op).toBe(<u8>0);
    expect(m.globals[0].init.end - m.globals[0].init.start).toBe(6);
  });

  it("reports a malformed body before a later malformed section, as the spec decoder does", () => {
    // body 0: illegal opcode 0x06; then a section with id 0x0e
    expectMalformed(wasm(TYPE_0.concat(FUNC_1).concat([0x0a, 0x05, 0x01, 0x03, 0x00, 0x06, 0x0b, 0x0e, 0x01, 0x00])),
      "illegal opcode 06");
  });

  it("refuses SIMD types as unsupported, not malformed", () => {
    clearError();
    expect(decodeModule(wasm([0x01, 0x05, 0x01, 0x60, 0x01, 0x7b, 0x00]))).toBeNull();
    expect(errorKind()).toBe(ErrorKind.INTERNAL);
  });
});

describe("decoder: body scan (for the compiler)", () => {
  it("words a missing final end like the spec decoder", () => {
    // two bodies, the first without its end: the second's size byte follows
    const m = decodeOk([0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x00,
      0x0a, 0x0c, 0x02, 0x04, 0x00, 0x41, 0x01, 0x1a, 0x05, 0x00, 0x41, 0x01, 0x1a, 0x0b]);
    expect(missingEndMessage(m.bytes, m.bodies[0].codeEnd)).toBe("END opcode expected");
    clearError();
    expect(scanBodies(m, 2)).toBe(false);
    expect(errorMessage()).toBe("END opcode expected");
    // at the end of the module
    const m2 = decodeOk(TYPE_0.concat(FUNC_1).concat([0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x01, 0x1a]));
    expect(missingEndMessage(m2.bytes, m2.bodies[0].codeEnd)).toBe("unexpected end of section or function");
    clearError();
    expect(scanBodies(m2, 1)).toBe(false);
    expect(errorMessage()).toBe("unexpected end of section or function");
  });

  it("finds malformed immediates and accepts nested blocks", () => {
    // memory.size with a non-zero reserved byte
    const m = decodeOk(TYPE_0.concat(FUNC_1).concat([0x0a, 0x07, 0x01, 0x05, 0x00, 0x3f, 0x01, 0x1a, 0x0b]));
    clearError();
    expect(scanBodies(m, 1)).toBe(false);
    expect(errorMessage()).toBe("zero byte expected");
    // block (if (else) end) end: well-formed
    const ok = decodeOk(TYPE_0.concat(FUNC_1).concat([0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x02, 0x40, 0x41, 0x00, 0x04, 0x40, 0x05, 0x0b, 0x0b, 0x0b]));
    clearError();
    expect(scanBodies(ok, 1)).toBe(true);
  });
});
