// The fast code's return path (assembly/compile/calls.ts: a returned value's
// producer writes slot 0 directly) gives the same results and traps as the
// native engine: a producer retargeted to slot 0 (the first parameter's
// slot) even when it reads that parameter, returns of locals, of constants,
// of no value and of two values, `return` and `br` to the function label, an
// `if` whose arms end the function, recursion (fib and a mutual pair), calls
// of imported functions and of functions of another instance, call_indirect,
// a trap inside a callee, and call-stack exhaustion at the same depth as
// before.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { invoke } from "../../host/engine.js";
import type { Engine, Instance } from "../../host/engine.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import { NativeEngine } from "../../host/native-engine.js";
import { ferrySkip, wat } from "../helpers/wat.js";

/** A module whose exports the main module imports (a second instance). */
const LIB = wat(`
  (module
    (memory (export "mem") 1)
    (func (export "twice") (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
    (func (export "peek") (param i32) (result i32) (i32.load (local.get 0))))
`);

const MODULE = wat(`
  (module
    (import "lib" "twice" (func $twice (param i32) (result i32)))
    (import "lib" "peek" (func $peek (param i32) (result i32)))
    (memory 1)
    (data (i32.const 16) "\\2a\\00\\00\\00")
    (table 2 funcref)
    (elem (i32.const 0) $fib $sub)
    (type $un (func (param i32) (result i32)))
    ;; The producer of the result reads the parameter it is retargeted to.
    (func $sub (export "sub") (param i32 i32) (result i32) (i32.sub (local.get 1) (local.get 0)))
    (func (export "addret") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "addret_self") (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
    (func (export "retlocal") (param i32 i32) (result i32) (local.get 1))
    (func (export "retconst") (param i32) (result i64) (i64.const -5))
    (func (export "noparams") (result i32) (i32.mul (i32.const 6) (i32.const 7)))
    (func (export "f64ret") (param f64) (result f64) (f64.neg (local.get 0)))
    (func (export "early") (param i32) (result i32)
      (if (i32.lt_s (local.get 0) (i32.const 0)) (then (return (i32.mul (local.get 0) (i32.const -3)))))
      (i32.add (local.get 0) (i32.const 1000)))
    (func (export "brfunc") (param i32) (result i32)
      (br 0 (i32.xor (local.get 0) (i32.const 0xff))))
    (func (export "ifelse") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (i32.const 11))
        (else (i32.add (local.get 0) (i32.const 22)))))
    (func $two (param i32) (result i32 i32) (i32.add (local.get 0) (i32.const 1)) (i32.sub (local.get 0) (i32.const 1)))
    (func (export "multi") (param i32) (result i32) (call $two (local.get 0)) (i32.mul))
    (func $noret (param i32) (i32.store (i32.const 0) (local.get 0)))
    (func (export "void") (param i32) (result i32) (call $noret (i32.add (local.get 0) (i32.const 3))) (i32.load (i32.const 0)))
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.add (local.get 0) (i32.const -1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func $even (export "even") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1)) (else (call $odd (i32.add (local.get 0) (i32.const -1))))))
    (func $odd (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (call $even (i32.add (local.get 0) (i32.const -1))))))
    (func $depth (export "depth") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $depth (i32.add (local.get 0) (i32.const -1))) (i32.const 1)))))
    (func (export "locals") (param i32) (result i32) (local i32 i64 i32)
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (if (i32.gt_s (local.get 0) (i32.const 0))
        (then (drop (call $fib (i32.add (local.get 0) (i32.const -1))))))
      (i32.add (i32.add (local.get 1) (i32.wrap_i64 (local.get 2))) (local.get 3)))
    (func (export "imported") (param i32) (result i32) (i32.add (call $twice (i32.add (local.get 0) (i32.const 5))) (call $peek (local.get 0))))
    (func (export "indirect") (param i32 i32) (result i32)
      (call_indirect (type $un) (i32.add (local.get 0) (i32.const 1)) (local.get 1)))
    (func (export "trapin") (param i32) (result i32) (i32.add (call $peek (i32.add (local.get 0) (i32.const 65533))) (i32.const 1)))
    (func (export "divret") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  )
`);

const CALLS: Array<[string, Array<number | bigint>[]]> = [
  ["sub", [[1, 2], [5, -3], [0x7fffffff, -1], [-0x80000000, 1]]],
  ["addret", [[1, 2], [0x7fffffff, 1], [-1, -1]]],
  ["addret_self", [[0], [21], [0x40000000]]],
  ["retlocal", [[1, 2]]],
  ["retconst", [[0]]],
  ["noparams", [[]]],
  ["f64ret", [[0], [-0], [1.5], [NaN], [-Infinity]]],
  ["early", [[-4], [0], [7], [-0x80000000]]],
  ["brfunc", [[0], [0x100], [-1]]],
  ["ifelse", [[0], [1], [-22]]],
  ["multi", [[0], [5], [0x7fffffff]]],
  ["void", [[0], [-3], [100]]],
  ["fib", [[0], [1], [2], [10], [20]]],
  ["even", [[0], [7], [100], [1001]]],
  ["depth", [[0], [1], [1000]]],
  ["locals", [[0], [3], [9]]],
  ["imported", [[16], [0], [65532], [65533]]],
  ["indirect", [[5, 0], [5, 1], [5, 2], [-1, 0]]],
  ["trapin", [[0], [-65533], [1]]],
  ["divret", [[7, 2], [7, 0], [-0x80000000, -1], [-7, 2]]],
];

/** What a call did: its result (bigint as text, -0 kept) or its trap message. */
function outcome(instance: Instance, name: string, args: Array<number | bigint>): string {
  try {
    const r = invoke(instance, name, ...args);
    const show = (v: unknown): string => (typeof v === "bigint" ? `${v}n` : Object.is(v, -0) ? "-0" : String(v));
    return Array.isArray(r) ? r.map(show).join(",") : show(r);
  } catch (e) {
    // Ferry adds the index to "undefined element"; the native engine does not.
    return `trap: ${(e as Error).message.split("\n")[0]!.replace(/^(undefined element) \d+$/, "$1")}`;
  }
}

function instantiate(engine: Engine): Instance {
  const lib = engine.instantiate(engine.compile(LIB));
  return engine.instantiate(engine.compile(MODULE), { lib: Object.fromEntries(lib.exports) });
}

function outcomes(engine: Engine): string[] {
  const instance = instantiate(engine);
  const out: string[] = [];
  for (const [name, argLists] of CALLS) for (const a of argLists) out.push(`${name}(${a.join(",")}) = ${outcome(instance, name, a)}`);
  return out;
}

describe("fast call path", { skip: ferrySkip }, () => {
  it("gives the native engine's results and traps", () => {
    const native = outcomes(new NativeEngine());
    const ferry = outcomes(new FerryEngine());
    assert.ok(native.includes("fib(20) = 6765"), "fib works natively");
    assert.ok(native.some((o) => o.startsWith("trapin(") && o.includes("trap: out of bounds")), "a callee traps");
    assert.deepEqual(ferry, native);
  });

  it("exhausts the call stack at the same depth as before", () => {
    // With maxDepth D the control stack holds D frames: the D activations of
    // depth(D - 1) fit (the entry frame and D - 1 calls), depth(D) traps; the
    // fast call path pushes exactly the frames CALL always pushed.
    for (const maxDepth of [100, 5000]) {
      const instance = instantiate(new FerryEngine({ maxDepth }));
      assert.equal(outcome(instance, "depth", [maxDepth - 1]), String(maxDepth - 1));
      assert.equal(outcome(instance, "depth", [maxDepth]), "trap: call stack exhausted");
      assert.equal(outcome(instance, "fib", [15]), "610", "the instance still works after the trap");
    }
  });
});
