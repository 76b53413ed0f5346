// --checkpoint-on: a SIGUSR1 sent, or a file created, while a workload runs
// stops it within 10,000 instructions of the trigger (the VM runs in a worker
// and reads a shared flag between fuel slices), writes the snapshot and exits
// 0; resuming on another runtime prints what an uninterrupted run prints.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import { availableRuntimes } from "./handover-helpers.js";
import { FIB, TRIGGER_LINE as LINE, ferry, ferryFiring } from "./trigger-helpers.js";

const FIB_N = "35"; // long enough (about a second in Ferry) that the trigger, sent 200 ms in, comes first

describe("ferry run/resume --checkpoint-on", () => {
  // The JS host's runtimes (the WASI build: tests/wasi-build/trigger.test.ts).
  const runtimes = availableRuntimes().filter((r) => r !== "wasi");
  let dir = "";
  let reference = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ferry-trigger-test-"));
    reference = ferry(["run", FIB, "--", FIB_N]).stdout;
    assert.equal(reference, `fib param=${FIB_N} checksum=9227465\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  runtimes.forEach((runtime, i) => {
    const other = runtimes[(i + 1) % runtimes.length]!;
    it(`SIGUSR1 stops a run on ${runtime} within 10,000 instructions; it resumes on ${other}`, async () => {
      const snap = join(dir, `sig-${runtime}.snap`);
      const first = await ferryFiring(["run", "--runtime", runtime, "--checkpoint-on", "SIGUSR1", "--snapshot", snap, FIB, "--", FIB_N], (pid) => process.kill(pid, "SIGUSR1"));
      assert.equal(first.status, 0, first.stderr);
      const m = LINE.exec(first.stderr);
      assert.ok(m !== null, first.stderr);
      assert.equal(m[1], "SIGUSR1");
      assert.ok(Number(m[3]) <= 10_000, `stopped ${m[3]} instructions after the trigger`);
      const rest = ferry(["resume", "--runtime", other, snap]);
      assert.equal(rest.status, 0, rest.stderr);
      assert.equal(first.stdout + rest.stdout, reference);
    });
  });

  it("file:PATH appearing stops run and resume; a chain of three runtimes gives the uninterrupted output", async () => {
    const [a, b, c] = [0, 1, 2].map((k) => runtimes[k % runtimes.length]!);
    const s1 = join(dir, "file1.snap");
    const s2 = join(dir, "file2.snap");
    const t1 = join(dir, "go1");
    const t2 = join(dir, "go2");
    const first = await ferryFiring(["run", "--runtime", a, "--checkpoint-on", `file:${t1}`, "--snapshot", s1, FIB, "--", FIB_N], () => writeFileSync(t1, ""));
    assert.equal(first.status, 0, first.stderr);
    assert.equal(LINE.exec(first.stderr)?.[1], `file:${t1}`);
    const second = await ferryFiring(["resume", "--runtime", b, "--checkpoint-on", "SIGUSR2", "--checkpoint-on", `file:${t2}`, "--snapshot", s2, s1], () => writeFileSync(t2, ""));
    assert.equal(second.status, 0, second.stderr);
    const m = LINE.exec(second.stderr);
    assert.ok(m !== null && Number(m[3]) <= 10_000, second.stderr);
    const third = ferry(["resume", "--runtime", c, s2]);
    assert.equal(third.status, 0, third.stderr);
    assert.equal(first.stdout + second.stdout + third.stdout, reference);
  });

  it("a trigger that never fires lets the workload finish with its own output", () => {
    const r = ferry(["run", "--checkpoint-on", "SIGUSR1", "--snapshot", join(dir, "never.snap"), FIB, "--", "20"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "fib param=20 checksum=6765\n");
    assert.match(r.stderr, /finished after \d+ instructions, before the checkpoint; no snapshot written/);
  });

  it("--checkpoint-after and --checkpoint-on together: whichever comes first", () => {
    const r = ferry(["run", "--checkpoint-after", "5000", "--checkpoint-on", "SIGUSR1", "--snapshot", join(dir, "both.snap"), FIB, "--", FIB_N]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /checkpoint after \d+ instructions: wrote/);
  });

  for (const [args, message] of [
    [["--checkpoint-on", "SIGFOO", "--snapshot", "x.snap"], /--checkpoint-on expects SIGUSR1, SIGUSR2, SIGHUP or file:PATH, got "SIGFOO"/],
    [["--checkpoint-on", "SIGUSR1"], /--checkpoint-on needs --snapshot FILE/],
    [["--checkpoint-on", "file:", "--snapshot", "x.snap"], /file:PATH needs a path/],
    [["--checkpoint-on", "file:/no/such/dir/x", "--snapshot", "x.snap"], /no such directory \/no\/such\/dir/],
    [["--checkpoint-on", `file:${FIB}`, "--snapshot", "x.snap"], /the file already exists/],
    [["--native", "--checkpoint-on", "SIGUSR1", "--snapshot", "x.snap"], /cannot be combined with --native/],
  ] as const) {
    it(`refuses ${args.join(" ")} with one line and exit 2`, () => {
      const r = ferry(["run", ...args, FIB, "--", "20"]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.equal(r.stdout, "");
    });
  }
});
