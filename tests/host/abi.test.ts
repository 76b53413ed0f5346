// host/abi.ts must mirror the VM's numbers: the enums of assembly/errors.ts,
// assembly/module.ts and assembly/opcodes.ts, and the statuses, record
// layouts and ABI function list of docs/internals.md. Each is read from the
// source text here, so a change on either side without the other fails.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as abi from "../../host/abi.js";
import { projectRoot } from "../../host/vm.js";

const root = projectRoot();
const read = (path: string) => readFileSync(join(root, path), "utf8");
const docs = read("docs/internals.md");

/** Members `NAME = number` of `enum name { ... }` in TypeScript/AssemblyScript source. */
function enumMembers(source: string, name: string): Map<string, number> {
  const m = new RegExp(`enum ${name}\\s*\\{([^}]*)\\}`).exec(source);
  assert.ok(m, `enum ${name} not found`);
  const members = new Map<string, number>();
  for (const [, key, value] of m[1]!.matchAll(/(\w+)\s*=\s*(0x[0-9a-fA-F]+|\d+)/g)) members.set(key!, Number(value));
  return members;
}

/** Numeric members of a TS enum object (without the reverse mapping). */
function mirror(e: Record<string, string | number>): Map<string, number> {
  return new Map(Object.entries(e).filter((kv): kv is [string, number] => typeof kv[1] === "number"));
}

/** Field offsets of a record drawn in docs/internals.md: `+8  numParams` -> NUM_PARAMS: 8. */
function recordFields(title: string): Map<string, number> {
  const lines = docs.split("\n");
  const header = lines.findIndex((l) => l.includes(`${title} (`));
  assert.ok(header >= 0, `record ${title} not drawn in docs/internals.md`);
  // Records drawn side by side: a field belongs to the title whose column is nearest.
  const titles = [...lines[header]!.matchAll(/(\w+) \(\d+ bytes\)/g)].map((m) => ({ name: m[1]!, col: m.index! }));
  const fields = new Map<string, number>();
  if (titles.length === 1) {
    // a record drawn on one line: `DataInst (8 bytes): +0 ptr u32, +4 len u32`
    for (const m of lines[header]!.matchAll(/\+(\d+)\s+(\w+)/g)) fields.set(m[2]!.toUpperCase(), Number(m[1]));
  }
  for (let i = header + 1; i < lines.length && lines[i]!.trim() !== "" && !lines[i]!.startsWith("```"); i++) {
    for (const m of lines[i]!.matchAll(/\+(\d+)\s+(\w+)/g)) {
      const owner = titles.reduce((best, t) => (Math.abs(t.col - m.index!) < Math.abs(best.col - m.index!) ? t : best));
      if (owner.name !== title || m[2] === "reserved") continue;
      fields.set(m[2]!.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase(), Number(m[1]));
    }
  }
  return fields;
}

/** Size in bytes of a record drawn in docs/internals.md. */
function recordBytes(title: string): number {
  const m = new RegExp(`${title} \\((\\d+) bytes\\)`).exec(docs);
  assert.ok(m, `record ${title} has no size`);
  return Number(m[1]);
}

/** The expected mirror of a record: its fields plus its size under `sizeKey`. */
function record(title: string, sizeKey = "SIZE"): Map<string, number> {
  return new Map([...recordFields(title), [sizeKey, recordBytes(title)]]);
}

describe("host/abi.ts mirrors the VM", () => {
  it("ErrorKind matches assembly/errors.ts", () => {
    assert.deepEqual(mirror(abi.ErrorKind), enumMembers(read("assembly/errors.ts"), "ErrorKind"));
  });

  it("ExternKind matches assembly/module.ts", () => {
    assert.deepEqual(mirror(abi.ExternKind), enumMembers(read("assembly/module.ts"), "ExternKind"));
  });

  it("ValType matches assembly/opcodes.ts", () => {
    assert.deepEqual(mirror(abi.ValType), enumMembers(read("assembly/opcodes.ts"), "ValType"));
  });

  it("Status matches the status table of docs/internals.md", () => {
    const table = new Map<string, number>();
    for (const [, code, name] of docs.matchAll(/^\| (\d+) \| (\w+) \|/gm)) table.set(name!, Number(code));
    assert.deepEqual(mirror(abi.Status), table);
  });

  it("record offsets match the layouts drawn in docs/internals.md", () => {
    assert.deepEqual(mirror(abi.FuncInst), record("FuncInst"));
    assert.deepEqual(mirror(abi.MemInst), record("MemInst"));
    assert.deepEqual(mirror(abi.TableInst), record("TableInst", "BYTES"));
    assert.deepEqual(mirror(abi.GlobalInst), record("GlobalInst"));
    assert.deepEqual(mirror(abi.SegInst), new Map([...recordFields("DataInst"), ["SIZE", recordBytes("DataInst")]]));
    assert.deepEqual(mirror(abi.InstanceRec), record("Instance"));
  });

  it("ABI_FUNCTIONS lists exactly the functions of the ABI table", () => {
    const section = docs.slice(docs.indexOf("## The ABI"));
    const documented = new Set([...section.matchAll(/`(ferry_\w+)\(/g)].map((m) => m[1]!));
    const rows = section.split("\n").filter((l) => l.startsWith("| `ferry_"));
    for (const row of rows) for (const m of row.split("|")[1]!.matchAll(/`(ferry_\w+)/g)) documented.add(m[1]!);
    assert.deepEqual(new Set(abi.ABI_FUNCTIONS), documented);
  });
});
