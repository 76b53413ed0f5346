// Monitors on a run longer than the VM's internal fuel slice (2^20
// instructions): the slice boundaries fall inside segments of monitor copies
// (whose segment starts are M_FUEL), and the run must go on as if unsliced:
// the same output and the same instruction total as with `count` alone.

import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { projectRoot } from "../../host/vm.js";
import { ferryRun } from "../wasi/harness.js";

const FIB = join(projectRoot(), "..", "shared", "workloads", "bench", "fib.wasm");

describe("monitors on a run of several VM slices", () => {
  it("fib 25 (about 3M instructions) with the segment monitors gives the right result and counts every instruction", async () => {
    const plain = await ferryRun(["--monitor", "count", FIB, "--", "25"], tmpdir());
    const all = await ferryRun(["--monitor", "count,opcodes,profile,coverage,hotness", FIB, "--", "25"], tmpdir());
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(all.code, 0, all.stderr);
    assert.equal(all.stdout, "fib param=25 checksum=75025\n");
    const total = (s: string) => Number(/^instructions\s+(\d+)$/m.exec(s)?.[1] ?? NaN);
    assert.ok(total(plain.stderr) > 2 ** 21, plain.stderr);
    assert.equal(total(all.stderr), total(plain.stderr));
  });
});
