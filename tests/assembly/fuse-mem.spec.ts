// The memfuse peepholes of the translator (assembly/compile/fuse-mem.ts): which
// internal instructions small folded functions compile to (walked with
// monitor/lengths.ts, so the lengths of the new opcodes are checked too), the
// operands of F64_MUL_LL and its pc map (one word per merged load, so a trap
// in the second load reports that load). tests/host/superinstructions-mem.test.ts
// checks what the fused code computes against the native engine.
import { decodeModule } from "../../assembly/binary/decode";
import { compileModule } from "../../assembly/compile/index";
import { CompiledFunc } from "../../assembly/compiled";
import { clearError, errorMessage } from "../../assembly/errors";
import { instrWords } from "../../assembly/monitor/lengths";
import { IOp } from "../../assembly/ops";
import { oneFunction } from "./module-bytes";

const I32: u8 = 0x7f;
const F64: u8 = 0x7c;

/** A module with one memory (1 page) and one function params -> results with declared locals and code (final `end` included). */
function module1(params: u8[], results: u8[], locals: u8[], code: u8[]): Uint8Array {
  return oneFunction(params, results, locals, code, true);
}

/** Function 0 of the module, translated with operand folding. */
function folded(bytes: Uint8Array): CompiledFunc {
  clearError();
  const m = decodeModule(bytes);
  expect(m).not.toBeNull();
  const cm = compileModule(m!, true);
  expect(errorMessage()).toBe("");
  expect(cm).not.toBeNull();
  return cm!.funcs[0];
}

/** The opcodes of f's code in order, walking it instruction by instruction. */
function opcodes(f: CompiledFunc): u32[] {
  const out: u32[] = [];
  const base = f.code.dataStart;
  let i = 0;
  while (i < f.code.length) {
    out.push(f.code[i]);
    const n = <i32>instrWords(base + (<usize>i << 2));
    expect(n).toBeGreaterThan(0);
    i += n;
  }
  expect(i).toBe(f.code.length);
  return out;
}

function expectOps(f: CompiledFunc, ops: i32[]): void {
  const want: u32[] = [];
  for (let i = 0; i < ops.length; i++) want.push(<u32>ops[i]);
  expect(opcodes(f).join(" ")).toBe(want.join(" "));
}

const FUEL = <i32>IOp.FUEL;
const RETURN = <i32>IOp.RETURN;
// Wasm opcodes used below.
const GET: u8 = 0x20, TEE: u8 = 0x22, CONST: u8 = 0x41, ADD: u8 = 0x6a, F64_LOAD: u8 = 0x2b, F64_MUL: u8 = 0xa2;
const END: u8 = 0x0b;

describe("memfuse: f64.load * f64.load", () => {
  test("two loads and a mul are one F64_MUL_LL with both address forms", () => {
    // (f64.mul (f64.load (i32.add (local.get 0) (i32.const 8))) (f64.load offset=16 (local.get 1)))
    const f = folded(module1([I32, I32], [F64], [], [
      GET, 0, CONST, 8, ADD, F64_LOAD, 3, 0, GET, 1, F64_LOAD, 3, 16, F64_MUL, END,
    ]));
    expectOps(f, [FUEL, <i32>IOp.F64_MUL_LL, RETURN]);
    // F64_MUL_LL S(dst) S(a) K(addA) K(offA) S(b) K(addB) K(offB) at word 2; dst is slot 0: the
    // value is the function's result, written straight to slot 0 (performance.md log 8).
    const w: u32[] = [0, 0, 8, 0, 8, 0, 16];
    for (let i = 0; i < w.length; i++) expect(f.code[3 + i]).toBe(w[i]);
    // pc map words: local.get opens the segment (its FUEL, word 0); i32.const, i32.add, f64.load -> 2;
    // local.get, f64.load -> 3; f64.mul -> 4; end -> 10 (RETURN).
    const pcw: u32[] = [0, 2, 2, 2, 3, 3, 4, 10];
    const got: u32[] = [];
    for (let i = 1; i < f.pcmap.length; i += 2) got.push(f.pcmap[i]);
    expect(got.join(" ")).toBe(pcw.join(" "));
  });

  test("an f64.add of a local after it: F64_MUL_LL_ADD, before it: F64_ADD_MUL_LL", () => {
    // (f64.add (f64.mul (f64.load (local.get 0)) (f64.load (local.get 1))) (local.get 2))
    let f = folded(module1([I32, I32, F64], [F64], [], [GET, 0, F64_LOAD, 3, 0, GET, 1, F64_LOAD, 3, 0, F64_MUL, GET, 2, 0xa0, END]));
    expectOps(f, [FUEL, <i32>IOp.F64_MUL_LL_ADD, RETURN]);
    expect(f.code[10]).toBe(16); // c = local 2
    const got: u32[] = [];
    for (let i = 1; i < f.pcmap.length; i += 2) got.push(f.pcmap[i]);
    expect(got.join(" ")).toBe("0 2 3 3 4 5 5 11"); // load, load, mul, add at 2, 3, 4, 5
    f = folded(module1([I32, I32, F64], [F64], [], [GET, 2, GET, 0, F64_LOAD, 3, 0, GET, 1, F64_LOAD, 3, 0, F64_MUL, 0xa0, END]));
    expectOps(f, [FUEL, <i32>IOp.F64_ADD_MUL_LL, RETURN]);
  });

  test("a mul of a load and a local is not fused", () => {
    const f = folded(module1([I32, F64], [F64], [], [GET, 0, F64_LOAD, 3, 0, GET, 1, F64_MUL, END]));
    expectOps(f, [FUEL, <i32>IOp.I64_LOAD, <i32>IOp.F64_MUL, RETURN]);
  });
});

describe("memfuse: shifted and masked operands", () => {
  test("xor with a shr_u on the right", () => {
    const f = folded(module1([I32, I32], [I32], [], [GET, 0, GET, 1, CONST, 8, 0x76, 0x73, END]));
    expectOps(f, [FUEL, <i32>IOp.I32_XOR_SHR_U_K, RETURN]);
    expect(f.code[3]).toBe(0); // dst: the result, written to slot 0
    expect(f.code[4]).toBe(0); // a = local 0
    expect(f.code[5]).toBe(8); // b = local 1
    expect(f.code[6]).toBe(8); // K
  });

  test("a shl on the left of xor swaps sides; and under add; shl under or", () => {
    let f = folded(module1([I32], [I32], [], [GET, 0, CONST, 13, 0x74, GET, 0, 0x73, END]));
    expectOps(f, [FUEL, <i32>IOp.I32_XOR_SHL_K, RETURN]);
    f = folded(module1([I32, I32], [I32], [], [GET, 1, CONST, 0x7f, 0x71, GET, 0, ADD, END]));
    expectOps(f, [FUEL, <i32>IOp.I32_ADD_AND_K, RETURN]);
    f = folded(module1([I32, I32], [I32], [], [GET, 1, GET, 0, CONST, 3, 0x74, 0x72, END]));
    expectOps(f, [FUEL, <i32>IOp.I32_OR_SHL_K, RETURN]);
  });

  test("a constant other operand is not fused (it would be materialised after the shift)", () => {
    const f = folded(module1([I32], [I32], [], [CONST, 5, GET, 0, CONST, 3, 0x74, 0x6b, END])); // 5 - (x << 3)
    expectOps(f, [FUEL, <i32>IOp.I32_SHL_K, <i32>IOp.CONST32, <i32>IOp.I32_SUB, RETURN]);
  });
});

describe("memfuse: CRC step, test and branch", () => {
  test("(i32.load ((y << 2) + K)) ^ (b >> 8) is one I32_LOAD_SA_XOR_SHR_U_K", () => {
    const f = folded(module1([I32, I32], [I32], [], [
      GET, 0, CONST, 2, 0x74, CONST, 0x40, ADD, 0x28, 2, 0, GET, 1, CONST, 8, 0x76, 0x73, END,
    ]));
    expectOps(f, [FUEL, <i32>IOp.I32_LOAD_SA_XOR_SHR_U_K, RETURN]);
    const w: u32[] = [0, 0, 2, 0xffffffc0, 0, 8, 8]; // dst (the result: slot 0), y, s, add (-64), offset, b, sh
    for (let i = 0; i < w.length; i++) expect(f.code[3 + i]).toBe(w[i]);
  });

  test("i32.and K + br_if / if: BR_AND_K_NZ / BR_AND_K_Z", () => {
    // block (br_if 0 (i32.and (local.get 0) (i32.const 8))) end
    let f = folded(module1([I32], [], [], [0x02, 0x40, GET, 0, CONST, 8, 0x71, 0x0d, 0, END, END]));
    expectOps(f, [FUEL, <i32>IOp.BR_AND_K_NZ, FUEL, FUEL, RETURN]); // after the br_if, after the block
    // if (i32.and (local.get 0) (i32.const 8)) nop end
    f = folded(module1([I32], [], [], [GET, 0, CONST, 8, 0x71, 0x04, 0x40, 0x01, END, END]));
    expectOps(f, [FUEL, <i32>IOp.BR_AND_K_Z, FUEL, FUEL, RETURN]); // then, after the if
  });
});

describe("memfuse: compare + select, add + branch", () => {
  test("a compare teed to a local feeds the select: one SELECT_LT_U", () => {
    // (select (local.get 0) (local.get 1) (local.tee 2 (i32.lt_u (local.get 0) (local.get 1))))
    const f = folded(module1([I32, I32], [I32], [I32], [GET, 0, GET, 1, GET, 0, GET, 1, 0x49, TEE, 2, 0x1b, END]));
    expectOps(f, [FUEL, <i32>IOp.SELECT_LT_U, RETURN]);
    const w: u32[] = [0, 0, 8, 16, 0, 8]; // dst (the result: slot 0), a, b, c = local 2, x, y
    for (let i = 0; i < w.length; i++) expect(f.code[3 + i]).toBe(w[i]);
  });

  test("a register add before a compare-and-branch: ADD_BR_GE_S and ADD_BR_LT_U_K", () => {
    // loop: local 0 += local 1; br_if 0 (local 0 >= local 2)
    let f = folded(module1([I32, I32, I32], [], [], [0x03, 0x40, GET, 0, GET, 1, ADD, TEE, 0, GET, 2, 0x4e, 0x0d, 0, END, END]));
    expectOps(f, [FUEL, FUEL, <i32>IOp.ADD_BR_GE_S, FUEL, RETURN]); // entry, loop header, after the br_if
    // loop: local 0 = local 0 + local 1; br_if 0 (local 0 < 100)
    f = folded(module1([I32, I32], [], [], [0x03, 0x40, GET, 0, GET, 1, ADD, 0x21, 0, GET, 0, CONST, 0xe4, 0x00, 0x49, 0x0d, 0, END, END]));
    expectOps(f, [FUEL, FUEL, <i32>IOp.ADD_BR_LT_U_K, FUEL, RETURN]);
  });
});
