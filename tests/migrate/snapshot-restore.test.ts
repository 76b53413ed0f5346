// Restore validation in the VM: snapshots with valid checksums but state that
// does not fit the module (a pc that is no resume point, a wrong function,
// wrong stack types or heights) are refused with exit 2, nothing run.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import { decode, encode } from "../../migrate/snapshot/format.js";
import type { Snapshot } from "../../migrate/snapshot/model.js";
import { VALTYPE } from "../../migrate/snapshot/model.js";
import { projectRoot } from "../../host/vm.js";

const CLI = join(projectRoot(), "bin", "ferry.js");
const PROGRESS = join(projectRoot(), "examples", "progress.wasm");

function ferry(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
}

describe("restore validation", () => {
  let dir = "";
  let good: Snapshot;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ferry-restore-test-"));
    const snap = join(dir, "good.snap");
    assert.equal(ferry("run", "--checkpoint-after", "300000", "--snapshot", snap, PROGRESS).status, 0);
    good = decode(readFileSync(snap));
    assert.ok(good.frames.length >= 3, "fib frames on the stack");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: Array<[string, (s: Snapshot) => void, RegExp]> = [
    ["a pc inside a segment", (s) => { s.frames[s.frames.length - 1]!.pc += 1; }, /not a resume point/],
    ["a function index out of range", (s) => { s.frames[0]!.funcIndex = 999; }, /function index out of range/],
    ["an imported function as a frame", (s) => { s.frames[0]!.funcIndex = 0; }, /not defined/],
    ["a wrong local type", (s) => { s.frames[1]!.types[0] = VALTYPE.f64; }, /local type mismatch/],
    ["a caller whose stack lacks a value", (s) => { const f = s.frames[0]!; f.types.pop(); f.values.pop(); }, /caller|height/],
    ["a callee that is not the called function", (s) => { s.frames[1]!.funcIndex = 5; }, /mismatch|not suspended|count|resume point/],
  ];
  for (const [what, tamper, why] of cases) {
    it(`refuses ${what}`, () => {
      const s = structuredClone(good);
      tamper(s);
      const path = join(dir, "bad.snap");
      writeFileSync(path, encode(s));
      const r = ferry("resume", path);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, why);
    });
  }
});
