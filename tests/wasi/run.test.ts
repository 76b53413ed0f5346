// `ferry run` as a user meets it: the workload's output and exit code pass
// through; Ferry's own failures are one `ferry: ...` line on stderr with exit
// 2 (never a stack trace), a trap is `ferry: trap: ...` plus a backtrace with
// exit 3; --max-memory caps memory.grow; options are parsed as documented.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { formatBacktrace } from "../../host/runtimes/backtrace.js";
import { limitMemory, MemoryLimitError } from "../../host/runtimes/memory-limit.js";
import { parseRunArgs } from "../../migrate/commands/run.js";
import { ferryRun, wat } from "./harness.js";

/** Exits with memory.grow's result + 1 after growing by `pages` (so -1 -> 0). */
const GROW = (pages: number) => `(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 2)
  (func (export "_start") (call $exit (i32.add (memory.grow (i32.const ${pages})) (i32.const 1)))))`;

const TRAP = `(module
  (memory (export "memory") 1)
  (func $inner (unreachable))
  (func $outer (call $inner))
  (func (export "_start") (call $outer)))`;

const UNKNOWN_IMPORT = `(module
  (import "env" "mystery" (func))
  (memory (export "memory") 1)
  (func (export "_start")))`;

/** Prints its args (argv[1..]) separated by "|" using args_* and fd_write. */
const ARGS = `(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (local $i i32) (local $p i32)
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    (drop (call $get (i32.const 1024) (i32.const 2048)))
    ;; turn the NULs after argv[1] into "|" and write from argv[1] to the end
    (local.set $p (i32.load (i32.const 1028)))
    (local.set $i (local.get $p))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (i32.add (i32.const 2048) (i32.load (i32.const 4)))))
      (if (i32.eqz (i32.load8_u (local.get $i))) (then (i32.store8 (local.get $i) (i32.const 124))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (i32.store (i32.const 16) (local.get $p))
    (i32.store (i32.const 20) (i32.sub (local.get $i) (local.get $p)))
    (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))))`;

describe("ferry run", () => {
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ferry-run-"));
    writeFileSync(join(dir, "grow3.wasm"), wat(GROW(3)));
    writeFileSync(join(dir, "trap.wasm"), wat(TRAP));
    writeFileSync(join(dir, "unknown.wasm"), wat(UNKNOWN_IMPORT));
    writeFileSync(join(dir, "args.wasm"), wat(ARGS));
    writeFileSync(join(dir, "text.wasm"), "not wasm at all");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Asserts a Ferry failure: exit code, one `ferry: ` line matching `re`, no stack trace. */
  function assertFailure(r: { code: number; stderr: string }, code: number, re: RegExp): void {
    assert.equal(r.code, code, r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    assert.match(lines[0]!, re);
    assert.ok(lines[0]!.startsWith("ferry"), r.stderr);
    assert.ok(!/\n\s+at .*\.js:\d+/.test(r.stderr), `no JS stack trace: ${r.stderr}`);
  }

  it("passes arguments after the module and after --", async () => {
    const r = await ferryRun(["--native", "args.wasm", "a", "b c", "--", "--x"], dir);
    assert.equal(r.stdout, "a|b c|--x|");
    assert.equal(r.code, 0);
  });

  it("refuses a missing file, a non-Wasm file and a module with unknown imports (exit 2)", async () => {
    assertFailure(await ferryRun(["--native", "missing.wasm"], dir), 2, /^ferry: missing\.wasm: no such file$/);
    assertFailure(await ferryRun(["--native", "text.wasm"], dir), 2, /^ferry: text\.wasm is not a WebAssembly module$/);
    assertFailure(await ferryRun(["--native", "unknown.wasm"], dir), 2, /^ferry: unknown import env\.mystery$/);
  });

  it("refuses bad usage (exit 2)", async () => {
    assertFailure(await ferryRun(["--bogus", "x.wasm"], dir), 2, /unknown option --bogus/);
    assertFailure(await ferryRun([], dir), 2, /missing the module/);
    assertFailure(await ferryRun(["--runtime", "nosuch", "args.wasm"], dir), 2, /^ferry: unknown runtime "nosuch"/);
    assertFailure(await ferryRun(["--native", "--fuel", "10", "args.wasm"], dir), 2, /--fuel needs the Ferry VM/);
    assertFailure(await ferryRun(["--native", "--fuel", "ten", "args.wasm"], dir), 2, /--fuel expects a number/);
    assertFailure(await ferryRun(["--native", "--dir", "no-such-dir", "args.wasm"], dir), 2, /--dir no-such-dir: no such directory/);
    assertFailure(await ferryRun(["--native", "--env", "NOEQUALS", "args.wasm"], dir), 2, /--env NOEQUALS: expected KEY=VALUE/);
    assertFailure(await ferryRun(["--native", "--max-memory", "1", "grow3.wasm"], dir), 2, /needs 2 pages of memory, more than --max-memory 1/);
  });

  it("reports a trap with a backtrace and exit 3", async () => {
    const r = await ferryRun(["--native", "trap.wasm"], dir);
    assertFailure(r, 3, /^ferry: trap: unreachable$/);
    assert.match(r.stderr, /\n  at inner \(func 0, pc 0x[0-9a-f]+\)\n  at outer/);
  });

  it("--max-memory caps memory.grow", async () => {
    assert.equal((await ferryRun(["--native", "grow3.wasm"], dir)).code, 3, "grows from 2 to 5 pages (old size 2, + 1)");
    assert.equal((await ferryRun(["--native", "--max-memory", "5", "grow3.wasm"], dir)).code, 3);
    assert.equal((await ferryRun(["--native", "--max-memory", "4", "grow3.wasm"], dir)).code, 0, "grow fails: -1 + 1");
  });

  it("--help lists the options and runtimes", async () => {
    const r = await ferryRun(["--help"], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--dir HOST\[::GUEST\]/);
    assert.match(r.stdout, /deno/);
    assert.doesNotMatch(r.stdout, /in-runtime/);
  });
});

describe("parseRunArgs", () => {
  it("reads every option into plain data", () => {
    const { options } = parseRunArgs(["--runtime", "bun", "--dir", "data::/d", "--dir", ".", "--env", "A=1", "--fuel=100", "--max-memory", "10", "--native", "app.wasm", "x", "--", "-y"]);
    assert.deepEqual(options, {
      module: "app.wasm", args: ["x", "-y"], runtime: "bun", dirs: [{ host: "data", guest: "/d" }, { host: ".", guest: "." }],
      env: ["A=1"], fuel: 100, maxMemory: 10, native: true,
    });
  });
});

describe("limitMemory", () => {
  it("sets or lowers the maximum of the memory section and leaves other modules alone", () => {
    const bytes = wat(`(module (memory 1 100) (func (export "f")))`);
    const capped = limitMemory(bytes, 7);
    assert.deepEqual(WebAssembly.Module.exports(new WebAssembly.Module(capped as Uint8Array<ArrayBuffer>)), [{ name: "f", kind: "function" }]);
    const limited = limitMemory(wat(`(module (memory (export "m") 1 100))`), 7) as Uint8Array<ArrayBuffer>;
    const mem = new WebAssembly.Instance(new WebAssembly.Module(limited)).exports.m as WebAssembly.Memory;
    assert.equal(mem.grow(6), 1);
    assert.throws(() => mem.grow(1), RangeError);
    const none = wat(`(module (func))`);
    assert.equal(limitMemory(none, 3), none);
    assert.throws(() => limitMemory(wat(`(module (memory 9))`), 3), MemoryLimitError);
  });
});

describe("formatBacktrace", () => {
  it("folds repeated frames and elides the middle of a long trace", () => {
    const rec = { funcIndex: 7, name: "deep", pc: 0x1d1 };
    const text = formatBacktrace([{ funcIndex: 7, name: "deep", pc: 0x1bb }, ...Array(5000).fill(rec), { funcIndex: 2, name: "", pc: 16 }]);
    assert.equal(text, "  at deep (func 7, pc 0x1bb)\n  at deep (func 7, pc 0x1d1) x 5000\n  at func[2] (func 2, pc 0x10)");
    const long = formatBacktrace(Array.from({ length: 100 }, (_, i) => ({ funcIndex: i, name: "", pc: i })), 10);
    const lines = long.split("\n");
    assert.equal(lines.length, 10);
    assert.equal(lines[6], "  ... 91 more");
    assert.equal(lines[9], "  at func[99] (func 99, pc 0x63)");
  });
});
