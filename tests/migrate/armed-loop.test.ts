// The armed status loop (FerryEngine.runArmed, issue 4): with a checkpoint
// trigger watched and no budget, each slice is one ferry_run_slice call and
// one read of the flag. It stops within one slice of the flag being set, says
// how many instructions ran since the last clear look, keeps that count exact
// across host calls, makes progress when a segment is dearer than the slice,
// and a snapshot taken where it stops resumes to the output of an
// uninterrupted run.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Status } from "../../host/abi.js";
import { getExport } from "../../host/engine.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import { watchTrigger } from "../../migrate/snapshot/session.js";
import { newFlag, TRIGGER_SLICE } from "../../migrate/trigger.js";
import { ferrySkip, wat } from "../helpers/wat.js";
import { stopFibAndResume } from "./fib-stop-resume.js";
import { SUM_LOOP } from "../helpers/sum-loop.js";


class Fired extends Error {
  constructor(readonly fired: number, readonly latency: number, readonly at: number) {
    super("fired");
  }
}

/** An engine watching `flag` whose fire records where it stopped and throws. */
function armedEngine(flag: Int32Array, slice = TRIGGER_SLICE): FerryEngine {
  const engine = new FerryEngine();
  watchTrigger(engine, flag, (fired, latency) => {
    throw new Fired(fired, latency, engine.vm.fuelUsed());
  });
  engine.fuelSlice = slice;
  return engine;
}

describe("armed status loop", { skip: ferrySkip }, () => {
  it("runs a workload to the end while the flag stays clear", () => {
    const engine = armedEngine(newFlag(), 30);
    const instance = engine.instantiate(engine.compile(SUM_LOOP));
    const [r] = getExport(instance, "sum", "func").call([{ type: "i32", bits: 1000n }]);
    assert.deepEqual(r, { type: "i32", bits: 1501500n });
  });

  it("a flag already set stops the run after its first slice, within the slice", () => {
    const flag = newFlag();
    Atomics.store(flag, 0, 2);
    const engine = armedEngine(flag, 1000);
    const instance = engine.instantiate(engine.compile(SUM_LOOP));
    const start = engine.vm.fuelUsed();
    assert.throws(() => getExport(instance, "sum", "func").call([{ type: "i32", bits: 100_000n }]), (e: unknown) => {
      assert.ok(e instanceof Fired);
      assert.equal(e.fired, 2);
      assert.ok(e.at - start > 0 && e.at - start <= 1000, `stopped after ${e.at - start}`);
      assert.equal(e.latency, e.at - start);
      return true;
    });
  });

  it("a slice smaller than a segment (12 instructions) still makes progress", () => {
    const engine = armedEngine(newFlag(), 5);
    const instance = engine.instantiate(engine.compile(SUM_LOOP));
    const [r] = getExport(instance, "sum", "func").call([{ type: "i32", bits: 100n }]);
    assert.deepEqual(r, { type: "i32", bits: 15150n });
  });

  it("a flag set by a host call stops right after it; the latency counts the instructions since the last clear look", () => {
    const module = wat(`
      (module (import "env" "mark" (func $mark))
        (func $spin (param i32) (loop (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if 0 (local.get 0))))
        (func (export "run") (call $spin (i32.const 1000)) (call $mark) (call $spin (i32.const 100000))))
    `);
    const flag = newFlag();
    const engine = armedEngine(flag, 1000);
    const mark = engine.hostFunction({ params: [], results: [] }, () => {
      Atomics.store(flag, 0, 1);
      return [];
    }, "mark");
    const instance = engine.instantiate(engine.compile(module), { env: { mark } });
    const start = engine.vm.fuelUsed();
    assert.throws(() => getExport(instance, "run", "func").call([]), (e: unknown) => {
      assert.ok(e instanceof Fired);
      // The spin of 1000 iterations (6 instructions each) runs in slices of
      // at most 1000; the look right after the host call sees the flag.
      assert.ok(e.at - start >= 6000 && e.at - start < 6050, `stopped after ${e.at - start}`);
      assert.ok(e.latency > 0 && e.latency <= 1000, `latency ${e.latency}`);
      return true;
    });
  });

  it("a host function calling back into the workload keeps the latency exact", () => {
    const module = wat(`
      (module (import "env" "outer" (func $outer))
        (func $spin (export "spin") (param i32) (loop (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if 0 (local.get 0))))
        (func (export "run") (call $spin (i32.const 10)) (call $outer) (call $spin (i32.const 100000))))
    `);
    const flag = newFlag();
    const engine = armedEngine(flag, 10_000);
    let spin: ((n: number) => void) | undefined;
    const outer = engine.hostFunction({ params: [], results: [] }, () => {
      spin?.(50); // a nested invocation of 50 iterations, no look inside (it ends within one slice)
      Atomics.store(flag, 0, 1);
      return [];
    }, "outer");
    const instance = engine.instantiate(engine.compile(module), { env: { outer } });
    const spinFn = getExport(instance, "spin", "func");
    spin = (n) => void spinFn.call([{ type: "i32", bits: BigInt(n) }]);
    const start = engine.vm.fuelUsed();
    assert.throws(() => getExport(instance, "run", "func").call([]), (e: unknown) => {
      assert.ok(e instanceof Fired);
      // Everything since the start: the outer run before the host call and the nested spin.
      assert.equal(e.latency, e.at - start);
      assert.ok(e.latency > 350 && e.latency < 400, `latency ${e.latency}`);
      return true;
    });
  });

  it("a snapshot where the armed loop stops resumes to the output of an uninterrupted run", () => {
    const engine = new FerryEngine();
    const stoppedAt = stopFibAndResume(engine, (stop) => {
      const flag = newFlag();
      watchTrigger(engine, flag, (_fired, latency) => {
        assert.ok(latency > 0 && latency <= TRIGGER_SLICE, `latency ${latency}`);
        // As `ferry run --checkpoint-on` does: a stop just after a host call
        // first steps to the segment start that follows it (zero fuel runs nothing).
        assert.equal(engine.vm.run(0), Status.YIELD);
        stop();
      });
      Atomics.store(flag, 0, 1);
    });
    assert.ok(stoppedAt > 0 && stoppedAt <= TRIGGER_SLICE, `stopped at ${stoppedAt}`);
  });
});
