// Inexact slices (issue 4, ferry_run_within): a slice that only has to stay
// within N instructions (a checkpoint trigger's look at its flag) stops at the
// last fast segment start within N instead of stepping to exactly N; a
// snapshot taken at such a stop resumes to the output of an uninterrupted run.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getExport } from "../../host/engine.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import { ferrySkip } from "../helpers/wat.js";
import { stopFibAndResume } from "./fib-stop-resume.js";
import { SUM_LOOP } from "../helpers/sum-loop.js";


// A loop whose body is one fast segment of 12 instructions (sum-loop.ts).
const LOOP = SUM_LOOP;

/** Runs sum(100) in slices of `slice` and returns the instructions each slice ran. */
function sliceSizes(slice: number, exact: boolean): { sizes: number[]; result: bigint } {
  const engine = new FerryEngine({ fuelSlice: slice });
  engine.exactSlices = exact;
  const instance = engine.instantiate(engine.compile(LOOP));
  const sizes: number[] = [];
  let last = engine.vm.fuelUsed();
  engine.onSlice = () => {
    const now = engine.vm.fuelUsed();
    sizes.push(now - last);
    last = now;
  };
  const [r] = getExport(instance, "sum", "func").call([{ type: "i32", bits: 100n }]);
  return { sizes, result: r !== undefined && r.type === "i32" ? r.bits : -1n };
}

describe("inexact slices", { skip: ferrySkip }, () => {
  it("stop at the last segment start within the slice: whole loop bodies of 12, never more than 30", () => {
    const { sizes, result } = sliceSizes(30, false);
    assert.equal(result, 15150n);
    assert.ok(sizes.length > 10, `slices: ${sizes.join(",")}`);
    for (const n of sizes) assert.ok(n > 0 && n <= 30, `slice of ${n}`);
    // After the entry segment, every stop falls on the loop header: two bodies per slice.
    for (const n of sizes.slice(1)) assert.equal(n, 24, `slices: ${sizes.join(",")}`);
  });

  it("exact slices (the old mode, still there for budgets) step to exactly 30", () => {
    const { sizes, result } = sliceSizes(30, true);
    assert.equal(result, 15150n);
    for (const n of sizes) assert.equal(n, 30, `slices: ${sizes.join(",")}`);
  });

  it("a slice smaller than a segment still makes progress", () => {
    const { sizes, result } = sliceSizes(5, false);
    assert.equal(result, 15150n);
    for (const n of sizes) assert.ok(n > 0, `slices: ${sizes.join(",")}`);
  });

  it("a snapshot at an inexact stop resumes to the output of an uninterrupted run", () => {
    const engine = new FerryEngine({ fuelSlice: 10_000 });
    const stoppedAt = stopFibAndResume(engine, (stop) => {
      engine.onSlice = () => {
        if (engine.vm.fuelUsed() >= 2_000_000) stop();
      };
    });
    assert.ok(stoppedAt < 2_010_000, `stopped at ${stoppedAt}`);
  });
});
