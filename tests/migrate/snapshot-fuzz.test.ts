// 1,000 deterministic corruptions of a valid snapshot (examples/progress.wasm
// stopped inside fib): bit flips, truncations, overwritten header bytes,
// payload bytes with the CRC recomputed, and crafted fields (pcs inside
// instructions, wrong stack heights and types, out-of-range indices, huge
// sizes) re-encoded so they reach the decoder and the VM's validation. Each
// is refused with one SnapshotError line, or restores into a state that runs
// (bounded by fuel) to an ordinary end: exit, trap or fuel out; every other
// case gives the same outcome from a file with the pages streamed into the
// VM (openSnapshotFile), as `ferry resume` restores. A sample goes
// through `ferry resume` (one line, exit 2, the file untouched).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import { Status } from "../../host/abi.js";
import { FerryExhaustion, FerryTrap } from "../../host/errors.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import type { FerryInstance } from "../../host/ferry-engine.js";
import { getExport } from "../../host/engine.js";
import { projectRoot } from "../../host/vm.js";
import { instantiateWasi } from "../../host/wasi/command.js";
import { random } from "./handover-helpers.js";
import { createWasi, WasiExit } from "../../host/wasi/index.js";
import type { Wasi } from "../../host/wasi/index.js";
import { crc32 } from "../../migrate/snapshot/crc32.js";
import { decode, encode, sha256, SnapshotError } from "../../migrate/snapshot/format.js";
import type { Snapshot } from "../../migrate/snapshot/model.js";
import { NULL_REF, VALTYPE } from "../../migrate/snapshot/model.js";
import { captureSnapshot, copyPages, restoreSnapshot } from "../../migrate/snapshot/vm-state.js";
import { openSnapshotFile } from "../../migrate/snapshot/file.js";
import type { MemorySource } from "../../migrate/snapshot/memory-source.js";

const PROGRESS = join(projectRoot(), "examples", "progress.wasm");
const CLI = join(projectRoot(), "bin", "ferry.js");
const CASES = 1000;
/** Instructions a restored corruption may run. */
const RUN_FUEL = 200_000;
/** Wall-clock bound of one case (generous: the machine is shared). */
const CASE_MS = 5_000;

function instantiate(engine: FerryEngine, bytes: Uint8Array, wasi: Wasi): FerryInstance {
  return instantiateWasi(engine, engine.compile(bytes), wasi);
}

/** Sections of a snapshot file: [id, offset of the 12-byte header, payload length]. */
function sections(b: Uint8Array): Array<[number, number, number]> {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Array<[number, number, number]> = [];
  for (let pos = 16; pos + 12 <= b.length; pos += 12 + v.getUint32(pos + 4, true)) out.push([v.getUint32(pos, true), pos, v.getUint32(pos + 4, true)]);
  return out;
}

/** Recomputes every section's CRC-32 (where the header is intact enough to find it). */
function fixCrcs(b: Uint8Array): Uint8Array {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (const [, pos, len] of sections(b)) if (pos + 12 + len <= b.length) v.setUint32(pos + 8, crc32(b.subarray(pos + 12, pos + 12 + len)), true);
  return b;
}

type Mutation = (r: () => number, good: Uint8Array, snap: Snapshot) => Uint8Array;

const int = (r: () => number, n: number) => Math.floor(r() * n);
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[int(r, xs.length)]!;
const HUGE = [0xffffffff, 0x80000000, 0x7fffffff, 65536, 65537, 1 << 24, 1_000_000];

/** Structured corruption: edit the decoded snapshot, re-encode (valid CRCs, valid framing). */
function crafted(edit: (s: Snapshot, r: () => number) => void): Mutation {
  return (r, _good, snap) => {
    const s = structuredClone(snap);
    edit(s, r);
    return encode(s, { compress: r() < 0.2 });
  };
}

const frameOf = (s: Snapshot, r: () => number) => s.frames[int(r, s.frames.length)]!;

const MUTATIONS: Array<[string, Mutation]> = [
  ["bit flip", (r, good) => { const b = good.slice(); const i = int(r, b.length); b[i] = b[i]! ^ (1 << int(r, 8)); return b; }],
  ["truncation", (r, good) => good.slice(0, int(r, good.length))],
  ["header byte", (r, good) => { const b = good.slice(); b[int(r, 16)] = int(r, 256); return b; }],
  ["section header byte", (r, good) => { const b = good.slice(); const [, pos] = pick(r, sections(b)); b[pos + int(r, 12)] = int(r, 256); return b; }],
  ["payload bytes, CRC fixed", (r, good) => {
    const b = good.slice();
    const [, pos, len] = pick(r, sections(b));
    for (let k = 1 + int(r, 4); k > 0 && len > 0; k--) b[pos + 12 + int(r, len)] = int(r, 256);
    return fixCrcs(b);
  }],
  ["payload u32 set huge, CRC fixed", (r, good) => {
    const b = good.slice();
    const [, pos, len] = pick(r, sections(b).filter(([, , l]) => l >= 4));
    new DataView(b.buffer).setUint32(pos + 12 + int(r, len - 3), pick(r, HUGE), true);
    return fixCrcs(b);
  }],
  ["section length changed, CRC fixed", (r, good) => {
    const b = good.slice();
    const [, pos, len] = pick(r, sections(b));
    new DataView(b.buffer).setUint32(pos + 4, Math.max(0, len + int(r, 17) - 8), true);
    return fixCrcs(b);
  }],
  ["section dropped", (r, good) => { const [, pos, len] = pick(r, sections(good)); const b = new Uint8Array([...good.subarray(0, pos), ...good.subarray(pos + 12 + len)]); return b; }],
  ["trailing bytes", (r, good) => new Uint8Array([...good, ...Array.from({ length: 1 + int(r, 8) }, () => int(r, 256))])],
  ["pc moved by a few bytes", crafted((s, r) => { const f = frameOf(s, r); f.pc += int(r, 9) - 4 || 1; })],
  ["pc huge", crafted((s, r) => { frameOf(s, r).pc = pick(r, HUGE); })],
  ["function index changed", crafted((s, r) => { frameOf(s, r).funcIndex = pick(r, [0, 1, 2, 3, 4, 5, 6, 7, ...HUGE]); })],
  ["operand popped", crafted((s, r) => { const f = frameOf(s, r); if (f.types.length > 0) { f.types.pop(); f.values.pop(); } })],
  ["operand pushed", crafted((s, r) => { const f = frameOf(s, r); f.types.push(pick(r, Object.values(VALTYPE))); f.values.push(BigInt(int(r, 1000))); })],
  ["value type changed", crafted((s, r) => { const f = frameOf(s, r); if (f.types.length > 0) f.types[int(r, f.types.length)] = pick(r, Object.values(VALTYPE)); })],
  ["local count changed", crafted((s, r) => { const f = frameOf(s, r); f.numLocals = Math.max(0, Math.min(f.types.length, f.numLocals + int(r, 5) - 2)); })],
  ["value changed", crafted((s, r) => { const f = frameOf(s, r); if (f.values.length > 0) f.values[int(r, f.values.length)] = BigInt.asUintN(64, BigInt(Math.floor(r() * 2 ** 53)) << BigInt(int(r, 12))); })],
  ["32-bit value out of range", crafted((s, r) => { const f = frameOf(s, r); const k = f.types.findIndex((t) => t === VALTYPE.i32); if (k >= 0) f.values[k] = 1n << 40n; })],
  ["funcref value out of range", crafted((s, r) => { const f = frameOf(s, r); if (f.types.length > 0) { const k = int(r, f.types.length); f.types[k] = VALTYPE.funcref; f.values[k] = BigInt(pick(r, [0, 3, 99, NULL_REF - 1])); } })],
  ["frames removed", crafted((s, r) => { s.frames.splice(int(r, s.frames.length), 1 + int(r, 3)); if (s.frames.length === 0) s.frames.push({ funcIndex: 1, pc: 0, numLocals: 0, types: [], values: [] }); })],
  ["frame duplicated", crafted((s, r) => { const i = int(r, s.frames.length); s.frames.splice(i, 0, structuredClone(s.frames[i]!)); })],
  ["frames reversed", crafted((s) => { s.frames.reverse(); })],
  ["global changed", crafted((s, r) => {
    if (s.globals.length === 0 || r() < 0.3) s.globals.push({ type: VALTYPE.i32, value: 1n });
    else { const g = s.globals[int(r, s.globals.length)]!; if (r() < 0.5) g.type = pick(r, Object.values(VALTYPE)); else g.value = 1n << 33n; }
  })],
  ["table changed", crafted((s, r) => {
    if (s.tables.length === 0 || r() < 0.3) s.tables.push({ elemType: VALTYPE.funcref, elems: [int(r, 10), NULL_REF] });
    else { const t = s.tables[0]!; t.elems.push(pick(r, [0, 7, 99, ...HUGE])); }
  })],
  ["memory pages changed", crafted((s, r) => { const m = s.memories[0]!; m.pages = pick(r, [0, 2, 17, 1000, ...HUGE]); })],
  ["memory page index changed", crafted((s, r) => { const m = s.memories[0]!; if (m.chunks.length > 0) m.chunks[int(r, m.chunks.length)]!.page = pick(r, [1, 2, 16, ...HUGE]); })],
  ["memory removed or added", crafted((s, r) => { if (r() < 0.5) s.memories.pop(); else s.memories.push({ pages: 1, chunks: [] }); })],
  ["segment flags changed", crafted((s, r) => { if (r() < 0.5) s.droppedData.push(true); else s.droppedData = s.droppedData.map((d) => !d); })],
  ["instruction counter huge", crafted((s, r) => { s.instructions = pick(r, [0n, (1n << 64n) - 1n, 1n << 53n]); })],
  ["module bytes changed (hash recomputed)", crafted((s, r) => {
    const b = s.moduleBytes.slice();
    b[int(r, b.length)] = int(r, 256);
    s.moduleBytes = b;
    s.moduleHash = sha256(b);
  })],
  ["host state changed", crafted((s, r) => {
    const w = s.wasi as unknown as Record<string, unknown>;
    const k = pick(r, ["args", "env", "fds", "clock", "version"]);
    w[k] = pick(r, [null, 7, "x", [], { entries: [{ fd: -1 }] }, { monotonicNs: "-5" }, [1, 2]]);
  })],
];

type Outcome = "refused" | "ran";

describe("snapshot fuzz", () => {
  let dir = "";
  let devNull = -1;
  let good: Uint8Array;
  let goodZ: Uint8Array;
  let snap: Snapshot;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ferry-fuzz-test-"));
    devNull = openSync("/dev/null", "w");
    const bytes = new Uint8Array(readFileSync(PROGRESS));
    const engine = new FerryEngine();
    const wasi = createWasi({ args: ["progress.wasm"], stdio: [devNull, devNull, devNull] });
    const instance = instantiate(engine, bytes, wasi);
    engine.fuel = 300_000;
    let captured: Snapshot | undefined;
    engine.onFuelOut = () => {
      assert.equal(engine.vm.run(0), Status.YIELD);
      captured = copyPages(captureSnapshot(engine, instance, wasi, bytes));
      throw new Error("checkpoint");
    };
    assert.throws(() => getExport(instance, "_start", "func").call([]), /checkpoint/);
    wasi.close();
    snap = captured!;
    assert.ok(snap.frames.length >= 3, "fib frames on the stack");
    good = encode(snap);
    goodZ = encode(snap, { compress: true });
  });
  after(() => {
    closeSync(devNull);
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Decodes, restores and runs `bytes` in a fresh VM; throws only on an
   * unclean failure. `streamed`: from a file, the pages streamed into the VM
   * (openSnapshotFile), as `ferry resume` does.
   */
  function attempt(bytes: Uint8Array, streamed = false): Outcome {
    let s: Snapshot;
    let memory: MemorySource | undefined;
    try {
      if (streamed) {
        const path = join(dir, "streamed.snap");
        writeFileSync(path, bytes);
        ({ snapshot: s, memory } = openSnapshotFile(path));
      } else {
        s = decode(bytes);
      }
    } catch (e) {
      if (e instanceof SnapshotError) return "refused";
      throw e;
    }
    try {
      return attemptRestore(s, memory);
    } finally {
      memory?.close();
    }
  }

  function attemptRestore(s: Snapshot, memory: MemorySource | undefined): Outcome {
    // Keep the workload's output out of the test report.
    for (const e of s.wasi.fds.entries) if (e.kind === "stdio") e.stdio = devNull;
    let wasi: Wasi;
    try {
      wasi = createWasi({ state: s.wasi });
    } catch {
      return "refused"; // session.ts reports this as one line: cannot restore the WASI state
    }
    const engine = new FerryEngine();
    try {
      let instance: FerryInstance;
      try {
        instance = instantiate(engine, s.moduleBytes, wasi);
      } catch (e) {
        if (e instanceof Error && !e.message.includes("\n")) return "refused"; // invalid module: one line in session.ts
        throw e;
      }
      try {
        restoreSnapshot(engine, instance, s, memory);
      } catch (e) {
        if (e instanceof SnapshotError) return "refused";
        throw e;
      }
      engine.fuel = RUN_FUEL;
      try {
        engine.resumeRestored();
      } catch (e) {
        if (e instanceof WasiExit || e instanceof FerryTrap || e instanceof FerryExhaustion) return "ran";
        throw e;
      }
      return "ran";
    } finally {
      wasi.close();
    }
  }

  it("restores the uncorrupted snapshot, plain and deflated, decoded or streamed from the file", () => {
    for (const streamed of [false, true]) {
      assert.equal(attempt(good, streamed), "ran");
      assert.equal(attempt(goodZ, streamed), "ran");
    }
  });

  it(`refuses or safely runs ${CASES} corruptions`, (t) => {
    const r = random(0x5eed_f00d);
    const tally = new Map<string, { refused: number; ran: number }>();
    for (let i = 0; i < CASES; i++) {
      const [name, mutate] = MUTATIONS[i % MUTATIONS.length]!;
      const base = r() < 0.15 ? goodZ : good;
      const bytes = mutate(r, base, snap);
      const t0 = performance.now();
      let outcome: Outcome;
      try {
        outcome = attempt(bytes);
      } catch (e) {
        const path = join(dir, `case-${i}.snap`);
        writeFileSync(path, bytes);
        assert.fail(`case ${i} (${name}): unclean failure, kept in ${path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
      const ms = performance.now() - t0;
      assert.ok(ms < CASE_MS, `case ${i} (${name}) took ${ms.toFixed(0)} ms`);
      // Every other case also through the file, pages streamed: the same outcome.
      if (i % 2 === 0) assert.equal(attempt(bytes, true), outcome, `case ${i} (${name}): streamed from the file`);
      const c = tally.get(name) ?? { refused: 0, ran: 0 };
      c[outcome]++;
      tally.set(name, c);
    }
    for (const [name, c] of tally) t.diagnostic(`${name}: ${c.refused} refused, ${c.ran} ran`);
    const refused = [...tally.values()].reduce((n, c) => n + c.refused, 0);
    // Most corruptions must be caught; the crafted ones that are still valid states ran safely.
    assert.ok(refused > CASES / 2, `only ${refused} of ${CASES} refused`);
    for (const name of ["bit flip", "truncation", "pc huge", "memory page index changed"]) assert.ok((tally.get(name)?.ran ?? 0) === 0, `${name} was accepted`);
  });

  it("refuses a sample through `ferry resume` with one line and exit 2, the file untouched", () => {
    const r = random(42);
    for (const index of [0, 1, 4, 10, 11, 24, 25]) {
      const [name, mutate] = MUTATIONS[index]!;
      let bytes: Uint8Array;
      do bytes = mutate(r, good, snap); while (attempt(bytes) !== "refused");
      const path = join(dir, "bad.snap");
      writeFileSync(path, bytes);
      const res = spawnSync(process.execPath, [CLI, "resume", path], { encoding: "utf8", timeout: 60_000 });
      assert.equal(res.status, 2, `${name}: ${res.stderr}`);
      assert.equal(res.stdout, "", name);
      assert.equal(res.stderr.trimEnd().split("\n").length, 1, `${name}: ${res.stderr}`);
      assert.match(res.stderr, /^ferry: /, name);
      assert.deepEqual(new Uint8Array(readFileSync(path)), bytes, `${name}: the file changed`);
    }
  });
});
