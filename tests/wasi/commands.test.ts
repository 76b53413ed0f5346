// Small WASI commands written in WAT, run end to end with runWasiCommand:
// output through fd_write, the exit code from returning or proc_exit, an
// errno turned into the exit code, and a trap.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FerryTrap } from "../../host/errors.js";
import { ENGINES, runWat } from "./harness.js";
import { WasiBuildTarget } from "./wasi-build-bench.js";

const HELLO = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, wasi\\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 12))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`;

const EXIT = `(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (call $exit (i32.const 42)) unreachable))`;

/** Exits with the errno of opening "../escape" (read-only) under the preopen. */
const ESCAPE = `(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "../escape")
  (func (export "_start")
    (call $exit (call $open (i32.const 3) (i32.const 1) (i32.const 16) (i32.const 9) (i32.const 0)
      (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)))))`;

const TRAP = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\\n")
  (func $boom (unreachable))
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $boom)))`;

for (const [name, makeEngine, skip] of ENGINES) {
  describe(`WASI commands (${name} engine)`, { skip }, () => {
    it("writes to stdout and exits 0 when _start returns", () => {
      assert.deepEqual(runWat(makeEngine(), HELLO), { exitCode: 0, stdout: "hello, wasi\n", stderr: "" });
    });

    it("proc_exit sets the exit code", () => {
      assert.equal(runWat(makeEngine(), EXIT).exitCode, 42);
    });

    it("an escape attempt fails with ENOTCAPABLE (76)", () => {
      assert.equal(runWat(makeEngine(), ESCAPE).exitCode, 76);
    });

    it("a trap propagates as FerryTrap (the WASI build: exit 3 and a report) after the output before it", () => {
      const target = makeEngine();
      if (target instanceof WasiBuildTarget) {
        const r = runWat(target, TRAP);
        assert.equal(r.exitCode, 3);
        assert.match(r.stderr, /^ferry: trap: unreachable\n/);
        return;
      }
      assert.throws(() => runWat(target, TRAP), (e: unknown) => e instanceof FerryTrap && e.message === "unreachable");
    });
  });
}
