// Probes (instrument/probes.ts) on a small WAT program whose events are
// counted by hand below: each kind fires exactly at the expected events with
// the expected data, callbacks can read and write the frame, probes can be
// added and removed while the workload runs, and probes never change results
// (differential against the native engine and against a run without probes).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getExport } from "../../host/engine.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import type { FerryInstance } from "../../host/ferry-engine.js";
import { NativeEngine } from "../../host/native-engine.js";
import type { Value } from "../../host/values.js";
import { OP, opcodeAt } from "../../instrument/decode.js";
import { ProbeStop, Probes } from "../../instrument/probes.js";
import { ferrySkip, wat } from "../helpers/wat.js";

// run(n): for i in [0, n): mem[4i] = sq(i); acc += mem[4i]; acc += table[i & 1](i)
// (table: 0 sq, 1 inc); then memory.grow 1; returns acc.
const PROGRAM = wat(`
  (module
    (type $t (func (param i32) (result i32)))
    (memory (export "memory") 1)
    (table 2 funcref)
    (elem (i32.const 0) $sq $inc)
    (func $sq (type $t) (i32.mul (local.get 0) (local.get 0)))
    (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
    (func $run (export "run") (param $n i32) (result i32) (local $i i32) (local $acc i32)
      (block $done
        (loop $l
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (i32.store (i32.mul (local.get $i) (i32.const 4)) (call $sq (local.get $i)))
          (local.set $acc (i32.add (local.get $acc) (i32.load (i32.mul (local.get $i) (i32.const 4)))))
          (local.set $acc (i32.add (local.get $acc)
            (call_indirect (type $t) (local.get $i) (i32.and (local.get $i) (i32.const 1)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l)))
      (drop (memory.grow (i32.const 1)))
      (local.get $acc)))
`);
const N = 10;
const SQ = 0, INC = 1, RUN = 2;
/** The result by hand: sum i^2, plus i^2 for even i, plus i + 1 for odd i. */
function expected(n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc += i * i + (i % 2 === 0 ? i * i : i + 1);
  return acc;
}

const i32 = (v: number): Value => ({ type: "i32", bits: BigInt(v >>> 0) });
const num = (v: Value | undefined): number => (v !== undefined && "bits" in v ? Number(v.bits) : NaN);

function setup(): { engine: FerryEngine; instance: FerryInstance; probes: Probes; run: (n: number) => number } {
  const engine = new FerryEngine();
  const instance = engine.instantiate(engine.compile(PROGRAM));
  const probes = new Probes(engine, instance, PROGRAM);
  const run = (n: number) => num(getExport(instance, "run", "func").call([i32(n)])[0]);
  return { engine, instance, probes, run };
}

/** Offsets of the instructions with opcode `op` in function `index`. */
function sitesOf(probes: Probes, index: number, op: number): number[] {
  return probes.offsets(index).filter((pc) => opcodeAt(PROGRAM, pc) === op);
}

describe("probes", { skip: ferrySkip }, () => {
  it("the program computes the hand-derived result natively and in Ferry without probes", () => {
    const native = new NativeEngine();
    const ni = native.instantiate(native.compile(PROGRAM));
    assert.equal(num(getExport(ni, "run", "func").call([i32(N)])[0]), expected(N));
    assert.equal(setup().run(N), expected(N));
  });

  it("a probe at (function, offset) fires before that instruction each time it runs, with the frame", () => {
    const { probes, run } = setup();
    const [call] = sitesOf(probes, RUN, OP.CALL);
    const seen: number[] = [];
    probes.at("run", call!, (ctx) => {
      assert.equal(ctx.funcIndex, RUN);
      assert.equal(ctx.funcName, "run");
      assert.equal(ctx.pc, call);
      assert.equal(num(ctx.locals.get(0)), N); // $n
      seen.push(num(ctx.stack.peek(0))); // the argument of sq: i
    });
    assert.equal(run(N), expected(N));
    assert.deepEqual(seen, [...Array(N).keys()]);
  });

  it("a global probe fires once per executed instruction (the same count as the exact fuel counter)", () => {
    const plain = setup();
    const before = plain.engine.vm.fuelUsed();
    plain.run(N);
    const instructions = plain.engine.vm.fuelUsed() - before;
    const { probes, run } = setup();
    let count = 0;
    const perFunc = [0, 0, 0];
    probes.everyInstruction((ctx) => { count++; perFunc[ctx.funcIndex]!++; });
    assert.equal(run(N), expected(N));
    assert.equal(count, instructions);
    // sq: local.get, local.get, i32.mul, end = 4 per call, 15 calls; inc likewise 4 x 5.
    assert.deepEqual(perFunc.slice(0, 2), [4 * 15, 4 * 5]);
  });

  it("entry and exit fire once per call, with arguments and results", () => {
    const { probes, run } = setup();
    const entries: Array<[number, number]> = [];
    const exits: Array<[number, number]> = [];
    probes.onEntry((ctx, e) => entries.push([ctx.funcIndex, e.args.length ? num(e.args[0]) : -1]));
    probes.onExit((ctx, e) => exits.push([ctx.funcIndex, num(e.results[0])]));
    assert.equal(run(N), expected(N));
    const count = (list: Array<[number, number]>, f: number) => list.filter(([g]) => g === f).length;
    assert.deepEqual([count(entries, SQ), count(entries, INC), count(entries, RUN)], [15, 5, 1]);
    assert.deepEqual([count(exits, SQ), count(exits, INC), count(exits, RUN)], [15, 5, 1]);
    assert.deepEqual(exits.filter(([f]) => f === INC).map(([, r]) => r), [2, 4, 6, 8, 10]);
    assert.deepEqual(exits[exits.length - 1], [RUN, expected(N)]);
    assert.deepEqual(entries[0], [RUN, N]);
  });

  it("memory probes give each load and store with address, size and value", () => {
    const { probes, run } = setup();
    const events: string[] = [];
    probes.onMemory((_, e) => events.push(`${e.op}@${e.address}/${e.size}=${num(e.value)}`));
    assert.equal(run(N), expected(N));
    const want: string[] = [];
    for (let i = 0; i < N; i++) want.push(`i32.store@${4 * i}/4=${i * i}`, `i32.load@${4 * i}/4=${i * i}`);
    assert.deepEqual(events, want);
  });

  it("branch probes give br_if (taken once, at the end), br (always, to the loop) with targets", () => {
    const { probes, run } = setup();
    const events: Array<[string, boolean, number]> = [];
    probes.onBranch((_, e) => events.push([e.op, e.taken, e.target]));
    assert.equal(run(N), expected(N));
    const brIf = events.filter(([op]) => op === "br_if");
    const br = events.filter(([op]) => op === "br");
    assert.equal(brIf.length, N + 1);
    assert.deepEqual(brIf.map(([, t]) => t), [...Array(N).fill(false), true]);
    assert.equal(br.length, N);
    assert.ok(br.every(([, t]) => t));
    // br goes to the loop body's first instruction; the taken br_if past the block's end (memory.grow's i32.const).
    const offs = probes.offsets(RUN);
    const loop = offs.find((pc) => opcodeAt(PROGRAM, pc) === OP.LOOP)!;
    assert.equal(br[0]![2], offs[offs.indexOf(loop) + 1]);
    const grow = offs.find((pc) => opcodeAt(PROGRAM, pc) === OP.MEMORY_GROW)!;
    assert.equal(brIf[N]![2], offs[offs.indexOf(grow) - 1]);
    assert.equal(brIf[0]![2], offs[offs.indexOf(brIf.length ? sitesOf(probes, RUN, OP.BR_IF)[0]! : 0) + 1]);
  });

  it("call probes give caller, callee (also through the table) and arguments", () => {
    const { probes, run } = setup();
    const calls: Array<[number, boolean, number, number]> = [];
    probes.onCall((ctx, e) => calls.push([ctx.funcIndex, e.indirect, e.callee, num(e.args[0])]));
    assert.equal(run(N), expected(N));
    const want: Array<[number, boolean, number, number]> = [];
    for (let i = 0; i < N; i++) want.push([RUN, false, SQ, i], [RUN, true, i % 2 === 0 ? SQ : INC, i]);
    assert.deepEqual(calls, want);
  });

  it("memory.grow probes give the delta and the size before", () => {
    const { probes, run } = setup();
    const grows: Array<[number, number]> = [];
    probes.onMemoryGrow((_, e) => grows.push([e.delta, e.pages]));
    assert.equal(run(N), expected(N));
    assert.deepEqual(grows, [[1, 1]]);
  });

  it("callbacks can write locals and operand stack values", () => {
    const { probes, run } = setup();
    // At sq's entry, its param becomes 3: every sq call returns 9.
    probes.onEntry((ctx) => ctx.locals.set(0, i32(3)), "sq");
    let acc = 0;
    for (let i = 0; i < N; i++) acc += 9 + (i % 2 === 0 ? 9 : i + 1);
    assert.equal(run(N), acc);
    const b = setup();
    // Before run's final local.get... rather: at memory.grow, the delta on the stack becomes 0.
    const grows: number[] = [];
    b.probes.onMemoryGrow((ctx) => ctx.stack.poke(0, i32(0)));
    b.probes.onMemoryGrow((_, e) => grows.push(e.delta));
    assert.equal(b.run(N), expected(N));
    assert.deepEqual(grows, [0]);
    const memory = getExport(b.instance, "memory", "memory");
    assert.equal(memory.bytes().length, 65536, "the grow of 0 pages left one page");
  });

  it("probes are added and removed while the workload runs, also in a function already running", () => {
    const { probes, run } = setup();
    let loads = 0;
    let sqCalls = 0;
    const entry = probes.onEntry(() => {
      sqCalls++;
      // First sq call: `run` is running (a caller in its fast code) — probe its loads now.
      if (sqCalls === 1) probes.onMemory((_, e) => { if (!e.store) loads++; }, "run");
      if (sqCalls === 3) probes.remove(entry);
    }, "sq");
    assert.equal(run(N), expected(N));
    assert.equal(sqCalls, 3);
    assert.equal(loads, N);
  });

  it("a callback can stop the run or ask for a checkpoint", () => {
    const a = setup();
    let fired = 0;
    a.probes.onCall((ctx) => { if (++fired === 4) ctx.stop(); });
    assert.throws(() => a.run(N), ProbeStop);
    assert.equal(fired, 4);

    const engine = new FerryEngine();
    const instance = engine.instantiate(engine.compile(PROGRAM));
    const at: number[] = [];
    const probes = new Probes(engine, instance, PROGRAM, { onCheckpoint: (ctx) => at.push(ctx.pc) });
    probes.onMemoryGrow((ctx) => ctx.requestCheckpoint());
    assert.equal(num(getExport(instance, "run", "func").call([i32(N)])[0]), expected(N));
    assert.deepEqual(at, sitesOf(probes, RUN, OP.MEMORY_GROW));
  });

  it("all probe kinds together do not change the result, and removing them all returns to the fast code", () => {
    const { probes, run, engine } = setup();
    const handles = [
      probes.everyInstruction(() => {}),
      probes.onEntry(() => {}), probes.onExit(() => {}), probes.onMemory(() => {}),
      probes.onBranch(() => {}), probes.onCall(() => {}), probes.onMemoryGrow(() => {}),
    ];
    for (const n of [0, 1, 7, N]) assert.equal(run(n), expected(n));
    for (const h of handles) probes.remove(h);
    const before = engine.vm.fuelUsed();
    assert.equal(run(N), expected(N));
    const plain = setup();
    const p0 = plain.engine.vm.fuelUsed();
    plain.run(N);
    assert.equal(engine.vm.fuelUsed() - before, plain.engine.vm.fuelUsed() - p0);
  });
});
