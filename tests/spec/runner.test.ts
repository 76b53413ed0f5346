// The spec runner itself, on a small hand-written script (JSON + wabt-built
// modules in a temp dir): right expectations pass, wrong ones fail, every
// command is counted once, an exception fails only its command, and the
// expected-failures comparison reports both unexpected and stale entries.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NativeEngine } from "../../host/native-engine.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import type { Engine } from "../../host/engine.js";
import { compareWithExpected, parseExpectedFailures } from "../../migrate/spec/expected.js";
import { runSpecFile } from "../../migrate/spec/runner.js";
import type { SpecFileResult } from "../../migrate/spec/runner.js";
import { ferrySkip, wat } from "../helpers/wat.js";

let script = "";
let dir = "";

after(() => rmSync(dir, { recursive: true, force: true }));

before(() => {
  dir = mkdtempSync(join(tmpdir(), "ferry-spec-"));
  writeFileSync(join(dir, "m.0.wasm"), wat(`
    (module
      (import "spectest" "print_i32" (func (param i32)))
      (import "spectest" "global_i32" (global i32))
      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
      (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
      (func (export "id") (param externref) (result externref) (local.get 0))
      (func (export "g") (result i32) (global.get 0))
      (global (export "answer") i64 (i64.const -1)))
  `));
  writeFileSync(join(dir, "m.1.wasm"), wat(`(module (func (result i32) (i64.const 0)))`));
  writeFileSync(join(dir, "m.2.wasm"), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0]));
  writeFileSync(join(dir, "m.3.wasm"), wat(`(module (import "M" "add" (func (param i32 i32) (result i32))) (func (export "call") (result i32) (call 0 (i32.const 2) (i32.const 3))))`));
  writeFileSync(join(dir, "m.4.wasm"), wat(`(module (import "nowhere" "f" (func)))`));
  writeFileSync(join(dir, "m.5.wasm"), wat(`(module (func $s unreachable) (start $s))`));
  const i32 = (v: number) => ({ type: "i32", value: String(v >>> 0) });
  const invoke = (field: string, args: unknown[] = [], module?: string) => ({ type: "invoke", field, args, ...(module ? { module } : {}) });
  const commands = [
    { type: "module", line: 1, filename: "m.0.wasm", name: "$M" },
    { type: "assert_return", line: 2, action: invoke("add", [i32(2), i32(-3)]), expected: [i32(-1)] },
    { type: "assert_return", line: 3, action: invoke("add", [i32(2), i32(2)]), expected: [i32(5)] },           // wrong on purpose
    { type: "assert_trap", line: 4, action: invoke("div", [i32(1), i32(0)]), text: "integer divide by zero", expected: [{ type: "i32" }] },
    { type: "assert_trap", line: 5, action: invoke("div", [i32(1), i32(0)]), text: "unreachable", expected: [{ type: "i32" }] }, // wrong
    { type: "assert_return", line: 6, action: invoke("nan"), expected: [{ type: "f32", value: "nan:canonical" }] },
    { type: "assert_return", line: 7, action: invoke("id", [{ type: "externref", value: "1" }]), expected: [{ type: "externref", value: "1" }] },
    { type: "assert_return", line: 8, action: invoke("id", [{ type: "externref", value: "1" }]), expected: [{ type: "externref", value: "2" }] }, // wrong
    { type: "assert_return", line: 9, action: invoke("g"), expected: [i32(666)] },
    { type: "assert_return", line: 10, action: { type: "get", field: "answer", module: "$M" }, expected: [{ type: "i64", value: "18446744073709551615" }] },
    { type: "assert_invalid", line: 11, filename: "m.1.wasm", text: "type mismatch", module_type: "binary" },
    { type: "assert_malformed", line: 12, filename: "m.2.wasm", text: "unexpected end", module_type: "binary" },
    { type: "assert_malformed", line: 13, filename: "m.9.wat", text: "unknown operator", module_type: "text" }, // skipped
    { type: "assert_invalid", line: 14, filename: "m.0.wasm", text: "type mismatch", module_type: "binary" }, // wrong: valid
    { type: "register", line: 15, name: "$M", as: "M" },
    { type: "module", line: 16, filename: "m.3.wasm" },
    { type: "assert_return", line: 17, action: invoke("call"), expected: [i32(5)] },
    { type: "assert_unlinkable", line: 18, filename: "m.4.wasm", text: "unknown import", module_type: "binary" },
    { type: "assert_uninstantiable", line: 19, filename: "m.5.wasm", text: "unreachable", module_type: "binary" },
    { type: "assert_return", line: 20, action: invoke("missing"), expected: [] }, // wrong: no such export
    { type: "action", line: 21, action: invoke("add", [i32(1), i32(1)], "$M"), expected: [] },
  ];
  script = join(dir, "m.json");
  writeFileSync(script, JSON.stringify({ source_filename: "m.wast", commands }));
});

function check(result: SpecFileResult): void {
  assert.deepEqual(result.failures.map((f) => f.line), [3, 5, 8, 14, 20]);
  assert.equal(result.passed, 15);
  assert.equal(result.failed, 5);
  assert.equal(result.skipped, 1);
  assert.match(result.failures[0]!.message, /expected i32:5, got i32:4/);
  assert.match(result.failures[1]!.message, /expected trap "unreachable"/);
}

const engines: Array<[string, () => Engine, string | false]> = [
  ["native", () => new NativeEngine(), false],
  ["ferry", () => new FerryEngine({ fuel: 1_000_000 }), ferrySkip],
];

describe("spec runner", () => {
  for (const [name, make, skip] of engines) {
    it(`counts passes, failures and skips on the ${name} engine`, { skip }, () => {
      check(runSpecFile(script, { engine: make }));
    });
  }

  it("compares failures with the expected list both ways", () => {
    const result = runSpecFile(script, { engine: () => new NativeEngine() });
    const expected = parseExpectedFailures("# reviewed\nm:3 wrong on purpose\nm:5 wrong text\nm:2 passes now\nother:1 another file\n");
    const { unexpected, stale } = compareWithExpected([result], expected);
    assert.deepEqual(unexpected.map((f) => f.line), [8, 14, 20]);
    assert.deepEqual(stale, ["m:2"]);
    assert.throws(() => parseExpectedFailures("m 3"), /file:line reason/);
  });
});
