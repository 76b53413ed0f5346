// Monitors computed inside the VM, checked on small WAT programs against
// counts worked out by hand from the programs (never from Ferry's output).
// Counting rule (docs/instrumentation.md): every instruction that runs counts
// once, including `block`, `loop`, `if`, `else` and an `end` reached by
// falling into it; a branch lands after its target's `end`, so that `end` is
// not counted; the instruction that traps counts, the rest of its code not.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FerryEngine, FerryModule } from "../../host/ferry-engine.js";
import { invoke } from "../../host/engine.js";
import { FerryTrap } from "../../host/errors.js";
import { collectReport } from "../../instrument/report.js";
import { MONITORS, monitorMask, parseMonitorList } from "../../instrument/monitors/index.js";
import type { BranchSite } from "../../instrument/monitors/branches.js";
import type { CallEdge } from "../../instrument/monitors/calls.js";
import type { CoverageData } from "../../instrument/monitors/coverage.js";
import type { LoopHeat } from "../../instrument/monitors/hotness.js";
import type { MemoryData } from "../../instrument/monitors/memory.js";
import type { OpcodeCount } from "../../instrument/monitors/opcodes.js";
import type { FuncProfile } from "../../instrument/monitors/profile.js";
import { ferrySkip, wat } from "../helpers/wat.js";

/** Runs `calls` on a fresh VM with every monitor on; returns the report's monitors. */
function monitored(text: string, calls: Array<[string, number]>): Record<string, unknown> {
  const engine = new FerryEngine();
  engine.vm.monitorEnable(monitorMask(MONITORS));
  const module = engine.compile(wat(text)) as FerryModule;
  const instance = engine.instantiate(module, {});
  for (const [name, arg] of calls) {
    try {
      invoke(instance, name, arg);
    } catch (e) {
      if (!(e instanceof FerryTrap)) throw e;
    }
  }
  return collectReport(engine.vm, module.handle, MONITORS).monitors;
}

const opcodeMap = (ops: unknown) => new Map((ops as OpcodeCount[]).map((o) => [o.opcode, o.count]));

// sum(n) = 0 + 1 + ... + n-1 with a counting loop.
const SUM = `(module
  (func $sum (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $acc)))`;

// main(n): stores fact(n) in page 1, a byte in page 0, doubles fact(n) through the table.
const CALLS = `(module
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $double $fact)
  (memory 2)
  (func $double (type $t) (i32.mul (local.get 0) (i32.const 2)))
  (func $fact (type $t)
    (if (result i32) (i32.le_u (local.get 0) (i32.const 1))
      (then (i32.const 1))
      (else (i32.mul (local.get 0) (call $fact (i32.sub (local.get 0) (i32.const 1)))))))
  (func $main (export "main") (param $n i32) (result i32)
    (i32.store (i32.const 65536) (call $fact (local.get $n)))
    (i32.store8 (i32.const 8) (i32.const 7))
    (call_indirect (type $t) (i32.load (i32.const 65536)) (i32.const 0))))`;

// classify(x): br_table over three labels (x >= 2 takes the default).
const TABLE = `(module
  (func $classify (export "classify") (param i32) (result i32)
    (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 11)))
    (i32.const 12)))`;

// inc_div(x) = 1 / x + 1: traps for x = 0.
const TRAP = `(module
  (func $f (export "f") (param i32) (result i32)
    (i32.add (i32.div_u (i32.const 1) (local.get 0)) (i32.const 1))))`;

describe("monitors inside the VM", { skip: ferrySkip }, () => {
  it("count and opcodes: a loop of 10 iterations runs 138 instructions", () => {
    // Entry block + loop (2); 10 iterations of check (4) + body (8) + br (1);
    // the last check (4), then local.get $acc and the function's end (2).
    const m = monitored(SUM, [["sum", 10]]);
    assert.deepEqual(m.count, { instructions: 2 + 10 * 13 + 4 + 2 });
    const ops = opcodeMap(m.opcodes);
    assert.equal(ops.get("local.get"), 10 * 5 + 2 + 1);
    assert.equal(ops.get("i32.add"), 20);
    assert.equal(ops.get("local.set"), 20);
    assert.equal(ops.get("i32.const"), 10);
    assert.equal(ops.get("i32.ge_u"), 11);
    assert.equal(ops.get("br_if"), 11);
    assert.equal(ops.get("br"), 10);
    assert.equal(ops.get("block"), 1);
    assert.equal(ops.get("loop"), 1);
    assert.equal(ops.get("end"), 1);
    assert.equal([...ops.values()].reduce((a, b) => a + b, 0), 138);
  });

  it("branches, hotness and coverage of the loop", () => {
    const m = monitored(SUM, [["sum", 10]]);
    const sites = m.branches as BranchSite[];
    assert.equal(sites.length, 1);
    assert.equal(sites[0]!.kind, "br_if");
    assert.deepEqual(sites[0]!.counts, [1, 10]);
    const loops = m.hotness as LoopHeat[];
    assert.equal(loops.length, 1);
    assert.equal(loops[0]!.name, "sum");
    assert.equal(loops[0]!.iterations, 11); // entry + 10 back edges
    const cov = m.coverage as CoverageData;
    // 19 instructions; the loop's and the block's `end` never run (br and br_if jump past them).
    assert.deepEqual([cov.functions[0]!.executed, cov.functions[0]!.instructions], [17, 19]);
    assert.equal(cov.functions[0]!.ranges.length, 2);
  });

  it("profile and calls: recursion, direct and indirect calls", () => {
    // fact(n > 1): 4 (condition, if) + 7 (else arm up to the if's end) + 1 (end) = 12;
    // fact(1): 4 + 2 (then arm, else) + 1 = 7. fact(5) = 4 * 12 + 7 = 55.
    // double: 4. main: 4 + 3 + 4 + 1 = 12.
    const m = monitored(CALLS, [["main", 5]]);
    const prof = new Map((m.profile as FuncProfile[]).map((f) => [f.name, f]));
    assert.deepEqual({ ...prof.get("fact")!, func: 0 }, { func: 0, name: "fact", calls: 5, self: 55, total: 55 });
    assert.deepEqual({ ...prof.get("double")!, func: 0 }, { func: 0, name: "double", calls: 1, self: 4, total: 4 });
    assert.deepEqual({ ...prof.get("main")!, func: 0 }, { func: 0, name: "main", calls: 1, self: 12, total: 71 });
    assert.deepEqual(m.count, { instructions: 71 });
    const edges = (m.calls as CallEdge[]).map((e) => `${e.callerName}->${e.calleeName} ${e.kind} ${e.count}`).sort();
    assert.deepEqual(edges, ["fact->fact direct 4", "main->double indirect 1", "main->fact direct 1"]);
    const ifs = (m.branches as BranchSite[]).filter((s) => s.kind === "if");
    assert.deepEqual(ifs.map((s) => s.counts), [[1, 4]]); // then once (n = 1), else 4 times
  });

  it("memory: accesses per page and the address range", () => {
    const m = monitored(CALLS, [["main", 5]]);
    const mem = m.memory as MemoryData;
    assert.equal(mem.loads, 1);
    assert.equal(mem.stores, 2);
    assert.equal(mem.minAddress, 8);
    assert.equal(mem.maxAddress, 65536 + 3);
    assert.deepEqual(mem.pages, [
      { page: 0, loads: 0, stores: 1, bytesLoaded: 0, bytesStored: 1 },
      { page: 1, loads: 1, stores: 1, bytesLoaded: 4, bytesStored: 4 },
    ]);
  });

  it("br_table counts each target", () => {
    const m = monitored(TABLE, [["classify", 0], ["classify", 1], ["classify", 1], ["classify", 7]]);
    const sites = m.branches as BranchSite[];
    assert.equal(sites.length, 1);
    assert.equal(sites[0]!.kind, "br_table");
    assert.deepEqual(sites[0]!.counts, [1, 2, 1]);
  });

  it("a trap stops the count at the trapping instruction", () => {
    // f(1): i32.const, local.get, div_u, i32.const, add, end = 6; f(0) traps at div_u: 3.
    const m = monitored(TRAP, [["f", 1], ["f", 0]]);
    assert.deepEqual(m.count, { instructions: 9 });
    const ops = opcodeMap(m.opcodes);
    assert.deepEqual([ops.get("i32.const"), ops.get("local.get"), ops.get("i32.div_u"), ops.get("i32.add"), ops.get("end")], [3, 2, 2, 1, 1]);
    const prof = (m.profile as FuncProfile[])[0]!;
    assert.deepEqual([prof.calls, prof.self, prof.total], [2, 9, 9]);
  });

  it("the program's results do not change", () => {
    for (const mask of [0, monitorMask(MONITORS)]) {
      const engine = new FerryEngine();
      engine.vm.monitorEnable(mask);
      const instance = engine.instantiate(engine.compile(wat(CALLS)), {});
      assert.equal(invoke(instance, "main", 6), 1440);
    }
  });

  it("monitor lists: names, all, unknown", () => {
    assert.deepEqual(parseMonitorList("coverage,count").map((m) => m.name), ["count", "coverage"]);
    assert.equal(parseMonitorList("all").length, 8);
    assert.throws(() => parseMonitorList("count,nope"), /unknown monitor "nope"/);
  });
});
