// Exact stops (issue 4): a budget of N instructions stops after exactly N,
// also when N ends inside a straight-line segment of the fast code (the frame
// finishes in the function's step-mode copy), and such a mid-segment
// snapshot resumes to the same output as an uninterrupted run, gives the same
// state on node, bun and deno, and returns to the fast code afterwards.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import { getExport } from "../../host/engine.js";
import { FerryExhaustion } from "../../host/errors.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import { findExecutable } from "../../host/runtimes/launch.js";
import { projectRoot } from "../../host/vm.js";
import { decode } from "../../migrate/snapshot/format.js";
import type { Snapshot } from "../../migrate/snapshot/model.js";
import { ferrySkip, wat } from "../helpers/wat.js";
import { SUM_LOOP } from "../helpers/sum-loop.js";

const CLI = join(projectRoot(), "bin", "ferry.js");
const PROGRESS = join(projectRoot(), "examples", "progress.wasm");

function ferry(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

// A loop whose body is one fast segment of 12 instructions (sum-loop.ts).
const LOOP = SUM_LOOP;

describe("exact stops", { skip: ferrySkip }, () => {
  it("a budget of N charges exactly N instructions, for every N across segment boundaries", () => {
    for (let fuel = 1; fuel <= 80; fuel++) {
      const engine = new FerryEngine({ fuel });
      const instance = engine.instantiate(engine.compile(LOOP));
      const start = engine.vm.fuelUsed();
      assert.throws(() => getExport(instance, "sum", "func").call([{ type: "i32", bits: 100n }]),
        (e: unknown) => e instanceof FerryExhaustion && e.reason === "fuel", `fuel ${fuel}`);
      assert.equal(engine.vm.fuelUsed() - start, fuel, `fuel ${fuel}`);
    }
  });

  it("gives the same results when every slice ends inside a segment", () => {
    // Slices of 5 against a 12-instruction loop body: most slices end mid-segment and step.
    const engine = new FerryEngine({ fuel: 1_000_000, fuelSlice: 5 });
    engine.exactSlices = true; // intermediate slices are inexact by default (inexact-slice.test.ts)
    const instance = engine.instantiate(engine.compile(LOOP));
    assert.deepEqual(getExport(instance, "sum", "func").call([{ type: "i32", bits: 100n }]), [{ type: "i32", bits: 15150n }]);
    // Slices of 7 against recursive calls: frames enter step copies inside calls and return into them.
    const fibWat = wat(`
      (module (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                         (call $fib (i32.sub (local.get 0) (i32.const 2))))))))
    `);
    const sliced = new FerryEngine({ fuel: 10_000_000, fuelSlice: 7 });
    sliced.exactSlices = true;
    const a = sliced.instantiate(sliced.compile(fibWat));
    assert.deepEqual(getExport(a, "fib", "func").call([{ type: "i32", bits: 15n }]), [{ type: "i32", bits: 610n }]);
  });
});

describe("ferry run --checkpoint-after N stops at exactly N", { skip: ferrySkip }, () => {
  let dir = "";
  let reference = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ferry-exact-test-"));
    const r = ferry("run", PROGRESS);
    assert.equal(r.status, 0, r.stderr);
    reference = r.stdout;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function checkpoint(n: number, runtime = "node"): Snapshot {
    const snap = join(dir, `${runtime}-${n}.snap`);
    const r = ferry("run", "--runtime", runtime, "--checkpoint-after", String(n), "--snapshot", snap, PROGRESS);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`checkpoint after ${n} instructions`));
    return decode(readFileSync(snap));
  }

  it("for 24 consecutive N (inside and at the edges of segments): counter == N, resume == uninterrupted", { timeout: 120_000 }, () => {
    const innermost = new Set<number>();
    for (let n = 990; n < 1014; n++) {
      const s = checkpoint(n);
      assert.equal(s.instructions, BigInt(n));
      innermost.add(s.frames[s.frames.length - 1]!.pc);
      const first = ferry("run", "--checkpoint-after", String(n), "--snapshot", join(dir, "again.snap"), PROGRESS);
      const rest = ferry("resume", join(dir, `node-${n}.snap`));
      assert.equal(rest.status, 0, rest.stderr);
      assert.equal(first.stdout + rest.stdout, reference, `N = ${n}`);
    }
    // Stops inside segments land on many different instructions.
    assert.ok(innermost.size >= 8, `only ${innermost.size} distinct innermost pcs`);
  });

  it("chains exact checkpoints: N1 then N2 more gives the counter N1 + N2", () => {
    const a = join(dir, "chain-a.snap");
    const b = join(dir, "chain-b.snap");
    assert.equal(ferry("run", "--checkpoint-after", "12347", "--snapshot", a, PROGRESS).status, 0);
    const r2 = ferry("resume", "--checkpoint-after", "5003", "--snapshot", b, a);
    assert.equal(r2.status, 0, r2.stderr);
    assert.equal(decode(readFileSync(b)).instructions, 17350n);
    const first = ferry("run", "--checkpoint-after", "12347", "--snapshot", join(dir, "chain-c.snap"), PROGRESS);
    const r3 = ferry("resume", b);
    assert.equal(first.stdout + r2.stdout + r3.stdout, reference);
  });

  for (const runtime of ["bun", "deno"]) {
    it(`the same N gives the same state on node and ${runtime}`, { skip: findExecutable(runtime) === undefined && `${runtime} not found`, timeout: 60_000 }, () => {
      for (const n of [1003, 250_001]) {
        const a = checkpoint(n, "node");
        const b = checkpoint(n, runtime);
        // Everything but the host's clock reading.
        assert.deepEqual(
          { ...b, wasi: { ...b.wasi, clock: undefined } },
          { ...a, wasi: { ...a.wasi, clock: undefined } },
          `N = ${n}`,
        );
      }
    });
  }
});
