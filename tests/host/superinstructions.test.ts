// The fast code's superinstructions (perf block of assembly/ops.ts) give the
// same results and traps as the native engine: loads from `x + K` (the add
// wraps at 32 bits, the offset does not), f64 arithmetic and compares with a
// constant on either side (a NaN constant on the left is not swapped), fused
// f64 compare + br_if / if (NaN makes all but `ne` false), integer ops with
// a constant left operand, select on locals, and an i32.add of a constant
// fused with the branch that follows it. Each export is called on both engines with edge
// values and the outcomes compared.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { invoke } from "../../host/engine.js";
import type { Engine, Instance } from "../../host/engine.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import { NativeEngine } from "../../host/native-engine.js";
import { ferrySkip, wat } from "../helpers/wat.js";

const CMPS = ["eq", "ne", "lt", "gt", "le", "ge"];

/** i32 bitmask: bit i = compare i of (local 0) with 1.0 on the right, bit 6+i with 1.0 on the left. */
function compareMask(): string {
  let e = "(i32.const 0)";
  CMPS.forEach((c, i) => {
    e = `(i32.or ${e} (i32.shl (f64.${c} (local.get 0) (f64.const 1)) (i32.const ${i})))`;
    e = `(i32.or ${e} (i32.shl (f64.${c} (f64.const 1) (local.get 0)) (i32.const ${i + 6})))`;
  });
  return e;
}

/** i32 bitmask of the same compares as branch conditions: bit i by br_if, bit 6+i by if. */
function branchMask(): string {
  let body = "";
  CMPS.forEach((c, i) => {
    body += `(block (br_if 0 (i32.eqz (i32.const 1))) (br_if 0 (f64.${c} (local.get 0) (f64.const 1)))
               (local.set 1 (i32.or (local.get 1) (i32.const ${1 << i}))))`;
    body += `(if (f64.${c} (local.get 0) (f64.const 1)) (then (local.set 1 (i32.or (local.get 1) (i32.const ${1 << (i + 6)})))))`;
  });
  return body;
}

const MODULE = wat(`
  (module
    (memory 1)
    (data (i32.const 0) "\\01\\02\\03\\04\\05\\06\\07\\08\\f0\\f1\\f2\\f3\\f4\\f5\\f6\\f7\\80\\81\\82\\83")
    (func (export "ld32") (param i32) (result i32) (i32.load offset=4 (i32.add (local.get 0) (i32.const 8))))
    (func (export "ld64") (param i32) (result i64) (i64.load (i32.add (local.get 0) (i32.const -4))))
    (func (export "ld8s") (param i32) (result i32) (i32.load8_s (i32.add (i32.const 9) (local.get 0))))
    (func (export "ld16u") (param i32) (result i64) (i64.load16_u offset=2 (i32.add (local.get 0) (i32.const 1))))
    (func (export "ld32s") (param i32) (result i64) (i64.load32_s offset=65530 (i32.add (local.get 0) (i32.const 2))))
    (func (export "ldtee") (param i32) (result i32) (local i32)
      (i32.add (i32.load (local.tee 1 (i32.add (local.get 0) (i32.const 4)))) (local.get 1)))
    (func (export "fk") (param f64) (result f64)
      (f64.div (f64.const 1) (f64.sub (f64.const 3) (f64.mul (f64.add (local.get 0) (f64.const 0.5)) (f64.const 2)))))
    (func (export "fsub") (param f64) (result f64) (f64.sub (local.get 0) (f64.const 1.5)))
    (func (export "fdiv") (param f64) (result f64) (f64.div (local.get 0) (f64.const 4)))
    (func (export "fmul") (param f64) (result f64) (f64.mul (f64.const -2) (local.get 0)))
    (func (export "fnan") (param f64) (result i64)
      (i64.reinterpret_f64 (f64.add (f64.const nan:0x4) (local.get 0))))
    (func (export "fnan2") (param f64) (result i64)
      (i64.reinterpret_f64 (f64.mul (local.get 0) (f64.const nan:0x5))))
    (func (export "fcmp") (param f64) (result i32) ${compareMask()})
    (func (export "fbranch") (param f64) (result i32) (local i32) ${branchMask()} (local.get 1))
    (func (export "doublings") (param f64) (result i32) (local i32)
      (loop
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (local.set 0 (f64.mul (local.get 0) (f64.const 2)))
        (br_if 0 (i32.and (f64.lt (local.get 0) (f64.const 1000)) (i32.lt_u (local.get 1) (i32.const 100)))))
      (local.get 1))
    (func (export "iswap") (param i32) (result i32)
      (i32.xor (i32.const 0x55) (i32.mul (i32.const 3) (i32.add (i32.const 100) (local.get 0)))))
    (func (export "iswap64") (param i64) (result i64)
      (i64.and (i64.const 0xff) (i64.add (i64.const 7) (local.get 0))))
    (func (export "ieq") (param i32) (result i32) (i32.eq (i32.const 7) (local.get 0)))
    (func (export "ldsa32") (param i32) (result i32) (i32.load (i32.add (i32.shl (local.get 0) (i32.const 2)) (i32.const 8))))
    (func (export "ldsa64") (param i32) (result i64)
      (i64.load offset=4 (i32.add (i32.shl (local.get 0) (i32.const 3)) (i32.const -16))))
    (func (export "rot") (param i32) (result i32)
      (i32.xor (i32.rotl (local.get 0) (i32.const 13)) (i32.rotr (local.get 0) (i32.const 35))))
    (func (export "rot64") (param i64) (result i64)
      (i64.xor (i64.rotl (local.get 0) (i64.const -1)) (i64.rotr (local.get 0) (i64.const 7))))
    (func (export "sel") (param i32) (result i32) (local i32)
      (local.set 1 (i32.const 3))
      (i32.add
        (select (local.get 0) (local.tee 0 (i32.const 5)) (local.get 1))
        (select (local.get 1) (i32.const 9) (i32.lt_u (local.get 0) (i32.const 4)))))
    (func (export "addk") (param i32) (result i32) (local i32 i32 i32 i32)
      (local.set 0 (i32.or (i32.and (local.get 0) (i32.const 255)) (i32.const 1)))
      (loop (local.set 1 (i32.add (local.get 1) (i32.const 3)))
        (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
      (loop (local.set 2 (i32.add (local.get 2) (i32.const 1)))
        (br_if 0 (i32.gt_s (local.get 0) (local.get 2))))
      (loop (br_if 0 (i32.ne (local.tee 3 (i32.add (local.get 3) (i32.const 1))) (i32.const 50))))
      (local.set 4 (local.get 0))
      (loop (br_if 0 (local.tee 4 (i32.add (local.get 4) (i32.const -1)))))
      (if (i32.add (local.get 0) (i32.const -5)) (then (local.set 4 (i32.const 77))))
      (i32.add (i32.add (i32.mul (local.get 1) (i32.const 1000000)) (i32.mul (local.get 2) (i32.const 1000)))
        (i32.add (local.get 3) (local.get 4))))
  )
`);

const ADDRESSES = [0, 1, 3, 0xfffffff8, 0xfffffffc, 0xfffffff7, 65520, 65528, 65532, 65535, 0x7fffffff];
const FLOATS = [NaN, -Infinity, -1, -0, 0, 0.5, 1, 1.5, 4, 1e300, Infinity];
const CALLS: Array<[string, number[] | bigint[]]> = [
  ["ld32", ADDRESSES], ["ld64", ADDRESSES], ["ld8s", ADDRESSES], ["ld16u", ADDRESSES], ["ld32s", ADDRESSES],
  ["ldtee", ADDRESSES],
  ["fk", FLOATS], ["fsub", FLOATS], ["fdiv", FLOATS], ["fmul", FLOATS], ["fnan", FLOATS], ["fnan2", FLOATS],
  ["fcmp", FLOATS], ["fbranch", FLOATS], ["doublings", FLOATS],
  ["iswap", [0, 1, -100, 0x7fffffff]], ["iswap64", [0n, -7n, 0x7fffffffffffffffn]], ["ieq", [7, 8]],
  ["ldsa32", [0, 1, 0x3ffffffe, 0x40000000, 16383, 16380, 16379]], ["ldsa64", [0, 2, 3, 0x20000000, 8190, 8191]],
  ["rot", [0, 1, -1, 0x12345678]], ["rot64", [0n, 1n, -2n, 0x123456789abcdefn]], ["sel", [0, 1, 7]], ["addk", [0, 4, 5, 100, -3]],
];

/** What a call did: its result (Object.is-comparable, bigint as text) or its trap message. */
function outcome(instance: Instance, name: string, arg: number | bigint): string {
  try {
    const r = invoke(instance, name, arg);
    return typeof r === "bigint" ? `${r}n` : Object.is(r, -0) ? "-0" : String(r);
  } catch (e) {
    return `trap: ${(e as Error).message.split("\n")[0]}`;
  }
}

function outcomes(engine: Engine): string[] {
  const instance = engine.instantiate(engine.compile(MODULE));
  const out: string[] = [];
  for (const [name, args] of CALLS) for (const a of args) out.push(`${name}(${a}) = ${outcome(instance, name, a)}`);
  return out;
}

describe("superinstructions", { skip: ferrySkip }, () => {
  it("give the native engine's results and traps", () => {
    const native = outcomes(new NativeEngine());
    const ferry = outcomes(new FerryEngine());
    assert.ok(native.some((o) => o.includes("trap: out of bounds")), "some loads trap");
    assert.ok(native.some((o) => o.startsWith("ld32(4294967292) = ") && !o.includes("trap")), "a wrapping address works");
    assert.deepEqual(ferry, native);
  });
});
