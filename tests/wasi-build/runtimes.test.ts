// The other ways to run the WASI build: `--runtime ferry` (interpreted by
// Ferry itself: tiny workloads only, it is interpretation squared) and
// `--runtime cmd:TEMPLATE` (any WASI runtime; here a minimal node:wasi
// runner stands in for wasmtime), plus the WASI build's own error paths.

import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import { commandLine, templateWords } from "../../host/runtimes/cmd.js";
import { wasiVmPath } from "../../host/runtimes/wasi.js";
import { projectRoot } from "../../host/vm.js";
import { ferrySkip, wat } from "../helpers/wat.js";
import { ferryRun } from "../wasi/harness.js";

const WORKLOADS = join(projectRoot(), "..", "shared", "workloads");
const RUNNER = join(projectRoot(), "dist", "tests", "wasi-build", "node-wasi-runner.js");
const skip = !existsSync(wasiVmPath()) ? `${wasiVmPath()} is not built` : ferrySkip;

describe("the WASI build on other runtimes", { skip, concurrency: 2 }, () => {
  let work = "";
  before(() => {
    work = mkdtempSync(join(tmpdir(), "ferry-wasi-runtimes-"));
    for (const f of ["envargs.wasm", "traps.wasm"]) cpSync(join(WORKLOADS, "wasi", f), join(work, f));
    cpSync(join(WORKLOADS, "bench", "fib.wasm"), join(work, "fib.wasm"));
    // A command importing a function no WASI runtime has.
    writeFileSync(join(work, "badimport.wasm"), wat(`(module
      (import "wasi_snapshot_preview1" "fd_frobnicate" (func (param i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "_start")))`));
    writeFileSync(join(work, "recurse.wasm"), wat(`(module
      (memory (export "memory") 1)
      (func $down (param i32) (call $down (i32.add (local.get 0) (i32.const 1))))
      (func $main (export "_start") (call $down (i32.const 0))))`));
    // Exits with the errno of fd_write given an iovec whose buffer (argv[1] = "iov") or whose array ("arr") is out
    // of bounds, of sock_send ("sock"), or 0 after a good fd_write of "hi\n" from a buffer at 0x100.
    writeFileSync(join(work, "fault.wasm"), wat(`(module
      (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "sock_send" (func $send (param i32 i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "args_get" (func $args (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (data (i32.const 0x100) "hi\\n")
      (func (export "_start") (local $a i32)
        (drop (call $args (i32.const 0x200) (i32.const 0x300)))
        (local.set $a (i32.load8_u (i32.load (i32.const 0x204))))
        (i32.store (i32.const 0x10) (i32.const 0x100))
        (i32.store (i32.const 0x14) (i32.const 3))
        (if (i32.eq (local.get $a) (i32.const 0x69)) (then (i32.store (i32.const 0x10) (i32.const 0xfffe))))
        (if (i32.eq (local.get $a) (i32.const 0x73)) (then (call $exit (call $send (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))))
        (if (i32.eq (local.get $a) (i32.const 0x61))
          (then (call $exit (call $write (i32.const 1) (i32.const 0xfffc) (i32.const 1) (i32.const 0x20)))))
        (call $exit (call $write (i32.const 1) (i32.const 0x10) (i32.const 1) (i32.const 0x20)))))`));
    // Exits with 16 * errno of fd_prestat_get(4) + the fd path_open gives for a new file under fd 3: with
    // only --dir . preopened, 8 * 16 + 4 = 132 (fd 4 is no preopen, and the first free fd).
    writeFileSync(join(work, "preopens.wasm"), wat(`(module
      (import "wasi_snapshot_preview1" "fd_prestat_get" (func $pre (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (data (i32.const 0x100) "new.txt")
      (func (export "_start") (local $e i32)
        (local.set $e (call $pre (i32.const 4) (i32.const 0x10)))
        (drop (call $open (i32.const 3) (i32.const 0) (i32.const 0x100) (i32.const 7) (i32.const 1)
          (i64.const 0x7f) (i64.const 0x7f) (i32.const 0) (i32.const 0x20)))
        (call $exit (i32.add (i32.mul (local.get $e) (i32.const 16)) (i32.load (i32.const 0x20))))))`));
    writeFileSync(join(work, "envimport.wasm"), wat(`(module
      (import "env" "f" (func))
      (memory (export "memory") 1)
      (func (export "_start")))`));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("--runtime ferry runs envargs: argv, environment, stderr and exit code", async () => {
    const r = await ferryRun(["--runtime", "ferry", "--env", "FERRY_A=1", "--env", "OTHER=2", "envargs.wasm", "--", "x", "y z", "--exit=5"], work);
    assert.equal(r.stdout, "argv[0]=(program)\nargv[1]=x\nargv[2]=y z\nargv[3]=--exit=5\nenv FERRY_A=1\n");
    assert.equal(r.stderr, "to stderr\n");
    assert.equal(r.code, 5);
  });

  it("--runtime ferry runs traps none and reports a workload trap with exit 3", async () => {
    const ok = await ferryRun(["--runtime", "ferry", "traps.wasm", "--", "none"], work);
    assert.equal(ok.stdout, "before none\nok 42\n");
    assert.equal(ok.code, 0, ok.stderr);
    const trap = await ferryRun(["--runtime", "ferry", "traps.wasm", "--", "div0"], work);
    assert.equal(trap.stdout, "before div0\n");
    assert.match(trap.stderr, /^ferry: trap: integer divide by zero\n {2}at func\[\d+\] \(func \d+, pc 0x[0-9a-f]+\)\n/);
    assert.equal(trap.code, 3);
  });

  it("--runtime ferry computes fib(20)", async () => {
    const r = await ferryRun(["--runtime", "ferry", "fib.wasm", "--", "20"], work);
    assert.equal(r.stdout, "fib param=20 checksum=6765\n");
    assert.equal(r.code, 0, r.stderr);
  });

  it("reports a trap as the JS host does: message and folded backtrace with names, exit 3", async () => {
    const wasi = await ferryRun(["--runtime", "wasi", "recurse.wasm"], work);
    const node = await ferryRun(["--runtime", "node", "recurse.wasm"], work);
    assert.match(wasi.stderr, /^ferry: trap: call stack exhausted\n {2}at down \(func 0, pc 0x[0-9a-f]+\) x \d+\n {2}at main /);
    assert.equal(wasi.stderr, node.stderr);
    assert.equal(wasi.code, 3);
  });

  it("--runtime cmd:TEMPLATE runs the VM under the given WASI runtime", async () => {
    const template = `cmd:"${process.execPath}" --no-warnings ${RUNNER} {vm}`;
    const r = await ferryRun(["--runtime", template, "envargs.wasm", "--", "a b", "--exit=4"], work);
    // The runner's environment reaches the workload: environ is forwarded.
    assert.equal(r.stdout, "argv[0]=(program)\nargv[1]=a b\nargv[2]=--exit=4\nenv FERRY_RUNNER=1\n");
    assert.equal(r.code, 4, r.stderr);
    const fib = await ferryRun(["--runtime", template, "fib.wasm", "--", "25"], work);
    assert.equal(fib.stdout, "fib param=25 checksum=75025\n");
  });

  it("the workload sees only the preopens asked for, with the fd numbers of the JS host (wasi, ferry, node)", async () => {
    for (const runtime of ["node", "wasi", "ferry"]) {
      const r = await ferryRun(["--runtime", runtime, "--dir", ".", "preopens.wasm"], work);
      assert.equal(r.code, 8 * 16 + 4, `${runtime}: ${r.stderr}`);
      rmSync(join(work, "new.txt"));
    }
  });

  it("--runtime cmd: substitutes {vm} inside a word and single-quoted words", async () => {
    const template = `cmd:'${process.execPath}' --no-warnings ${RUNNER} --vm={vm}`;
    const r = await ferryRun(["--runtime", template, "fib.wasm", "--", "10"], work);
    // The runner takes --vm=PATH as the VM path only if {vm} was replaced in place.
    assert.equal(r.stdout, "fib param=10 checksum=55\n");
    assert.equal(r.code, 0, r.stderr);
  });

  it("--runtime cmd: with an empty template exits 2 with one line", async () => {
    const r = await ferryRun(["--runtime", "cmd:", "fib.wasm", "--", "10"], work);
    assert.equal(r.stderr, `ferry: --runtime cmd: needs a command, e.g. cmd:"wasmtime run --dir . {vm} --"\n`);
    assert.equal(r.code, 2);
  });

  it("--runtime cmd: with a runtime that is not installed exits 2", async () => {
    const r = await ferryRun(["--runtime", "cmd:no-such-wasi-runtime run {vm}", "fib.wasm", "--", "20"], work);
    assert.equal(r.stderr, "ferry: runtime not installed: no-such-wasi-runtime\n");
    assert.equal(r.code, 2);
  });

  it("translates workload pointers: EFAULT (21) out of bounds, ENOTSUP (58) for sockets", async () => {
    const good = await ferryRun(["--runtime", "wasi", "fault.wasm", "--", "ok"], work);
    assert.equal(good.stdout, "hi\n");
    assert.equal(good.code, 0, good.stderr);
    assert.equal((await ferryRun(["--runtime", "wasi", "fault.wasm", "--", "iov"], work)).code, 21);
    assert.equal((await ferryRun(["--runtime", "wasi", "fault.wasm", "--", "arr"], work)).code, 21);
    assert.equal((await ferryRun(["--runtime", "wasi", "fault.wasm", "--", "sock"], work)).code, 58);
  });

  it("refuses options the WASI build does not support yet", async () => {
    const r = await ferryRun(["--runtime", "wasi", "--fuel", "1000", "fib.wasm", "--", "5"], work);
    assert.equal(r.stderr, "ferry: --fuel is not supported with --runtime wasi (the WASI build of the VM)\n");
    assert.equal(r.code, 2);
  });

  it("an unknown WASI function or import module is a link error: exit 2", async () => {
    const wasi = await ferryRun(["--runtime", "wasi", "badimport.wasm"], work);
    assert.equal(wasi.stderr, "ferry: unknown import wasi_snapshot_preview1.fd_frobnicate\n");
    assert.equal(wasi.code, 2);
    const env = await ferryRun(["--runtime", "wasi", "envimport.wasm"], work);
    assert.equal(env.stderr, "ferry: unknown import env.f\n");
    assert.equal(env.code, 2);
  });

  it("finds the workload by absolute path, or when the guest name of its directory is taken by another --dir", async () => {
    const abs = await ferryRun(["--runtime", "wasi", "--dir", ".::/elsewhere", join(work, "fib.wasm"), "--", "15"], work);
    assert.equal(abs.stdout, "fib param=15 checksum=610\n");
    assert.equal(abs.code, 0, abs.stderr);
    const taken = await ferryRun(["--runtime", "wasi", "--dir", `${tmpdir()}::.`, "fib.wasm", "--", "16"], work);
    assert.equal(taken.stdout, "fib param=16 checksum=987\n");
    assert.equal(taken.code, 0, taken.stderr);
  });
});

describe("cmd: templates", () => {
  it("split into words, quotes grouping, {vm} replaced, the app and its args appended", () => {
    assert.deepEqual(templateWords(`wasmtime run --dir . "{vm}" --`), ["wasmtime", "run", "--dir", ".", "{vm}", "--"]);
    assert.deepEqual(templateWords(`'my runtime' --x='a "b"' {vm}`), ["my runtime", `--x=a "b"`, "{vm}"]);
    assert.throws(() => templateWords(`wasmtime "run {vm}`), /^RunFailure: --runtime cmd: unbalanced quote in wasmtime "run \{vm\}$/);
    const o = { module: "app.wasm", args: ["1", "x y"], runtime: "cmd:x", dirs: [], env: [], native: false };
    assert.deepEqual(commandLine("iwasm --dir=. {vm}", "/b/ferry-wasi.wasm", o), ["iwasm", "--dir=.", "/b/ferry-wasi.wasm", "app.wasm", "1", "x y"]);
    assert.deepEqual(commandLine("rt --vm={vm}", "/a b/vm.wasm", o), ["rt", "--vm=/a b/vm.wasm", "app.wasm", "1", "x y"]);
  });
});
