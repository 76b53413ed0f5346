// The translator's fused f64 chains (assembly/compile/fuse-float.ts): the
// code emitted for a*b+c, c+a*b, c+(a-b), (a+b)+K, c+K/a, c+K/((a+b)+K2),
// f64.convert_i32_s(i+K) and a branch on (a+b) cmp K, word by word with the
// pc map; and the shapes that must stay unfused (folding off, an
// intermediate teed to a local). Results are compared with the native
// engine in tests/host/superinstructions-float.test.ts.
import { decodeModule } from "../../assembly/binary/decode";
import { compileModule } from "../../assembly/compile/index";
import { CompiledFunc } from "../../assembly/compiled";
import { clearError, errorMessage } from "../../assembly/errors";
import { IOp } from "../../assembly/ops";
import { oneFunction } from "./module-bytes";

const I32: u8 = 0x7f;
const F64: u8 = 0x7c;

/** A module with one function (params) -> (results), declared `locals`, body `code` (final end included). */
function mod1(params: u8[], results: u8[], locals: u8[], code: u8[]): Uint8Array {
  return oneFunction(params, results, locals, code);
}

/** Decodes and compiles a valid module (bodies under 128 bytes) and returns its function. */
function compileOk(bytes: Uint8Array, fold: bool = true): CompiledFunc {
  clearError();
  const m = decodeModule(bytes);
  expect(m).not.toBeNull();
  const cm = compileModule(m!, fold);
  expect(errorMessage()).toBe("");
  return cm!.funcs[0];
}

/** Checks the code words; relative targets and immediates are written as i32. */
function expectCode(f: CompiledFunc, words: i32[]): void {
  let got = "";
  for (let i = 0; i < f.code.length; i++) got += (i > 0 ? ", " : "") + (<i32>f.code[i]).toString();
  let want = "";
  for (let i = 0; i < words.length; i++) want += (i > 0 ? ", " : "") + words[i].toString();
  expect(got).toBe(want);
}

/** Checks the pc map's word column (one entry per original instruction). */
function expectPcWords(f: CompiledFunc, words: i32[]): void {
  let got = "";
  for (let i = 1; i < f.pcmap.length; i += 2) got += (i > 1 ? ", " : "") + f.pcmap[i].toString();
  let want = "";
  for (let i = 0; i < words.length; i++) want += (i > 0 ? ", " : "") + words[i].toString();
  expect(got).toBe(want);
}

const FUEL = <i32>IOp.FUEL;
const RETURN = <i32>IOp.RETURN;
// f64.const 4 and 0.5: the high words of their bits (the low words are 0).
const HI4: i32 = 0x40100000;
const HI_HALF: i32 = 0x3fe00000;

describe("fuse-float: f64 chains become one instruction", () => {
  // Each chain is the function's result, so its instruction writes slot 0 and
  // RETURN copies nothing (performance.md log 8).
  it("a * b + c: F64_MUL_ADD, every instruction of the chain mapped to its word", () => {
    // (f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2))
    const f = compileOk(mod1([F64, F64, F64], [F64], [], [0x20, 0, 0x20, 1, 0xa2, 0x20, 2, 0xa0, 0x0b]));
    expectCode(f, [FUEL, 6, <i32>IOp.F64_MUL_ADD, 0, 0, 8, 16, RETURN, 0, 1]);
    expectPcWords(f, [0, 2, 2, 2, 2, 7]);
  });

  it("c - a * b and c + (a - b): the product or difference on the right", () => {
    // (f64.sub (local.get 2) (f64.mul (local.get 0) (local.get 1)))
    let f = compileOk(mod1([F64, F64, F64], [F64], [], [0x20, 2, 0x20, 0, 0x20, 1, 0xa2, 0xa1, 0x0b]));
    expectCode(f, [FUEL, 6, <i32>IOp.F64_SUB_MUL, 0, 16, 0, 8, RETURN, 0, 1]);
    // (f64.add (local.get 2) (f64.sub (local.get 0) (local.get 1))), teed to local 3
    f = compileOk(mod1([F64, F64, F64], [F64], [F64], [0x20, 2, 0x20, 0, 0x20, 1, 0xa1, 0xa0, 0x22, 3, 0x0b]));
    // the tee writes the fused result straight into local 3 (slot 24); the result is copied for the return
    expectCode(f, [FUEL, 7, <i32>IOp.F64_ADD_SUB, 24, 16, 0, 8, <i32>IOp.COPY, 32, 24, RETURN, 32, 1]);
  });

  it("(a + b) + K and c + K / a carry the constant as K64", () => {
    // (f64.add (f64.add (local.get 0) (local.get 1)) (f64.const 0.5))
    let f = compileOk(mod1([F64, F64], [F64], [], [0x20, 0, 0x20, 1, 0xa0, 0x44, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0xa0, 0x0b]));
    expectCode(f, [FUEL, 6, <i32>IOp.F64_ADD_ADD_K, 0, 0, 8, 0, HI_HALF, RETURN, 0, 1]);
    // (f64.add (local.get 1) (f64.div (f64.const 4) (local.get 0)))
    f = compileOk(mod1([F64, F64], [F64], [], [0x20, 1, 0x44, 0, 0, 0, 0, 0, 0, 0x10, 0x40, 0x20, 0, 0xa3, 0xa0, 0x0b]));
    expectCode(f, [FUEL, 6, <i32>IOp.F64_ADD_KDIV, 0, 8, 0, 0, HI4, RETURN, 0, 1]);
  });

  it("c + K / ((a + b) + K2): one instruction carrying both constants", () => {
    // (f64.add (local.get 2) (f64.div (f64.const 4) (f64.add (f64.add (local.get 0) (local.get 1)) (f64.const 0.5))))
    const f = compileOk(mod1([F64, F64, F64], [F64], [], [
      0x20, 2, 0x44, 0, 0, 0, 0, 0, 0, 0x10, 0x40, 0x20, 0, 0x20, 1, 0xa0, 0x44, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0xa0, 0xa3, 0xa0, 0x0b,
    ]));
    expectCode(f, [FUEL, 10, <i32>IOp.F64_ADD_KDIV_AAK, 0, 16, 0, 8, 0, HI4, 0, HI_HALF, RETURN, 0, 1]);
    expectPcWords(f, [0, 2, 2, 2, 2, 2, 2, 2, 2, 11]);
  });

  it("f64.convert_i32_s of i + K: one instruction", () => {
    // (f64.convert_i32_s (i32.add (local.get 0) (i32.const 1)))
    const f = compileOk(mod1([I32], [F64], [], [0x20, 0, 0x41, 1, 0x6a, 0xb7, 0x0b]));
    expectCode(f, [FUEL, 5, <i32>IOp.F64_CONVERT_I32_S_ADD_K, 0, 0, 1, RETURN, 0, 1]);
  });

  it("br_if on (a + b) <= K: BR_F64_ADD_LE_K; `if` uses the negated form", () => {
    // (block (br_if 0 (f64.le (f64.add (local.get 0) (local.get 1)) (f64.const 4))))
    const cond: u8[] = [0x20, 0, 0x20, 1, 0xa0, 0x44, 0, 0, 0, 0, 0, 0, 0x10, 0x40, 0x65];
    let f = compileOk(mod1([F64, F64], [], [], [<u8>0x02, 0x40].concat(cond).concat([0x0d, 0, 0x0b, 0x0b])));
    // the branch lands on the segment after the block's end (the block's `end` and the function's each open one)
    expectCode(f, [FUEL, 7, <i32>IOp.BR_F64_ADD_LE_K, 0, 8, 0, HI4, 8 * 4, FUEL, 1, FUEL, 1, RETURN, 16, 0]);
    expectPcWords(f, [0, 2, 2, 2, 2, 2, 2, 8, 10]);
    // (if (f64.le ...) (then nop))
    f = compileOk(mod1([F64, F64], [], [], cond.concat([0x04, 0x40, 0x01, 0x0b, 0x0b])));
    const w = f.code[2];
    expect(w).toBe(<u32>IOp.BR_F64_ADD_NLE_K);
  });
});

describe("fuse-float: what stays unfused", () => {
  it("with folding off (step and monitor copies): one instruction per Wasm instruction", () => {
    const f = compileOk(mod1([F64, F64, F64], [F64], [], [0x20, 0, 0x20, 1, 0xa2, 0x20, 2, 0xa0, 0x0b]), false);
    expect(f.code[2 + 3 + 3]).toBe(<u32>IOp.F64_MUL);
  });

  it("a product teed to a local keeps its own instruction", () => {
    // (f64.add (local.tee 3 (f64.mul (local.get 0) (local.get 1))) (local.get 2))
    const f = compileOk(mod1([F64, F64, F64], [F64], [F64], [0x20, 0, 0x20, 1, 0xa2, 0x22, 3, 0x20, 2, 0xa0, 0x0b]));
    expectCode(f, [FUEL, 7, <i32>IOp.F64_MUL, 24, 0, 8, <i32>IOp.F64_ADD, 0, 24, 16, RETURN, 0, 1]);
  });
});
