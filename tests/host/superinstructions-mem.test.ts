// The memfuse superinstructions (memfuse sub-block of assembly/ops.ts, built by
// assembly/compile/fuse-mem.ts) give the same results and traps as the native
// engine: the product of two f64 loads (F64_MUL_LL: plain and `x + K`
// addresses, wrapping adds, out-of-bounds first or second load, NaN payloads,
// -0.0; with an f64.add of a register after it, on either side), add/xor/or of a shifted or masked operand (shift counts of 32 and
// more wrap), compare + select (all ten i32 compares, the condition teed to a
// local or not, one operand being the condition's local) and a register
// add fused with the compare-and-branch after it (all ten compares, with a
// register and a constant right side), an and with a constant fused with br_if
// or if, and a table lookup xored with a shifted value (CRC). Each export is called on both engines
// with edge values and the outcomes compared.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { invoke } from "../../host/engine.js";
import type { Engine, Instance } from "../../host/engine.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import { NativeEngine } from "../../host/native-engine.js";
import { ferrySkip, wat } from "../helpers/wat.js";

const CMPS = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];

/** f64 test values stored from address 0, 8 bytes each (little-endian bits). */
const F64_BITS = [
  0x3ff8000000000000n, // 1.5
  0x8000000000000000n, // -0.0
  0x7ff8000000000123n, // NaN with a payload
  0x7ff0000000000000n, // +inf
  0xc000000000000000n, // -2
  0x7fe0000000000000n, // 2^1023
  0x0000000000000001n, // smallest subnormal
  0xfff4000000000007n, // negative signalling NaN with a payload
];

function dataString(): string {
  let s = "";
  for (const v of F64_BITS) for (let i = 0n; i < 8n; i++) s += "\\" + ((v >> (8n * i)) & 0xffn).toString(16).padStart(2, "0");
  return s;
}

/** Per compare: select by `a cmp b` with the condition teed to local 2 (read again after), and one without tee. */
function selectFuncs(): string {
  return CMPS.map((c) => `
    (func (export "sel_${c}") (param i32 i32) (result i32) (local i32)
      (i32.add (i32.mul (select (local.get 0) (local.get 1) (local.tee 2 (i32.${c} (local.get 0) (local.get 1)))) (i32.const 4))
        (local.get 2)))
    (func (export "selx_${c}") (param i32 i32) (result i32)
      (select (local.get 1) (local.get 0) (i32.${c} (local.get 1) (local.get 0))))`).join("");
}

/**
 * Per compare: a loop adding the register step (local 1) to local 2 and
 * going round while `local 2 cmp local 0` (register form) or `cmp 40`
 * (constant form) holds, at most 50 times; returns the iterations times 1000 plus the final value.
 */
function addBranchFuncs(): string {
  return CMPS.map((c) => `
    (func (export "addbr_${c}") (param i32 i32) (result i32) (local i32 i32)
      (block (loop
        (local.set 3 (i32.add (local.get 3) (i32.const 1)))
        (br_if 1 (i32.ge_u (local.get 3) (i32.const 50)))
        (br_if 0 (i32.${c} (local.tee 2 (i32.add (local.get 2) (local.get 1))) (local.get 0))))
      )
      (i32.add (i32.mul (local.get 3) (i32.const 1000)) (local.get 2)))
    (func (export "addbrk_${c}") (param i32 i32) (result i32) (local i32 i32)
      (block (loop
        (local.set 3 (i32.add (local.get 3) (i32.const 1)))
        (br_if 1 (i32.ge_u (local.get 3) (i32.const 50)))
        (local.set 2 (i32.add (local.get 1) (local.get 2)))
        (br_if 0 (i32.${c} (local.get 2) (i32.const 40))))
      )
      (i32.add (i32.mul (local.get 3) (i32.const 1000)) (local.get 2)))`).join("");
}

const MODULE = wat(`
  (module
    (memory 1)
    (data (i32.const 0) "${dataString()}")
    (func (export "mul_aa") (param i32 i32) (result i64)
      (i64.reinterpret_f64 (f64.mul (f64.load (i32.add (local.get 0) (i32.const 8)))
                                    (f64.load offset=8 (i32.add (local.get 1) (i32.const 8))))))
    (func (export "mul_pp") (param i32 i32) (result i64)
      (i64.reinterpret_f64 (f64.mul (f64.load offset=65528 (local.get 0)) (f64.load (local.get 1)))))
    (func (export "mul_tee") (param i32 i32) (result i64) (local f64)
      (local.set 2 (f64.mul (f64.load (local.get 0)) (f64.load offset=8 (local.get 1))))
      (i64.reinterpret_f64 (f64.add (local.get 2) (local.get 2))))
    (func (export "muladd") (param i32 i32) (result i64) (local f64)
      (local.set 2 (f64.load (i32.and (i32.xor (local.get 0) (local.get 1)) (i32.const 56))))
      (i64.reinterpret_f64 (f64.add (f64.mul (f64.load (local.get 0)) (f64.load offset=8 (local.get 1))) (local.get 2))))
    (func (export "addmul") (param i32 i32) (result i64) (local f64)
      (local.set 2 (f64.load (i32.and (i32.add (local.get 0) (local.get 1)) (i32.const 56))))
      (i64.reinterpret_f64 (f64.add (local.get 2) (f64.mul (f64.load offset=8 (i32.add (local.get 0) (i32.const -8)))
                                                            (f64.load (local.get 1))))))
    (func (export "xor_shr") (param i32 i32) (result i32) (i32.xor (local.get 0) (i32.shr_u (local.get 1) (i32.const 8))))
    (func (export "xor_shl_left") (param i32 i32) (result i32) (i32.xor (i32.shl (local.get 0) (i32.const 13)) (local.get 0)))
    (func (export "xor_and") (param i32 i32) (result i32) (i32.xor (local.get 1) (i32.and (local.get 0) (i32.const 255))))
    (func (export "add_shl33") (param i32 i32) (result i32) (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 33))))
    (func (export "add_shr") (param i32 i32) (result i32) (i32.add (local.get 1) (i32.shr_u (local.get 0) (i32.const 31))))
    (func (export "add_and") (param i32 i32) (result i32) (i32.add (i32.and (local.get 0) (i32.const -16)) (local.get 1)))
    (func (export "or_shl") (param i32 i32) (result i32) (i32.or (local.get 1) (i32.shl (local.get 0) (i32.const 31))))
    (func (export "or_shr") (param i32 i32) (result i32) (i32.or (i32.shr_u (local.get 0) (i32.const 40)) (local.get 1)))
    (func (export "or_and") (param i32 i32) (result i32) (i32.or (local.get 0) (i32.and (local.get 1) (i32.const 0xf0f0))))
    (func (export "crc") (param i32 i32) (result i32) (local i32)
      ;; two CRC-32 steps over the bytes of local 1 with the table at 0 (the f64 data as words)
      (local.set 2 (i32.xor (i32.load (i32.shl (i32.and (i32.xor (local.get 0) (local.get 1)) (i32.const 15)) (i32.const 2)))
                            (i32.shr_u (local.get 0) (i32.const 8))))
      (i32.xor (i32.load (i32.shl (i32.xor (i32.shr_u (local.get 1) (i32.const 8)) (i32.and (local.get 2) (i32.const 15))) (i32.const 2)))
               (i32.shr_u (local.get 2) (i32.const 8))))
    (func (export "crc_sa") (param i32 i32) (result i32)
      ;; table lookup xor shifted: the index unmasked, so large and negative values trap or wrap
      (i32.xor (i32.load offset=2 (i32.add (i32.shl (local.get 0) (i32.const 2)) (i32.const 8)))
               (i32.shr_u (local.get 1) (i32.const 8))))
    (func (export "testbr") (param i32 i32) (result i32) (local i32)
      (if (i32.and (local.get 0) (i32.const 8)) (then (local.set 2 (i32.const 1))))
      (block (br_if 0 (i32.and (local.get 0) (i32.const 0x80000001)))
        (local.set 2 (i32.or (local.get 2) (i32.const 2))))
      (block (br_if 0 (i32.and (local.get 1) (local.get 0)))
        (local.set 2 (i32.or (local.get 2) (i32.const 4))))
      (local.get 2))
    ${selectFuncs()}
    ${addBranchFuncs()}
  )
`);

/** Address pairs for the f64 loads: in range, -0.0 and NaN operands, wrapping adds, each load out of bounds. */
const ADDRESS_PAIRS: Array<[number, number]> = [
  [0, 0], [0, 8], [8, 16], [16, 0], [24, 32], [32, 40], [40, 24], [48, 0], [-8, 8], [24, -8],
  [0xfffffff8, 0], [65520, 0], [65521, 0], [0, 65520], [0, 65521], [65536, 0], [0, -16], [0, 0xfffffff0],
  [0x7ffffff8, 0], [65528, 65536],
];
/** Address pairs for mul_pp (offset 65528 on the first load: most of its addresses are out of bounds). */
const PLAIN_PAIRS: Array<[number, number]> = [[0, 0], [1, 8], [8, 0], [0, 65528], [0, 65529], [9, 0], [0xffffffff, 0]];
const INTS = [0, 1, -1, 7, 8, 9, 40, 255, 256, 16379, 16380, 16382, 0x3ffffffe, 0x40000000, 0x7fffffff, -0x80000000, 0x12345678, -41];

const CALLS: Array<[string, Array<[number, number]>]> = [
  ["mul_aa", ADDRESS_PAIRS],
  ["mul_pp", PLAIN_PAIRS],
  ["mul_tee", ADDRESS_PAIRS],
  ["muladd", ADDRESS_PAIRS],
  ["addmul", ADDRESS_PAIRS],
];
const UNARY = ["xor_shr", "xor_shl_left", "xor_and", "add_shl33", "add_shr", "add_and", "or_shl", "or_shr", "or_and", "crc", "crc_sa", "testbr"];
for (const name of UNARY) {
  CALLS.push([name, INTS.flatMap((a) => [[a, 0x0badf00d ^ a], [a, -a]] as Array<[number, number]>)]);
}
const SMALL: Array<[number, number]> = [[0, 0], [5, 5], [5, 6], [6, 5], [-1, 1], [1, -1], [-5, -6], [0x7fffffff, -0x80000000]];
for (const c of CMPS) CALLS.push([`sel_${c}`, SMALL], [`selx_${c}`, SMALL]);
const STEPS: Array<[number, number]> = [[40, 1], [40, 3], [40, -1], [-5, 7], [0, 0], [39, 40], [40, -0x7fffffff], [100, 0x40000000]];
for (const c of CMPS) CALLS.push([`addbr_${c}`, STEPS], [`addbrk_${c}`, STEPS]);

/** What a call did: its result (bigint as text) or its trap message. */
function outcome(instance: Instance, name: string, a: number, b: number): string {
  try {
    const r = invoke(instance, name, a | 0, b | 0);
    return typeof r === "bigint" ? `${BigInt.asUintN(64, r).toString(16)}n` : String(r);
  } catch (e) {
    return `trap: ${(e as Error).message.split("\n")[0]}`;
  }
}

function outcomes(engine: Engine): string[] {
  const instance = engine.instantiate(engine.compile(MODULE));
  const out: string[] = [];
  for (const [name, pairs] of CALLS) for (const [a, b] of pairs) out.push(`${name}(${a}, ${b}) = ${outcome(instance, name, a, b)}`);
  return out;
}

describe("memfuse superinstructions", { skip: ferrySkip }, () => {
  it("give the native engine's results and traps", () => {
    const native = outcomes(new NativeEngine());
    const ferry = outcomes(new FerryEngine());
    assert.ok(native.some((o) => o.startsWith("mul_aa(65521, 0) = trap: out of bounds")), "the first load traps");
    assert.ok(native.some((o) => o.startsWith("mul_aa(0, 65521) = trap: out of bounds")), "the second load traps");
    assert.ok(native.some((o) => o.startsWith("mul_aa(4294967288, 0) = ") && !o.includes("trap")), "a wrapping add works");
    assert.ok(native.some((o) => o.startsWith("mul_aa(8, 16) = 7ff8000000000123n")), "a NaN payload passes");
    assert.ok(native.some((o) => o.startsWith("crc_sa(16382, ") && o.includes("trap: out of bounds")), "the table lookup traps");
    assert.ok(native.some((o) => o.startsWith("crc_sa(1073741824, ") && !o.includes("trap")), "the table index wraps");
    assert.deepEqual(ferry, native);
  });
});
