// The shared argument parser and the `ferry` dispatcher: flags with values,
// repeated flags, `--`, unknown flags, unknown or missing commands (exit 2).

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs, UsageError } from "../../migrate/args.js";
import type { FlagSpec } from "../../migrate/args.js";
import { projectRoot } from "../../host/vm.js";

const FLAGS: FlagSpec[] = [
  { name: "json", help: "json" },
  { name: "fuel", value: "N", help: "fuel" },
  { name: "dir", value: "DIR", repeat: true, help: "dir" },
  { name: "verbose", short: "v", help: "verbose" },
];

describe("parseArgs", () => {
  it("reads booleans, values, repeated flags, positionals and the rest after --", () => {
    const a = parseArgs(["--json", "--fuel=10", "--dir", "a", "x.wasm", "--dir", "b", "-v", "--", "--json", "y"], FLAGS);
    assert.equal(a.has("json"), true);
    assert.equal(a.number("fuel"), 10);
    assert.deepEqual(a.all("dir"), ["a", "b"]);
    assert.equal(a.has("verbose"), true);
    assert.deepEqual(a.positionals, ["x.wasm"]);
    assert.deepEqual(a.rest, ["--json", "y"]);
  });

  it("can stop at the first positional (for `ferry run module.wasm args...`)", () => {
    const a = parseArgs(["--json", "app.wasm", "--fuel", "3", "--", "z"], FLAGS, { stopAtPositional: true });
    assert.deepEqual(a.positionals, ["app.wasm", "--fuel", "3"]);
    assert.deepEqual(a.rest, ["z"]);
    assert.equal(a.has("fuel"), false);
  });

  it("rejects unknown flags, missing values and bad numbers", () => {
    assert.throws(() => parseArgs(["--nope"], FLAGS), UsageError);
    assert.throws(() => parseArgs(["--fuel"], FLAGS), /needs a value/);
    assert.throws(() => parseArgs(["--json=1"], FLAGS), /takes no value/);
    assert.throws(() => parseArgs(["--fuel", "x"], FLAGS).number("fuel"), /expects a number/);
    assert.throws(() => parseArgs(["--fuel", "1", "--fuel", "2"], FLAGS), /more than once/);
  });
});

describe("ferry dispatcher", () => {
  const ferry = (...args: string[]) => spawnSync(process.execPath, [join(projectRoot(), "bin", "ferry.js"), ...args], { encoding: "utf8" });

  it("prints usage for --help", () => {
    const r = ferry("--help");
    assert.equal(r.status, 0);
    assert.match(r.stdout, /usage: ferry <command>/);
    assert.match(r.stdout, /spec/);
  });

  it("refuses an unknown command with one line and exit 2", () => {
    const r = ferry("frobnicate");
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.match(r.stderr, /unknown command "frobnicate"/);
  });

  it("refuses an unknown option of a command with exit 2", () => {
    const r = ferry("spec", "--bogus");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown option --bogus/);
  });

  it("prints a command's usage for <cmd> --help", () => {
    const r = ferry("spec", "--help");
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--engine ferry\|native/);
  });
});
