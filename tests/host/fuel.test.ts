// Fuel budgets that end inside a straight-line segment: the VM yields without
// consuming when fewer than the segment's K units are left, and the host must
// report fuel exhaustion instead of calling ferry_run again forever.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getExport, invoke } from "../../host/engine.js";
import { FerryExhaustion } from "../../host/errors.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import { projectRoot } from "../../host/vm.js";
import { SUM_LOOP } from "../helpers/sum-loop.js";
import { ferrySkip } from "../helpers/wat.js";

const BENCH = join(projectRoot(), "..", "shared", "workloads", "bench");

describe("fuel budgets", { skip: ferrySkip }, () => {
  it("stops with FerryExhaustion whatever the remainder of the budget (no endless YIELD loop)", { timeout: 20_000 }, () => {
    const bytes = readFileSync(join(BENCH, "fib.bare.wasm"));
    // Some of these budgets leave a remainder smaller than the next segment's charge.
    for (let fuel = 1000; fuel < 1016; fuel++) {
      const engine = new FerryEngine({ fuel });
      const instance = engine.instantiate(engine.compile(bytes));
      const start = engine.vm.fuelUsed();
      assert.throws(() => invoke(instance, "bench"), (e: unknown) => e instanceof FerryExhaustion && e.reason === "fuel", `fuel ${fuel}`);
      const used = engine.vm.fuelUsed() - start;
      assert.ok(used <= fuel, `fuel ${fuel}: charged ${used}, more than the budget`);
    }
  });

  it("retries with the whole budget when one slice is smaller than a segment", { timeout: 20_000 }, () => {
    const engine = new FerryEngine({ fuel: 1_000_000, fuelSlice: 1 });
    const instance = engine.instantiate(engine.compile(SUM_LOOP));
    assert.deepEqual(getExport(instance, "sum", "func").call([{ type: "i32", bits: 100n }]), [{ type: "i32", bits: 15150n }]);
  });

  it("`ferry run --fuel 1000 fib.wasm 30` exits 3 with a fuel message", { timeout: 60_000 }, () => {
    const r = spawnSync(process.execPath, [join(projectRoot(), "bin", "ferry.js"), "run", "--fuel", "1000", join(BENCH, "fib.wasm"), "30"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.equal(r.signal, null, "ferry run did not finish (killed after 30 s)");
    assert.equal(r.status, 3);
    assert.match(r.stderr, /fuel exhausted \(--fuel 1000\)/);
  });
});
