// Suspend/resume through the CLI: `ferry run --checkpoint-after N --snapshot
// FILE` then `ferry resume FILE` must print exactly what an uninterrupted run
// prints, at any N and on another runtime; a corrupt or truncated snapshot is
// refused with one line and exit 2, and the file is left as it was.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import { findExecutable } from "../../host/runtimes/launch.js";
import { projectRoot } from "../../host/vm.js";

const CLI = join(projectRoot(), "bin", "ferry.js");
const PROGRESS = join(projectRoot(), "examples", "progress.wasm");

function ferry(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe("ferry run --checkpoint-after + ferry resume", () => {
  let dir = "";
  let reference = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ferry-snap-test-"));
    const r = ferry("run", PROGRESS);
    assert.equal(r.status, 0, r.stderr);
    reference = r.stdout;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  // 8583 ends right after the first fd_write returns (a budget used up by a host call).
  for (const n of [1, 40, 8583, 12_345, 700_001, 2_500_000]) {
    it(`resumes on node after ${n} instructions with the uninterrupted output`, () => {
      const snap = join(dir, `n${n}.snap`);
      const first = ferry("run", "--checkpoint-after", String(n), "--snapshot", snap, PROGRESS);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stderr, /checkpoint after \d+ instructions/);
      const rest = ferry("resume", snap);
      assert.equal(rest.status, 0, rest.stderr);
      assert.equal(first.stdout + rest.stdout, reference);
      assert.ok(rest.stdout.length > 0, "the checkpoint came before the end");
    });
  }

  it("checkpoints after exactly N instructions", () => {
    const snap = join(dir, "count.snap");
    const r = ferry("run", "--checkpoint-after", "1000", "--snapshot", snap, PROGRESS);
    const executed = Number(/checkpoint after (\d+) instructions/.exec(r.stderr)?.[1]);
    assert.equal(executed, 1000);
    const info = JSON.parse(ferry("inspect", "--json", snap).stdout) as { instructions: string; frames: Array<{ name: string }> };
    assert.equal(info.instructions, String(executed));
    assert.equal(info.frames[0]!.name, "_start");
  });

  it("chains checkpoints: a resumed run can checkpoint again", () => {
    const a = join(dir, "a.snap");
    const b = join(dir, "b.snap");
    const r1 = ferry("run", "--checkpoint-after", "600000", "--snapshot", a, PROGRESS);
    const r2 = ferry("resume", "--checkpoint-after", "600000", "--snapshot", b, a);
    const r3 = ferry("resume", b);
    assert.equal(r1.stdout + r2.stdout + r3.stdout, reference);
  });

  it("resumes a node snapshot on bun", { skip: findExecutable("bun") === undefined }, () => {
    const snap = join(dir, "bun.snap");
    const first = ferry("run", "--checkpoint-after", "1500000", "--snapshot", snap, PROGRESS);
    const rest = ferry("resume", "--runtime", "bun", snap);
    assert.equal(rest.status, 0, rest.stderr);
    assert.equal(first.stdout + rest.stdout, reference);
  });

  it("moves a workload with open files to another directory (resume --dir)", () => {
    const input = join(projectRoot(), "..", "shared", "workloads", "wasi", "stream-small.in");
    const stream = join(projectRoot(), "..", "shared", "workloads", "wasi", "stream.wasm");
    const [ref, src, dst] = ["ref", "src", "dst"].map((d) => join(dir, d));
    for (const d of [ref, src, dst]) {
      mkdirSync(d);
      copyFileSync(input, join(d, "in"));
    }
    const whole = ferry("run", "--dir", `${ref}::.`, stream, "in", "out", "50");
    assert.equal(whole.status, 0, whole.stderr);
    const snap = join(dir, "files.snap");
    const first = ferry("run", "--dir", `${src}::.`, "--checkpoint-after", "1000000", "--snapshot", snap, stream, "in", "out", "50");
    assert.equal(first.status, 0, first.stderr);
    copyFileSync(join(src, "out"), join(dst, "out")); // the partial output moves with the workload
    const rest = ferry("resume", "--dir", `${dst}::.`, snap);
    assert.equal(rest.status, 0, rest.stderr);
    assert.equal(first.stdout + rest.stdout, whole.stdout);
    assert.deepEqual(readFileSync(join(dst, "out")), readFileSync(join(ref, "out")));
  });

  it("refuses a corrupted or truncated snapshot with exit 2 and leaves it untouched", () => {
    const snap = join(dir, "bad.snap");
    ferry("run", "--checkpoint-after", "5000", "--snapshot", snap, PROGRESS);
    const good = readFileSync(snap);
    const corrupt = Buffer.from(good);
    corrupt[corrupt.length - 300] ^= 0x40;
    for (const [name, bytes, why] of [["corrupt", corrupt, /CRC-32 mismatch/], ["truncated", good.subarray(0, 200), /truncated/]] as const) {
      const path = join(dir, `${name}.snap`);
      writeFileSync(path, bytes);
      const r = ferry("resume", path);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr.trim().split("\n").length, 1);
      assert.match(r.stderr, why);
      assert.deepEqual(readFileSync(path), Buffer.from(bytes));
    }
  });
});
