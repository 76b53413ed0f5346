// The validator + translator (assembly/compile/): the internal code emitted
// for small functions, word by word, with their fuel costs and pc maps, and
// the spec's error for a sample of invalid and malformed modules. Modules are
// written as bytes and decoded with the real decoder.
import { decodeModule } from "../../assembly/binary/decode";
import { compileModule } from "../../assembly/compile/index";
import { CompiledFunc, CompiledModule } from "../../assembly/compiled";
import { clearError, errorKind, errorMessage, ErrorKind } from "../../assembly/errors";
import { IOp, Reloc } from "../../assembly/ops";
import { leb, sec } from "./module-bytes";

// ---- module builder -------------------------------------------------------------

const I32: u8 = 0x7f;
const I64: u8 = 0x7e;
const F32: u8 = 0x7d;
const F64: u8 = 0x7c;
const FUNCREF: u8 = 0x70;
const EXTERNREF: u8 = 0x6f;

/** A vector: count then the items' bytes. */
function vec(items: u8[][]): u8[] {
  let out = leb(items.length);
  for (let i = 0; i < items.length; i++) out = out.concat(items[i]);
  return out;
}

/** A function type. */
function ft(params: u8[], results: u8[]): u8[] {
  return [<u8>0x60].concat(leb(params.length)).concat(params).concat(leb(results.length)).concat(results);
}

/** A function body: one declared local per entry of `locals`, then the instructions (final `end` included). */
function fn(locals: u8[], code: u8[]): u8[] {
  let b = leb(locals.length);
  for (let i = 0; i < locals.length; i++) b = b.concat([1, locals[i]]);
  b = b.concat(code);
  return leb(b.length).concat(b);
}

/**
 * A module: types, the type index of each defined function, their bodies;
 * `imports` (the import section's contents, or []), `mid` (raw sections
 * 4..9 and 12, in order) and `data` (the data section's contents, or []).
 */
function mod(types: u8[][], funcs: u32[], bodies: u8[][], imports: u8[] = [], mid: u8[] = [], data: u8[] = []): Uint8Array {
  let b: u8[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  b = b.concat(sec(1, vec(types)));
  if (imports.length > 0) b = b.concat(sec(2, imports));
  const fidx: u8[][] = [];
  for (let i = 0; i < funcs.length; i++) fidx.push(leb(funcs[i]));
  b = b.concat(sec(3, vec(fidx)));
  b = b.concat(mid);
  b = b.concat(sec(10, vec(bodies)));
  if (data.length > 0) b = b.concat(sec(11, data));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b[i];
  return out;
}

/** A module with one function of type params -> results. */
function mod1(params: u8[], results: u8[], locals: u8[], code: u8[], mid: u8[] = []): Uint8Array {
  return mod([ft(params, results)], [0], [fn(locals, code)], [], mid);
}

/**
 * Decodes and compiles; null on failure (error in errors.ts). Without
 * operand folding unless `fold`: one internal instruction per Wasm
 * instruction, the shape most tests below spell out.
 */
function compile(bytes: Uint8Array, fold: bool = false): CompiledModule | null {
  clearError();
  const m = decodeModule(bytes);
  expect(m).not.toBeNull();
  return compileModule(m!, fold);
}

/** Compiles a module that must be valid and returns its function `i`. */
function compileOk(bytes: Uint8Array, i: i32 = 0, fold: bool = false): CompiledFunc {
  const cm = compile(bytes, fold);
  expect(errorMessage()).toBe("");
  expect(cm).not.toBeNull();
  return cm!.funcs[i];
}

function expectInvalid(bytes: Uint8Array, msg: string): void {
  expect(compile(bytes)).toBeNull();
  expect(errorKind()).toBe(ErrorKind.INVALID);
  expect(errorMessage()).toBe(msg);
}

function expectMalformed(bytes: Uint8Array, msg: string): void {
  expect(compile(bytes)).toBeNull();
  expect(errorKind()).toBe(ErrorKind.MALFORMED);
  expect(errorMessage()).toBe(msg);
}

/** Checks the code words; relative targets and immediates are written as i32. */
function expectCode(f: CompiledFunc, words: i32[]): void {
  expect(f.code.length).toBe(words.length);
  for (let i = 0; i < words.length; i++) {
    if (f.code[i] != <u32>words[i]) {
      expect(`word ${i}: ${f.code[i]}`).toBe(`word ${i}: ${<u32>words[i]}`);
    }
  }
}

/** Checks the pc map's word column (one entry per original instruction). */
function expectPcWords(f: CompiledFunc, words: u32[]): void {
  expect(f.pcmap.length).toBe(words.length * 2);
  for (let i = 0; i < words.length; i++) expect(f.pcmap[2 * i + 1]).toBe(words[i]);
}

// The internal opcode words, for readable expectations.
const FUEL = <i32>IOp.FUEL;
const COPY = <i32>IOp.COPY;
const CONST32 = <i32>IOp.CONST32;
const RETURN = <i32>IOp.RETURN;
const BR = <i32>IOp.BR;
const BR_IF = <i32>IOp.BR_IF;
const BR_IF_NOT = <i32>IOp.BR_IF_NOT;

// ---- tests -------------------------------------------------------------------------

describe("compile: internal opcode numbering", () => {
  it("keeps the Wasm order in each numeric range", () => {
    expect(<i32>IOp.F64_COPYSIGN - <i32>IOp.I32_EQZ).toBe(0xa6 - 0x45);
    expect(<i32>IOp.I32_ADD - <i32>IOp.I32_EQZ).toBe(0x6a - 0x45);
    expect(<i32>IOp.F32_ABS - <i32>IOp.I32_EQZ).toBe(0x8b - 0x45);
    expect(<i32>IOp.F64_PROMOTE_F32 - <i32>IOp.I32_WRAP_I64).toBe(0xbb - 0xa7);
    expect(<i32>IOp.I64_EXTEND32_S - <i32>IOp.I32_EXTEND8_S).toBe(0xc4 - 0xc0);
    expect(<i32>IOp.I64_TRUNC_SAT_F64_U - <i32>IOp.I32_TRUNC_SAT_F32_S).toBe(7);
  });
});

describe("compile: translation", () => {
  it("translates (i32.add (local.get 0) (local.get 1))", () => {
    // Two params: operand stack position h is slot 2 + h, at byte 16 + 8h.
    const f = compileOk(mod1([I32, I32], [I32], [], [0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b]));
    expectCode(f, [
      FUEL, 4,
      COPY, 16, 0,
      COPY, 24, 8,
      <i32>IOp.I32_ADD, 16, 16, 24,
      RETURN, 16, 1,
    ]);
    expectPcWords(f, [0, 5, 8, 12]);
    expect(f.numParams).toBe(2);
    expect(f.numResults).toBe(1);
    expect(f.numLocals).toBe(0);
    expect(f.maxHeight).toBe(2);
    expect(f.relocs.length).toBe(0);
    expect(f.localTypes.length).toBe(2);
  });

  it("maps original byte offsets in the pc map", () => {
    const bytes = mod1([], [], [], [0x01, 0x01, 0x0b]); // nop nop end
    const f = compileOk(bytes);
    // The body is the last 5 bytes: size, local count, nop, nop, end.
    const start = <u32>bytes.length - 3;
    expect(f.pcmap[0]).toBe(start);
    expect(f.pcmap[2]).toBe(start + 1);
    expect(f.pcmap[4]).toBe(start + 2);
    expectCode(f, [FUEL, 3, RETURN, 0, 0]);
    expectPcWords(f, [0, 2, 2]);
  });

  it("places declared locals after the params and zero-counts them in numLocals", () => {
    // (param i64) (local f32 f64): local.get 2 -> stack slot 3.
    const f = compileOk(mod1([I64], [F64], [F32, F64], [0x20, 0x02, 0x0b]));
    expectCode(f, [FUEL, 2, COPY, 24, 16, RETURN, 24, 1]);
    expect(f.numLocals).toBe(2);
    expect(f.localTypes[0]).toBe(I64);
    expect(f.localTypes[2]).toBe(F64);
  });

  it("translates a counting loop with br_if", () => {
    // (loop (local.get 0) (i32.const 1) (i32.sub) (local.tee 0) (br_if 0)) (local.get 0)
    const f = compileOk(mod1([I32], [I32], [], [
      0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20, 0x00, 0x0b,
    ]));
    expectCode(f, [
      FUEL, 1,                          // loop
      FUEL, 5,                          // header: local.get, i32.const, i32.sub, local.tee, br_if
      COPY, 8, 0,
      CONST32, 16, 1,
      <i32>IOp.I32_SUB, 8, 8, 16,
      COPY, 0, 8,
      BR_IF, 8, (2 - 17) * 4,           // back to the header's FUEL
      FUEL, 3,                          // end, local.get, end
      COPY, 8, 0,
      RETURN, 8, 1,
    ]);
    // An instruction that opens a segment maps to its FUEL, so the last
    // instruction mapped to a FUEL word is the first one of that segment.
    expectPcWords(f, [0, 2, 7, 10, 14, 17, 20, 22, 25]);
  });

  it("translates if/else with a branch over the else arm", () => {
    // (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2)))
    const f = compileOk(mod1([I32], [I32], [], [
      0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b,
    ]));
    expectCode(f, [
      FUEL, 2,                    // local.get, if
      COPY, 8, 0,
      BR_IF_NOT, 8, (15 - 5) * 4, // to the else arm
      FUEL, 2,                    // i32.const 1, else
      CONST32, 8, 1,
      BR, (20 - 13) * 4,          // over the else arm
      FUEL, 2,                    // i32.const 2, end
      CONST32, 8, 2,
      FUEL, 1,                    // the function's end
      RETURN, 8, 1,
    ]);
    expectPcWords(f, [0, 5, 8, 13, 15, 20, 20]);
  });

  it("lets an if without else skip to after its end", () => {
    // (local.get 0) (if (then nop)) ; the BR_IF_NOT skips the then arm's `end`
    const f = compileOk(mod1([I32], [], [], [0x20, 0x00, 0x04, 0x40, 0x01, 0x0b, 0x0b]));
    expectCode(f, [
      FUEL, 2,
      COPY, 8, 0,
      BR_IF_NOT, 8, (10 - 5) * 4,
      FUEL, 2,                    // nop, end
      FUEL, 1,                    // the function's end
      RETURN, 8, 0,
    ]);
  });

  it("moves branch values down to the label's base", () => {
    // (block (result i32) (i32.const 7) (i32.const 8) (br 0))
    const f = compileOk(mod1([], [I32], [], [0x02, 0x7f, 0x41, 0x07, 0x41, 0x08, 0x0c, 0x00, 0x0b, 0x0b]));
    expectCode(f, [
      FUEL, 4,                    // block, i32.const, i32.const, br
      CONST32, 0, 7,
      CONST32, 8, 8,
      COPY, 0, 8,
      BR, (13 - 11) * 4,
      FUEL, 1,                    // the function's end (the block's end is skipped by br)
      RETURN, 0, 1,
    ]);
    expect(f.maxHeight).toBe(2);
  });

  it("guards the moves of a br_if with BR_IF_NOT", () => {
    // (block (result i32) (i32.const 7) (i32.const 8) (local.get 0) (br_if 0) (drop)) 
    const f = compileOk(mod1([I32], [I32], [], [
      0x02, 0x7f, 0x41, 0x07, 0x41, 0x08, 0x20, 0x00, 0x0d, 0x00, 0x1a, 0x0b, 0x0b,
    ]));
    // stack(h) is slot 1 + h: byte 8 + 8h.
    expectCode(f, [
      FUEL, 5,                      // block, const, const, local.get, br_if
      CONST32, 8, 7,
      CONST32, 16, 8,
      COPY, 24, 0,
      BR_IF_NOT, 24, (19 - 11) * 4, // not taken: continue after the transfer
      COPY, 8, 16,
      BR, (21 - 17) * 4,
      FUEL, 2,                      // drop, end
      FUEL, 1,                      // the function's end
      RETURN, 8, 1,
    ]);
  });

  it("translates br_table with stubs for targets that need moves", () => {
    // (block (result i32) (i32.const 4)
    //   (block (result i32) (i32.const 5) (local.get 0) (br_table 0 1 1))
    //   (i32.add))
    const f = compileOk(mod1([I32], [I32], [], [
      0x02, 0x7f, 0x41, 0x04,
      0x02, 0x7f, 0x41, 0x05, 0x20, 0x00, 0x0e, 0x02, 0x00, 0x01, 0x01, 0x0b,
      0x6a, 0x0b,
      0x0b,
    ]));
    expectCode(f, [
      FUEL, 6,                        // block, i32.const, block, i32.const, local.get, br_table
      CONST32, 8, 4,
      CONST32, 16, 5,
      COPY, 24, 0,
      // inner block: value already at its base; outer block (and default): a shared stub
      <i32>IOp.BR_TABLE, 24, 2, (22 - 11) * 4, (17 - 11) * 4, (17 - 11) * 4,
      COPY, 8, 16,
      BR, (28 - 20) * 4,
      FUEL, 2,                        // i32.add, end (the inner end is skipped by the branch)
      <i32>IOp.I32_ADD, 8, 8, 16,
      FUEL, 1,                        // the function's end
      RETURN, 8, 1,
    ]);
  });

  it("translates calls with relocations and the callee's frame base", () => {
    // f0: (i32) -> i32 ; f1: () -> i32 = (call 0 (i32.const 3))
    const bytes = mod([ft([I32], [I32]), ft([], [I32])], [0, 1], [
      fn([], [0x20, 0x00, 0x0b]),
      fn([I64], [0x41, 0x03, 0x10, 0x00, 0x0b]),
    ]);
    const f = compileOk(bytes, 1);
    expect(f.funcIndex).toBe(1);
    // one declared local: stack(0) is slot 1 (byte 8)
    expectCode(f, [
      FUEL, 2,
      CONST32, 8, 3,
      <i32>IOp.CALL, 0, 8,
      FUEL, 1,
      RETURN, 8, 1,
    ]);
    expect(f.relocs.length).toBe(2);
    expect(f.relocs[0]).toBe(6);
    expect(f.relocs[1]).toBe(<u32>Reloc.FUNC);
  });

  it("counts call results beyond the arguments in maxHeight", () => {
    // f0: () -> (i32 i32 i32); f1 calls it and drops all
    const bytes = mod([ft([], [I32, I32, I32]), ft([], [])], [0, 1], [
      fn([], [0x41, 0x01, 0x41, 0x02, 0x41, 0x03, 0x0b]),
      fn([], [0x10, 0x00, 0x1a, 0x1a, 0x1a, 0x0b]),
    ]);
    expect(compileOk(bytes, 1).maxHeight).toBe(3);
  });

  it("translates globals, memory accesses and select", () => {
    // (memory 1) (global (mut i32) (i32.const 0))
    const mid = sec(5, [1, 0, 1]).concat(sec(6, [1, I32, 1, 0x41, 0x00, 0x0b]));
    // (global.set 0 (select (i32.load offset=4 (local.get 0)) (global.get 0) (local.get 0)))
    // then (f32.store (local.get 0) (f32.const 0))
    const f = compileOk(mod1([I32], [], [], [
      0x20, 0x00, 0x28, 0x02, 0x04, 0x23, 0x00, 0x20, 0x00, 0x1b, 0x24, 0x00,
      0x20, 0x00, 0x43, 0x00, 0x00, 0x00, 0x00, 0x38, 0x02, 0x00,
      0x0b,
    ], mid));
    expectCode(f, [
      FUEL, 10,
      COPY, 8, 0,
      <i32>IOp.I32_LOAD, 8, 8, 4,
      <i32>IOp.GLOBAL_GET, 16, 0,
      COPY, 24, 0,
      <i32>IOp.SELECT, 8, 8, 16, 24,
      <i32>IOp.GLOBAL_SET, 0, 8,
      COPY, 8, 0,
      CONST32, 16, 0,
      <i32>IOp.STORE32, 8, 16, 0,
      RETURN, 8, 0,
    ]);
    expect(f.relocs.length).toBe(4);
    expect(f.relocs[0]).toBe(11);
    expect(f.relocs[1]).toBe(<u32>Reloc.GLOBAL);
    expect(f.relocs[2]).toBe(21);
    expect(f.relocs[3]).toBe(<u32>Reloc.GLOBAL);
  });

  it("turns a br_if to the function's label into a guarded RETURN", () => {
    const f = compileOk(mod1([I32], [], [], [0x20, 0x00, 0x0d, 0x00, 0x0b]));
    expectCode(f, [
      FUEL, 2,
      COPY, 8, 0,
      BR_IF_NOT, 8, (11 - 5) * 4,
      RETURN, 8, 0,
      FUEL, 1,
      RETURN, 8, 0,
    ]);
  });

  it("keeps block params in place (multi-value block type by index)", () => {
    // (i32.const 1) (i32.const 2) (block (type 1) (i32.add)) with type 1 = [i32 i32] -> [i32]
    const bytes = mod([ft([], [I32]), ft([I32, I32], [I32])], [0], [
      fn([], [0x41, 0x01, 0x41, 0x02, 0x02, 0x01, 0x6a, 0x0b, 0x0b]),
    ]);
    expectCode(compileOk(bytes), [
      FUEL, 6,
      CONST32, 0, 1,
      CONST32, 8, 2,
      <i32>IOp.I32_ADD, 0, 0, 8,
      RETURN, 0, 1,
    ]);
  });

  it("starts the else arm's segment even when the then arm cannot fall through", () => {
    // (local.get 0) (if (then (unreachable)) (else (nop)))
    const f = compileOk(mod1([I32], [], [], [0x20, 0x00, 0x04, 0x40, 0x00, 0x05, 0x01, 0x0b, 0x0b]));
    expectCode(f, [
      FUEL, 2,
      COPY, 8, 0,
      BR_IF_NOT, 8, (11 - 5) * 4,
      FUEL, 1,
      <i32>IOp.UNREACHABLE,
      FUEL, 3,                    // nop, end, end: the if's end is not a branch target
      RETURN, 8, 0,
    ]);
  });

  it("relocates table indices", () => {
    // (table 1 funcref) (drop (table.get 0 (i32.const 0)))
    const f = compileOk(mod1([], [], [], [0x41, 0x00, 0x25, 0x00, 0x1a, 0x0b], sec(4, [1, FUNCREF, 0, 1])));
    expectCode(f, [FUEL, 4, CONST32, 0, 0, <i32>IOp.TABLE_GET, 0, 0, 0, RETURN, 0, 0]);
    expect(f.relocs.length).toBe(2);
    expect(f.relocs[0]).toBe(7);
    expect(f.relocs[1]).toBe(<u32>Reloc.TABLE);
  });

  it("emits nothing for unreachable code", () => {
    // (return) (i32.const 1) (drop) (block (nop))
    const f = compileOk(mod1([], [], [], [0x0f, 0x41, 0x01, 0x1a, 0x02, 0x40, 0x01, 0x0b, 0x0b]));
    expectCode(f, [FUEL, 1, RETURN, 0, 0]);
    expectPcWords(f, [0, 5, 5, 5, 5, 5, 5]);
  });

  it("fills the evaluated form of constant expressions", () => {
    // (global i64 (i64.const -2)) (global f32 (f32.const 1.0))
    const mid = sec(6, [2,
      I64, 0, 0x42, 0x7e, 0x0b,
      F32, 0, 0x43, 0x00, 0x00, 0x80, 0x3f, 0x0b,
    ]);
    const cm = compile(mod1([], [], [], [0x0b], mid));
    expect(cm).not.toBeNull();
    const g = cm!.module.globals;
    expect(g[0].init.op).toBe(<u8>0x42);
    expect(g[0].init.bits).toBe(<u64>-2);
    expect(g[1].init.op).toBe(<u8>0x43);
    expect(g[1].init.bits).toBe(<u64>0x3f800000);
  });
});

describe("compile: operand folding (fold = true)", () => {
  it("reads locals in place: (i32.add (local.get 0) (local.get 1)) is one instruction", () => {
    const f = compileOk(mod1([I32, I32], [I32], [], [0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b]), 0, true);
    expectCode(f, [
      FUEL, 4,
      <i32>IOp.I32_ADD, 0, 0, 8,      // the result straight into slot 0 (compile/calls.ts)
      RETURN, 0, 1,
    ]);
    // local.get emits nothing: the first opens the segment (its FUEL), the second maps to the add.
    expectPcWords(f, [0, 2, 2, 6]);
  });

  it("writes a local.tee'd result straight into the local and branches on it", () => {
    // (loop (local.get 0) (i32.const 1) (i32.sub) (local.tee 0) (br_if 0)) (local.get 0)
    const f = compileOk(mod1([I32], [I32], [], [
      0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20, 0x00, 0x0b,
    ]), 0, true);
    expectCode(f, [
      FUEL, 1,                          // loop
      FUEL, 5,                          // header
      // local 0 = local 0 + (-1) (a subtracted constant is added), then on local 0 back to the header
      <i32>IOp.ADDK_BR_NZ, 0, 0, -1, 0, (2 - 4) * 4,
      FUEL, 3,                          // end, local.get 0, end
      COPY, 8, 0,                       // the result to its canonical slot
      RETURN, 8, 1,
    ]);
    // The add, the tee and the br_if share the fused instruction's word.
    expectPcWords(f, [0, 2, 4, 4, 4, 4, 10, 12, 12]);
  });

  it("fuses a compare with a constant and br_if into one instruction", () => {
    // (block (loop (br_if 1 (i32.ge_s (local.get 0) (i32.const 10)))
    //   (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br 0))) (local.get 0)
    const f = compileOk(mod1([I32], [I32], [], [
      0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x41, 0x0a, 0x4e, 0x0d, 0x01,
      0x20, 0x00, 0x41, 0x01, 0x6a, 0x21, 0x00, 0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x00, 0x0b,
    ]), 0, true);
    expectCode(f, [
      FUEL, 2,                                 // block, loop
      FUEL, 4,                                 // header
      <i32>IOp.BR_I32_GE_S_K, 0, 10, (16 - 4) * 4,
      FUEL, 5,
      <i32>IOp.I32_ADD_K, 0, 0, 1,
      BR, (2 - 14) * 4,
      FUEL, 2,                                 // after the block (a branch target): local.get 0, end
      COPY, 8, 0,
      RETURN, 8, 1,
    ]);
  });

  it("materialises values still on the stack before a local.set overwrites their local", () => {
    // (local.get 0) (i32.const 5) (local.set 0) (local.get 0) (i32.sub): old local 0 minus new
    const f = compileOk(mod1([I32], [I32], [], [
      0x20, 0x00, 0x41, 0x05, 0x21, 0x00, 0x20, 0x00, 0x6b, 0x0b,
    ]), 0, true);
    expectCode(f, [
      FUEL, 6,
      COPY, 8, 0,                // the old value, before it is overwritten
      CONST32, 0, 5,
      <i32>IOp.I32_SUB, 0, 8, 0,     // the result straight into slot 0
      RETURN, 0, 1,
    ]);
  });

  it("puts every stack value in its canonical slot before a call", () => {
    // (local.get 0) (i32.const 7) (call 0) (i32.add) with func 0: (i32) -> (i32)
    const f = compileOk(mod1([I32], [I32], [], [
      0x20, 0x00, 0x41, 0x07, 0x10, 0x00, 0x6a, 0x0b,
    ]), 0, true);
    expectCode(f, [
      FUEL, 3,
      COPY, 8, 0,
      CONST32, 16, 7,
      <i32>IOp.CALL, 0, 16,
      FUEL, 2,
      <i32>IOp.I32_ADD, 0, 8, 16,    // the result straight into slot 0
      RETURN, 0, 1,
    ]);
  });
});

describe("compile: validation errors", () => {
  it("reports operand type mismatches", () => {
    expectInvalid(mod1([], [I32], [], [0x42, 0x00, 0x0b]), "type mismatch");              // i64 for i32
    expectInvalid(mod1([], [], [], [0x6a, 0x0b]), "type mismatch");                       // i32.add on empty
    expectInvalid(mod1([], [], [], [0x41, 0x00, 0x0b]), "type mismatch");                 // value left over
    expectInvalid(mod1([], [I32], [], [0x02, 0x40, 0x41, 0x00, 0x0b, 0x0b]), "type mismatch");
  });

  it("types unreachable code with the polymorphic stack", () => {
    // unreachable; i32.add; drop is valid; but a concrete wrong type is not
    compileOk(mod1([], [], [], [0x00, 0x6a, 0x1a, 0x0b]));
    expectInvalid(mod1([], [], [], [0x00, 0x42, 0x00, 0x6a, 0x1a, 0x0b]), "type mismatch");
  });

  it("checks an if without else passes its params through", () => {
    // (if (result i32) (i32.const 1) (then (i32.const 2)))
    expectInvalid(mod1([], [I32], [], [0x41, 0x01, 0x04, 0x7f, 0x41, 0x02, 0x0b, 0x0b]), "type mismatch");
  });

  it("reports unknown indices with the index", () => {
    expectInvalid(mod1([], [], [], [0x20, 0x03, 0x1a, 0x0b]), "unknown local 3");
    expectInvalid(mod1([], [], [], [0x23, 0x00, 0x1a, 0x0b]), "unknown global 0");
    expectInvalid(mod1([], [], [], [0x10, 0x05, 0x0b]), "unknown function 5");
    expectInvalid(mod1([], [], [], [0x0c, 0x01, 0x0b]), "unknown label 1");
    expectInvalid(mod1([], [], [], [0x41, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b]), "unknown memory 0");
    expectInvalid(mod1([], [], [], [0x41, 0x00, 0x11, 0x00, 0x00, 0x0b]), "unknown table 0");
    expectInvalid(mod1([], [], [], [0x02, 0x07, 0x0b, 0x0b]), "unknown type 7");
    expectInvalid(mod1([], [], [], [0xfc, 0x0d, 0x02, 0x0b]), "unknown elem segment 2");
  });

  it("checks alignment, mutability and select operands", () => {
    const mem = sec(5, [1, 0, 1]);
    expectInvalid(mod1([], [], [], [0x41, 0x00, 0x28, 0x03, 0x00, 0x1a, 0x0b], mem),
      "alignment must not be larger than natural");
    const glob = sec(6, [1, I32, 0, 0x41, 0x00, 0x0b]);
    expectInvalid(mod1([], [], [], [0x41, 0x00, 0x24, 0x00, 0x0b], glob), "global is immutable");
    // untyped select of references
    expectInvalid(mod1([], [], [], [0xd0, 0x70, 0xd0, 0x70, 0x41, 0x01, 0x1b, 0x1a, 0x0b]), "type mismatch");
    // typed select with two types
    expectInvalid(mod1([], [], [], [0x41, 0x01, 0x41, 0x01, 0x41, 0x01, 0x1c, 0x02, I32, I32, 0x1a, 0x0b]),
      "invalid result arity");
  });

  it("accepts ref.func only for declared functions", () => {
    expectInvalid(mod1([], [], [], [0xd2, 0x00, 0x1a, 0x0b]), "undeclared function reference");
    // declared by an export
    const exp = sec(7, [1, 1, 0x66, 0x00, 0x00]);
    compileOk(mod1([], [], [], [0xd2, 0x00, 0x1a, 0x0b], exp));
  });

  it("checks module-level rules", () => {
    // memory min > max; too large; two memories
    expectInvalid(mod1([], [], [], [0x0b], sec(5, [1, 1, 2, 1])), "size minimum must not be greater than maximum");
    expectInvalid(mod1([], [], [], [0x0b], sec(5, [1, 0, 0x81, 0x80, 0x04])),
      "memory size must be at most 65536 pages (4GiB)");
    expectInvalid(mod1([], [], [], [0x0b], sec(5, [2, 0, 0, 0, 0])), "multiple memories");
    // duplicate export names
    expectInvalid(mod1([], [], [], [0x0b], sec(7, [2, 1, 0x66, 0, 0, 1, 0x66, 0, 0])), "duplicate export name");
    // start function with a param
    expectInvalid(mod1([I32], [], [], [0x0b], sec(8, [0])), "start function must not have parameters or results");
  });

  it("checks constant expressions", () => {
    expectInvalid(mod1([], [], [], [0x0b], sec(6, [1, I32, 0, 0x41, 0x00, 0x41, 0x00, 0x6a, 0x0b])),
      "constant expression required");
    expectInvalid(mod1([], [], [], [0x0b], sec(6, [1, I32, 0, 0x42, 0x00, 0x0b])), "type mismatch");
    expectInvalid(mod1([], [], [], [0x0b], sec(6, [1, I32, 0, 0x0b])), "type mismatch");
    // global.get of a defined global
    expectInvalid(mod1([], [], [], [0x0b], sec(6, [2, I32, 0, 0x41, 0x00, 0x0b, I32, 0, 0x23, 0x00, 0x0b])),
      "unknown global 0");
  });
});

describe("compile: error precedence", () => {
  it("reports a malformed body after an invalid one as malformed", () => {
    const bytes = mod([ft([], [])], [0, 0], [
      fn([], [0x41, 0x00, 0x0b]),   // invalid: a value left over
      fn([], [0x06, 0x0b]),         // malformed: 0x06 is no opcode
    ]);
    expectMalformed(bytes, "illegal opcode 06");
  });

  it("reports module-level validation errors unless a body is malformed", () => {
    const mems = sec(5, [2, 0, 0, 0, 0]);
    expectInvalid(mod1([], [], [], [0x0b], mems), "multiple memories");
    expectMalformed(mod1([], [], [], [0x3f, 0x01, 0x1a, 0x0b], mems), "zero byte expected");
  });

  it("reports malformed instruction bytes", () => {
    expectMalformed(mod1([], [], [], [0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x1a, 0x0b]), "integer too large");
    expectMalformed(mod1([], [], [], [0x05, 0x0b]), "END opcode expected");
    expectMalformed(mod1([], [], [], [0x0b, 0x0b]), "section size mismatch");
    // memory.init with a data section but no data count section
    const bytes = mod([ft([], [])], [0], [fn([], [0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x08, 0x00, 0x00, 0x0b])],
      [], sec(5, [1, 0, 1]), [1, 1, 0]);
    expectMalformed(bytes, "data count section required");
  });
});
