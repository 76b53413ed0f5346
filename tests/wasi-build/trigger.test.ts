// --checkpoint-on on the WASI build (build/ferry-wasi.wasm): the VM looks for
// trigger files (`--trigger-file PATH`, every 10,000 instructions and after
// every host call); `ferry run/resume --runtime wasi|ferry` arms file:PATH
// directly and relays a signal into a private trigger file. The snapshot is
// the same format as the JS host's, so it resumes there with the output of
// an uninterrupted run.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import { projectRoot } from "../../host/vm.js";
import { FIB, ferry, ferryFiring, TRIGGER_LINE } from "../migrate/trigger-helpers.js";

const VM = join(projectRoot(), "build", "ferry-wasi.wasm");
const RUNNER = join(projectRoot(), "dist", "tests", "wasi-build", "node-wasi-runner.js");

describe("the WASI build's --checkpoint-on", () => {
  // Long enough (about a second on wasi) for a trigger sent once the run is under way.
  const FIB_N = "34";
  const fibOut = "fib param=34 checksum=5702887\n";
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ferry-wasi-trigger-"));
    copyFileSync(FIB, join(dir, "fib.wasm"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("SIGUSR1 stops a run on wasi within 10,000 instructions; it resumes on node", async () => {
    const snap = join(dir, "sig.snap");
    const first = await ferryFiring(["run", "--runtime", "wasi", "--checkpoint-on", "SIGUSR1", "--snapshot", snap, FIB, "--", FIB_N], (pid) => process.kill(pid, "SIGUSR1"), { delayMs: 300 });
    assert.equal(first.status, 0, first.stderr);
    const m = TRIGGER_LINE.exec(first.stderr);
    assert.ok(m !== null, first.stderr);
    assert.equal(m[1], "SIGUSR1");
    assert.ok(Number(m[3]) <= 10_000, `stopped ${m[3]} instructions after the trigger`);
    const rest = ferry(["resume", snap]);
    assert.equal(rest.status, 0, rest.stderr);
    assert.equal(first.stdout + rest.stdout, fibOut);
  });

  it("file:PATH stops a resume on wasi (either trigger of two); node and wasi continue the chain", async () => {
    const s1 = join(dir, "chain1.snap");
    const s2 = join(dir, "chain2.snap");
    const go = join(dir, "go");
    const start = ferry(["run", "--checkpoint-after", "1000000", "--snapshot", s1, FIB, "--", FIB_N]);
    assert.equal(start.status, 0, start.stderr);
    const second = await ferryFiring(["resume", "--runtime", "wasi", "--checkpoint-on", "SIGUSR2", "--checkpoint-on", `file:${go}`, "--snapshot", s2, s1], () => writeFileSync(go, ""), { delayMs: 300 });
    assert.equal(second.status, 0, second.stderr);
    const m = TRIGGER_LINE.exec(second.stderr);
    assert.ok(m !== null && m[1] === `file:${go}` && Number(m[3]) <= 10_000, second.stderr);
    const third = ferry(["resume", "--runtime", "wasi", s2]);
    assert.equal(third.status, 0, third.stderr);
    assert.equal(start.stdout + second.stdout + third.stdout, fibOut);
  });

  it("on --runtime ferry (the WASI build interpreted by Ferry), SIGHUP stops the run; it resumes on wasi", async () => {
    const snap = join(dir, "ferry.snap");
    const first = await ferryFiring(["run", "--runtime", "ferry", "--checkpoint-on", "SIGHUP", "--snapshot", snap, FIB, "--", "30"], (pid) => process.kill(pid, "SIGHUP"), { delayMs: 700 });
    assert.equal(first.status, 0, first.stderr);
    const m = TRIGGER_LINE.exec(first.stderr);
    assert.ok(m !== null && m[1] === "SIGHUP" && Number(m[3]) <= 10_000, first.stderr);
    const rest = ferry(["resume", "--runtime", "wasi", snap]);
    assert.equal(rest.status, 0, rest.stderr);
    assert.equal(first.stdout + rest.stdout, "fib param=30 checksum=832040\n");
  });

  it("the raw build under any WASI runtime: --trigger-file PATH in a preopened directory", async () => {
    const work = mkdtempSync(join(dir, "raw-"));
    copyFileSync(FIB, join(work, "fib.wasm"));
    const args = ["--no-turbo-fast-api-calls", "--no-warnings", RUNNER, VM, "--host-dir", `${work}::.`, "--trigger-file", "stop-now", "--snapshot", "raw.snap", "fib.wasm", FIB_N];
    const child = spawn(process.execPath, args, { cwd: work });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    setTimeout(() => writeFileSync(join(work, "stop-now"), ""), 300);
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(status, 0, stderr);
    assert.match(stderr, /^ferry: checkpoint on stop-now after \d+ instructions \(at most \d+ after the trigger\): wrote raw\.snap/m);
    assert.ok(existsSync(join(work, "raw.snap")));
    const rest = ferry(["resume", join(work, "raw.snap")]);
    assert.equal(rest.status, 0, rest.stderr);
    assert.equal(rest.stdout, fibOut);
  });

  for (const [args, message] of [
    [["--trigger-file", "stop-now", "fib.wasm"], /--snapshot goes with --checkpoint-after or --trigger-file/],
    [["--trigger-file", "/elsewhere/stop", "--snapshot", "x.snap", "fib.wasm"], /--trigger-file \/elsewhere\/stop: not inside a preopened directory/],
  ] as const) {
    it(`the raw build refuses ${args.join(" ")} with one line and exit 2`, async () => {
      const child = spawn(process.execPath, ["--no-warnings", RUNNER, VM, ...args], { cwd: dir });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
      assert.equal(status, 2);
      assert.match(stderr, message);
      assert.equal(stderr.trim().split("\n").length, 1, stderr);
    });
  }
});
