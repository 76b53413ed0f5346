// ferry_hostcall_rewind, the VM primitive behind checkpoints taken while a
// workload waits in a host call: the pending call, made by `call`, goes back
// to the instruction boundary before that `call` with its arguments on the
// operand stack and its instruction no longer counted. A snapshot of that
// state is an ordinary one (pc = the `call`'s module offset), and resuming
// it issues the call again.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { invoke, jsHostFunction } from "../../host/engine.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import type { FerryInstance } from "../../host/ferry-engine.js";
import { createWasi } from "../../host/wasi/index.js";
import { HostCallInterrupted } from "../../host/wasi/interrupt.js";
import type { Snapshot } from "../../migrate/snapshot/model.js";
import { captureSnapshot, restoreSnapshot } from "../../migrate/snapshot/vm-state.js";
import { wat } from "../helpers/wat.js";

// run(x) = x + wait(7, 35); wait's first answer is "interrupted", later ones a + b.
const BYTES = wat(`(module
  (import "env" "wait" (func $wait (param i32 i32) (result i32)))
  (func (export "run") (param $x i32) (result i32)
    (i32.add (local.get $x) (call $wait (i32.const 7) (i32.const 35)))))`);
/** Module offset of the `call` (after i32.const 7, i32.const 35). */
const CALL_AT = Buffer.from(BYTES).indexOf(Buffer.from([0x41, 0x07, 0x41, 0x23, 0x10, 0x00])) + 4;

function instantiate(engine: FerryEngine, wait: (a: number, b: number) => number): FerryInstance {
  const fn = jsHostFunction(engine, { params: ["i32", "i32"], results: ["i32"] }, (a, b) => wait(a as number, b as number), "wait");
  return engine.instantiate(engine.compile(BYTES), { env: { wait: fn } });
}

describe("ferry_hostcall_rewind", () => {
  it("moves a pending call back before its `call`, arguments on the stack; the snapshot resumes by calling again", () => {
    assert.ok(CALL_AT > 4);
    const engine = new FerryEngine();
    const instance = instantiate(engine, () => {
      throw new HostCallInterrupted();
    });
    const wasi = createWasi({});
    let snap: Snapshot | undefined;
    engine.onHostInterrupted = () => {
      assert.equal(engine.vm.hostcallRewind(), true);
      snap = captureSnapshot(engine, instance, wasi, BYTES);
      throw new Error("checkpoint taken");
    };
    assert.throws(() => invoke(instance, "run", 100), /checkpoint taken/);
    assert.ok(snap !== undefined);
    const [frame] = snap.frames;
    assert.equal(snap.frames.length, 1);
    assert.equal(frame!.pc, CALL_AT, "the frame stands before the call");
    assert.deepEqual(frame!.values, [100n, 100n, 7n, 35n], "local x, then the stack: x and the call's two arguments");
    assert.equal(snap.instructions, 3n, "local.get and two i32.const ran; the call is not counted");

    const again = new FerryEngine();
    const calls: Array<[number, number]> = [];
    const resumed = instantiate(again, (a, b) => {
      calls.push([a, b]);
      return a + b;
    });
    restoreSnapshot(again, resumed, snap);
    again.resumeRestored();
    assert.deepEqual(calls, [[7, 35]], "the call is issued again, once, with its arguments");
    wasi.close();
  });

  it("cannot rewind a call made through call_indirect (a host then waits on instead of interrupting)", () => {
    const bytes = wat(`(module
      (import "env" "wait" (func $wait (param i32 i32) (result i32)))
      (type $t (func (param i32 i32) (result i32)))
      (table 1 funcref)
      (elem (i32.const 0) $wait)
      (func (export "run") (param $x i32) (result i32)
        (i32.add (local.get $x) (call_indirect (type $t) (i32.const 7) (i32.const 35) (i32.const 0)))))`);
    const engine = new FerryEngine();
    const fn = jsHostFunction(engine, { params: ["i32", "i32"], results: ["i32"] }, () => {
      throw new HostCallInterrupted();
    }, "wait");
    const instance = engine.instantiate(engine.compile(bytes), { env: { wait: fn } });
    let checked = false;
    engine.onHostInterrupted = () => {
      assert.equal(engine.vm.hostcallRewind(false), false);
      assert.match(engine.vm.lastError().message, /not made by a call instruction/);
      checked = true;
    };
    assert.throws(() => invoke(instance, "run", 1), HostCallInterrupted);
    assert.ok(checked);
  });

  it("refuses when no host call is pending (the state is left as it was)", () => {
    const engine = new FerryEngine();
    instantiate(engine, (a, b) => a + b);
    assert.equal(engine.vm.hostcallRewind(), false);
    assert.match(engine.vm.lastError().message, /rewind: no pending host call/);
  });
});
