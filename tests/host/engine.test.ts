// The Engine API on both engines: a workload that calls back into a host
// function (which itself calls back into the workload), one that traps (spec
// message + named backtrace), memory, globals, externref identity, exact NaN
// bits, compile / link errors and exhaustion.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { callJs, getExport, invoke, jsHostFunction } from "../../host/engine.js";
import type { Instance } from "../../host/engine.js";
import { FerryCompileError, FerryExhaustion, FerryLinkError, FerryTrap } from "../../host/errors.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import { ENGINES, ferrySkip, wat } from "../helpers/wat.js";

const CALLBACK = wat(`
  (module
    (import "env" "twice" (func $twice (param i32) (result i32)))
    (import "env" "reenter" (func $reenter (param i32) (result i32)))
    (func (export "run") (param i32) (result i32)
      (i32.add (call $twice (local.get 0)) (i32.const 1)))
    (func (export "square") (param i32) (result i32)
      (i32.mul (local.get 0) (local.get 0)))
    (func (export "nested") (param i32) (result i32)
      (call $reenter (local.get 0))))
`);

const TRAPPING = wat(`
  (module
    (func $divide (export "divide") (param i32 i32) (result i32)
      (i32.div_s (local.get 0) (local.get 1)))
    (func $outer (export "outer") (param i32) (result i32)
      (call $divide (local.get 0) (i32.const 0)))
    (func (export "oob") (result i32) (i32.load (i32.const 70000)))
    (memory 1))
`);

for (const [name, makeEngine, skip] of ENGINES) {
  describe(`${name} engine`, { skip }, () => {
    it("calls a host function and returns its result", () => {
      const engine = makeEngine();
      const seen: number[] = [];
      const twice = jsHostFunction(engine, { params: ["i32"], results: ["i32"] }, (x) => {
        seen.push(x as number);
        return (x as number) * 2;
      }, "twice");
      let instance: Instance | undefined;
      const reenter = jsHostFunction(engine, { params: ["i32"], results: ["i32"] }, (x) => invoke(instance!, "square", x), "reenter");
      instance = engine.instantiate(engine.compile(CALLBACK), { env: { twice, reenter } });
      assert.equal(invoke(instance, "run", 20), 41);
      assert.deepEqual(seen, [20]);
      assert.equal(invoke(instance, "nested", 7), 49, "host function called back into the workload");
      assert.equal(invoke(instance, "run", -5), -9);
    });

    it("reports a trap with the spec message and a named backtrace", () => {
      const engine = makeEngine();
      const instance = engine.instantiate(engine.compile(TRAPPING));
      assert.equal(invoke(instance, "divide", 7, 2), 3);
      assert.throws(() => invoke(instance, "outer", 1), (e: unknown) => {
        assert.ok(e instanceof FerryTrap, `got ${String(e)}`);
        assert.ok(e.matches("integer divide by zero"), e.message);
        assert.deepEqual(e.backtrace.slice(0, 2).map((f) => f.name), ["divide", "outer"]);
        assert.ok(e.backtrace[0]!.pc > 0, "pc is an offset in the original module");
        return true;
      });
      assert.throws(() => invoke(instance, "oob"), (e: unknown) => e instanceof FerryTrap && e.matches("out of bounds memory access"));
      assert.equal(invoke(instance, "divide", 9, 3), 3, "the engine is usable after a trap");
    });

    it("a trap inside a host callback's re-entry unwinds both invocations", () => {
      const engine = makeEngine();
      const trapping = engine.instantiate(engine.compile(TRAPPING));
      const twice = jsHostFunction(engine, { params: ["i32"], results: ["i32"] }, (x) => invoke(trapping, "divide", x, 0));
      const reenter = jsHostFunction(engine, { params: ["i32"], results: ["i32"] }, (x) => x);
      const instance = engine.instantiate(engine.compile(CALLBACK), { env: { twice, reenter } });
      assert.throws(() => invoke(instance, "run", 1), (e: unknown) => e instanceof FerryTrap && e.matches("integer divide by zero"));
      assert.equal(invoke(instance, "nested", 6), 6);
    });

    it("reads and writes memory and globals", () => {
      const engine = makeEngine();
      const instance = engine.instantiate(engine.compile(wat(`
        (module
          (memory (export "mem") 1 4)
          (global (export "counter") (mut i64) (i64.const 5))
          (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
          (func (export "grow") (result i32) (memory.grow (i32.const 1)))
          (func (export "bump") (global.set 0 (i64.add (global.get 0) (i64.const 1)))))
      `)));
      invoke(instance, "store", 16, 0x01020304);
      const mem = getExport(instance, "mem", "memory");
      assert.deepEqual([...mem.bytes().subarray(16, 20)], [4, 3, 2, 1]);
      mem.bytes()[100] = 42;
      assert.equal(invoke(instance, "grow"), 1);
      assert.equal(mem.pages(), 2);
      assert.equal(mem.bytes().length, 2 * 65536);
      assert.equal(mem.bytes()[100], 42, "contents survive growth");
      const counter = getExport(instance, "counter", "global");
      invoke(instance, "bump");
      assert.deepEqual(counter.get(), { type: "i64", bits: 6n });
      counter.set({ type: "i64", bits: 0xffffffffffffffffn });
      invoke(instance, "bump");
      assert.deepEqual(counter.get(), { type: "i64", bits: 0n });
    });

    it("passes externrefs by identity and multi-value results", () => {
      const engine = makeEngine();
      const instance = engine.instantiate(engine.compile(wat(`
        (module
          (func (export "id") (param externref) (result externref) (local.get 0))
          (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0)))
          (func (export "swap") (param i32 i64) (result i64 i32) (local.get 1) (local.get 0)))
      `)));
      const obj = { hello: "world" };
      assert.equal(invoke(instance, "id", obj), obj);
      assert.equal(invoke(instance, "id", null), null);
      assert.equal(invoke(instance, "is_null", null), 1);
      assert.equal(invoke(instance, "is_null", obj), 0);
      assert.deepEqual(invoke(instance, "swap", -1, 7n), [7n, -1]);
    });

    it("refuses bad modules and missing imports with typed errors", () => {
      const engine = makeEngine();
      assert.throws(() => engine.compile(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0])), FerryCompileError);
      // wabt writes the binary without validating it: a body of the wrong type
      const invalid = wat(`(module (func (result i32) (i64.const 1)))`);
      assert.throws(() => engine.compile(invalid), (e: unknown) => e instanceof FerryCompileError && (!engine.caps.compileErrorKinds || e.kind === "invalid"));
      const module = engine.compile(CALLBACK);
      assert.throws(() => engine.instantiate(module, {}), FerryLinkError);
    });

    it("stops unbounded recursion with call stack exhaustion", () => {
      const engine = makeEngine();
      const instance = engine.instantiate(engine.compile(wat(`(module (func $f (export "f") (call $f)))`)));
      assert.throws(() => invoke(instance, "f"), (e: unknown) => e instanceof FerryExhaustion && e.reason === "stack");
    });
  });
}

describe("ferry engine only", { skip: ferrySkip }, () => {
  it("keeps NaN payloads exact across calls", () => {
    const engine = new FerryEngine();
    const instance = engine.instantiate(engine.compile(wat(`
      (module (func (export "f") (param f32) (result f32) (local.get 0))
              (func (export "bits") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0))))
    `)));
    const f = getExport(instance, "f", "func");
    assert.deepEqual(f.call([{ type: "f32", bits: 0x7fa00001n }]), [{ type: "f32", bits: 0x7fa00001n }]);
    assert.deepEqual(getExport(instance, "bits", "func").call([{ type: "f32", bits: 0xffa00001n }]), [{ type: "i32", bits: 0xffa00001n }]);
  });

  it("stops a runaway loop when the fuel budget runs out, and stays usable", () => {
    const engine = new FerryEngine({ fuel: 100_000, fuelSlice: 10_000 });
    const instance = engine.instantiate(engine.compile(wat(`
      (module (func (export "spin") (loop (br 0)))
              (func (export "one") (result i32) (i32.const 1)))
    `)));
    assert.throws(() => invoke(instance, "spin"), (e: unknown) => e instanceof FerryExhaustion && e.reason === "fuel");
    assert.equal(callJs(getExport(instance, "one", "func")), 1);
  });
});
