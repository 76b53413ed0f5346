// The fused f64 chains of the fast code (floatfuse block of assembly/ops.ts,
// assembly/compile/fuse-float.ts) give the native engine's results bit for
// bit: a*b+c, a*b-c, c+a*b, c-a*b, c+(a-b), (a+b)+K, c+K/a, c+K/((a+b)+K2) (two roundings,
// never an fma), f64.convert_i32_s(i+K) (the add wraps), and br_if / if on
// (a+b) cmp K (NaN makes all but `ne` false, so `if` needs the negated
// forms). NaN payloads and signalling NaNs go in as i64 bits so that which
// operand's NaN comes out is compared too; -0.0 and infinities are among the
// values. The escape loop of mandelbrot and the series loop of pi run
// whole, also in fuel slices of 7 units with exact stops (the frame moves to
// the unfused step copy in the middle of fused code's segments) and inexact
// ones. Monitor copies are made from the fast code (monitor/attach.ts walks
// it with monitor/lengths.ts), so the two kernels also run under monitors.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { invoke } from "../../host/engine.js";
import type { Engine, Instance } from "../../host/engine.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import { NativeEngine } from "../../host/native-engine.js";
import { ferrySkip, wat } from "../helpers/wat.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../host/vm.js";
import { ferryRun } from "../wasi/harness.js";

const CMPS = ["eq", "ne", "lt", "gt", "le", "ge"];

/** f64 of the i64 bits in local i (so NaN payloads reach the code unchanged). */
const f = (i: number): string => `(f64.reinterpret_i64 (local.get ${i}))`;
/** The i64 bits of an f64 expression. */
const bits = (e: string): string => `(i64.reinterpret_f64 ${e})`;

/** i32 bitmask: bit i = br_if on `(a + b) cmp 1.5`, bit 6+i = the same compare as an `if` condition. */
function branchMask(): string {
  let body = "";
  CMPS.forEach((c, i) => {
    body += `(block (br_if 0 (f64.${c} (f64.add (local.get 0) (local.get 1)) (f64.const 1.5)))
               (local.set 2 (i32.or (local.get 2) (i32.const ${1 << i}))))`;
    body += `(if (f64.${c} (f64.add (local.get 0) (local.get 1)) (f64.const 1.5))
               (then (local.set 2 (i32.or (local.get 2) (i32.const ${1 << (i + 6)})))))`;
  });
  return body;
}

const MODULE = wat(`
  (module
    (func (export "muladd") (param i64 i64 i64) (result i64) ${bits(`(f64.add (f64.mul ${f(0)} ${f(1)}) ${f(2)})`)})
    (func (export "mulsub") (param i64 i64 i64) (result i64) ${bits(`(f64.sub (f64.mul ${f(0)} ${f(1)}) ${f(2)})`)})
    (func (export "addmul") (param i64 i64 i64) (result i64) ${bits(`(f64.add ${f(2)} (f64.mul ${f(0)} ${f(1)}))`)})
    (func (export "submul") (param i64 i64 i64) (result i64) ${bits(`(f64.sub ${f(2)} (f64.mul ${f(0)} ${f(1)}))`)})
    (func (export "addsub") (param i64 i64 i64) (result i64) ${bits(`(f64.add ${f(2)} (f64.sub ${f(0)} ${f(1)}))`)})
    (func (export "addaddk") (param i64 i64 i64) (result i64) ${bits(`(f64.add (f64.add ${f(0)} ${f(1)}) (f64.const 0.1))`)})
    (func (export "addaddnan") (param i64 i64 i64) (result i64) ${bits(`(f64.add (f64.add ${f(0)} ${f(1)}) (f64.const nan:0x7))`)})
    (func (export "addkdiv") (param i64 i64 i64) (result i64) ${bits(`(f64.add ${f(2)} (f64.div (f64.const -3) ${f(0)}))`)})
    (func (export "series") (param i64 i64 i64) (result i64)
      ${bits(`(f64.add ${f(2)} (f64.div (f64.const 1) (f64.add (f64.add ${f(0)} ${f(1)}) (f64.const 1))))`)})
    (func (export "seriesnan") (param i64 i64 i64) (result i64)
      ${bits(`(f64.add ${f(2)} (f64.div (f64.const nan:0x9) (f64.add (f64.add ${f(0)} ${f(1)}) (f64.const -0))))`)})
    (func (export "dot") (param i64 i64 i64) (result i64)
      ${bits(`(f64.add (f64.mul ${f(0)} ${f(1)}) (f64.mul ${f(2)} ${f(0)}))`)})
    (func (export "chain") (param i64 i64 i64) (result i64)
      ${bits(`(f64.sub (f64.add (f64.add ${f(0)} (f64.sub ${f(1)} ${f(2)})) (f64.const 2)) (f64.mul ${f(2)} ${f(2)}))`)})
    (func (export "teed") (param i64 i64 i64) (result i64) (local f64)
      ${bits(`(f64.add (f64.add (local.tee 3 (f64.mul ${f(0)} ${f(1)})) ${f(2)}) (local.get 3))`)})
    (func (export "cvt") (param i32) (result f64) (f64.convert_i32_s (i32.add (local.get 0) (i32.const 1))))
    (func (export "cvtneg") (param i32) (result f64) (f64.convert_i32_s (i32.sub (local.get 0) (i32.const 5))))
    (func (export "cvttee") (param i32) (result f64) (local i32)
      (f64.add (f64.convert_i32_s (local.tee 1 (i32.add (local.get 0) (i32.const 1)))) (f64.convert_i32_s (local.get 1))))
    (func (export "branches") (param f64 f64) (result i32) (local i32) ${branchMask()} (local.get 2))
    (func (export "escape") (param f64 f64 i32) (result i32) (local i32 f64 f64 f64 f64 f64)
      (block $out (loop $l
        (br_if $out (i32.ge_s (local.tee 3 (i32.add (local.get 3) (i32.const 1))) (local.get 2)))
        (local.set 8 (f64.add (local.get 7) (local.get 7)))
        (local.set 7 (local.tee 4 (f64.add (local.get 0) (f64.sub (local.get 5) (local.get 4)))))
        (br_if $l (f64.le
          (f64.add (local.tee 5 (f64.mul (local.get 4) (local.get 4)))
                   (local.tee 4 (f64.mul (local.tee 6 (f64.add (f64.mul (local.get 8) (local.get 6)) (local.get 1))) (local.get 6))))
          (f64.const 4)))))
      (local.get 3))
    (func (export "leibniz") (param i32) (result f64) (local i32 f64 f64)
      (loop $l
        (local.set 2 (f64.add
          (f64.add (local.get 2) (f64.div (f64.const 1) (f64.add (f64.add (local.get 3) (local.get 3)) (f64.const 1))))
          (f64.div (f64.const -1) (f64.add (f64.add (local.tee 2 (f64.convert_i32_s (i32.add (local.get 1) (i32.const 1)))) (local.get 2)) (f64.const 1)))))
        (local.set 3 (f64.add (local.get 3) (f64.const 2)))
        (br_if $l (i32.ne (local.get 0) (local.tee 1 (i32.add (local.get 1) (i32.const 2))))))
      (local.get 2))
  )
`);

/** Bit patterns: quiet NaNs with payloads (both signs), a signalling NaN, ±0, ±inf, ordinary and extreme values. */
const BITS = [
  0x7ff8000000000001n, 0xfff8000000000abcn, 0x7ff0000000000005n, 0x0000000000000000n, 0x8000000000000000n,
  0x7ff0000000000000n, 0xfff0000000000000n, 0x3ff8000000000000n, 0xc000000000000000n, 0x7fefffffffffffffn,
  0x0000000000000001n, 0x3fb999999999999an,
];
const F64S = [NaN, -Infinity, -1, -0, 0, 0.5, 1, 1.5, 2, 1e308, Infinity, 0.1];
const I32S = [0, 1, -1, -6, 5, 0x7fffffff, -0x80000000, 123456];

/** Every export called with its arguments: [name, argument lists]. */
function calls(): Array<[string, Array<Array<number | bigint>>]> {
  const triples: bigint[][] = [];
  for (const a of BITS) for (const b of [BITS[0]!, BITS[2]!, BITS[4]!, BITS[7]!, BITS[9]!]) triples.push([a, b, BITS[(triples.length * 5) % BITS.length]!]);
  for (const c of BITS) triples.push([BITS[7]!, BITS[8]!, c], [BITS[1]!, BITS[2]!, c]);
  const pairs: number[][] = [];
  for (const a of F64S) for (const b of F64S) pairs.push([a, b]);
  const i32s = I32S.map((i) => [i]);
  return [
    ...["muladd", "mulsub", "addmul", "submul", "addsub", "addaddk", "addaddnan", "addkdiv", "series", "seriesnan", "dot", "chain", "teed"].map(
      (n): [string, bigint[][]] => [n, triples],
    ),
    ["cvt", i32s], ["cvtneg", i32s], ["cvttee", i32s],
    ["branches", pairs],
    ["escape", [[-0.5, 0.5, 100], [0.3, 0.6, 1000], [-2, 0, 50], [0.25, 0, 300], [NaN, 0, 10], [1e300, 1e300, 10]]],
    ["leibniz", [[2], [10], [1000]]],
  ];
}

/** What a call did: its result (bigint as hex, -0 kept) or its trap message. */
function outcome(instance: Instance, name: string, args: Array<number | bigint>): string {
  try {
    const r = invoke(instance, name, ...args);
    return typeof r === "bigint" ? `0x${BigInt.asUintN(64, r).toString(16)}` : Object.is(r, -0) ? "-0" : String(r);
  } catch (e) {
    return `trap: ${(e as Error).message.split("\n")[0]}`;
  }
}

/** True for the bits (bigint) of an f64 NaN. */
function isNaNBits(v: number | bigint): boolean {
  if (typeof v !== "bigint") return Number.isNaN(v);
  const b = BigInt.asUintN(64, v);
  return (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;
}

/**
 * A NaN result of a call with two or more NaN operands: Wasm lets the engine
 * return any of their payloads (or the canonical NaN), and V8's tiers do not
 * always pick the same operand, so only "a NaN" is compared there. With one
 * NaN operand its payload must come through, exactly.
 */
function normalised(args: Array<number | bigint>, result: string): string {
  const nans = args.filter(isNaNBits).length;
  return nans >= 2 && result.startsWith("0x") && isNaNBits(BigInt(result)) ? "a NaN (several NaN operands)" : result;
}

function outcomes(engine: Engine): string[] {
  const instance = engine.instantiate(engine.compile(MODULE));
  const out: string[] = [];
  for (const [name, list] of calls()) for (const args of list) out.push(`${name}(${args.join(", ")}) = ${normalised(args, outcome(instance, name, args))}`);
  return out;
}

describe("fused f64 chains", { skip: ferrySkip }, () => {
  it("give the native engine's results, NaN bits included", () => {
    const native = outcomes(new NativeEngine());
    const ferry = outcomes(new FerryEngine());
    assert.ok(native.includes("escape(-0.5, 0.5, 100) = 100"), "the escape loop runs to its limit inside the set");
    assert.ok(native.some((o) => o.startsWith("muladd(9221120237041090561,") && o.endsWith("= 0x7ff8000000000001")), "a NaN payload passes through");
    assert.deepEqual(ferry, native);
  });

  it("stop and resume in the middle of fused code (exact and inexact slices of 7 units)", () => {
    const native = outcomes(new NativeEngine());
    for (const exact of [true, false]) {
      const engine = new FerryEngine({ fuelSlice: 7 });
      engine.exactSlices = exact;
      engine.onSlice = () => {};
      assert.deepEqual(outcomes(engine), native, exact ? "exact slices" : "inexact slices");
    }
  });

  it("run mandelbrot and pi under monitors (monitor copies of fused code)", { timeout: 120_000 }, async () => {
    const bench = join(projectRoot(), "..", "shared", "workloads", "bench");
    for (const [name, param] of [["mandelbrot", "3"], ["pi", "1000"]] as const) {
      const wasm = join(bench, `${name}.wasm`);
      const native = await ferryRun(["--native", wasm, "--", param], tmpdir());
      const plain = await ferryRun(["--monitor", "count", wasm, "--", param], tmpdir());
      // (`branches` would compile without folding: the others run the fused code)
      const all = await ferryRun(["--monitor", "count,opcodes,profile,coverage,hotness,memory", wasm, "--", param], tmpdir());
      assert.equal(native.code, 0, native.stderr);
      assert.equal(plain.code, 0, plain.stderr);
      assert.equal(all.code, 0, all.stderr);
      assert.equal(plain.stdout, native.stdout);
      assert.equal(all.stdout, native.stdout);
      const total = (t: string) => Number(/^instructions\s+(\d+)$/m.exec(t)?.[1] ?? NaN);
      assert.ok(total(plain.stderr) > 10_000, plain.stderr);
      assert.equal(total(all.stderr), total(plain.stderr));
    }
  });
});
