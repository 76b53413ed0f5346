// Restoring from a file streams the memory section's pages into VM memory
// (openSnapshotFile + restoreSnapshot with a MemorySource): the result is the
// same as restoring the fully decoded snapshot, for sparse memories, page
// runs at both ends, memories that grow and more pages than one read block;
// bad pages are refused with the decoder's own messages; unusual files fall
// back to reading it all. Writing goes in writev batches (or a staging
// buffer) and round-trips.

import assert from "node:assert/strict";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Status } from "../../host/abi.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import type { FerryInstance } from "../../host/ferry-engine.js";
import { getExport } from "../../host/engine.js";
import { projectRoot } from "../../host/vm.js";
import { instantiateWasi } from "../../host/wasi/command.js";
import { createWasi } from "../../host/wasi/index.js";
import { openSnapshotFile, readSnapshotFile, writeParts, writeSnapshotFile } from "../../migrate/snapshot/file.js";
import { decode, encode, SnapshotError } from "../../migrate/snapshot/format.js";
import type { MemoryState, Snapshot } from "../../migrate/snapshot/model.js";
import { PAGE } from "../../migrate/snapshot/model.js";
import { captureSnapshot, copyPages, restoreSnapshot } from "../../migrate/snapshot/vm-state.js";

const PROGRESS = join(projectRoot(), "examples", "progress.wasm");

/** A page filled with a pattern that depends on `seed` (never all zero). */
function pattern(seed: number): Uint8Array {
  const b = new Uint8Array(PAGE);
  for (let i = 0; i < PAGE; i++) b[i] = (i * 31 + seed * 7 + 1) & 0xff || 1;
  return b;
}

/** A memory of `pages` pages storing `stored` (page indices, ascending) with their patterns. */
function memoryOf(pages: number, stored: number[]): MemoryState {
  return { pages, chunks: stored.map((page) => ({ page, bytes: pattern(page) })) };
}

/** What memory `m` restores to: the stored pages, zeros elsewhere. */
function expected(m: MemoryState): Uint8Array {
  const out = new Uint8Array(m.pages * PAGE);
  for (const c of m.chunks) out.set(c.bytes, c.page * PAGE);
  return out;
}

/** Asserts that restored memory `got` (or a SnapshotError message) is `want`, naming the first differing byte (no huge diffs). */
function assertMemory(got: Uint8Array | string, want: Uint8Array, how: string): void {
  if (typeof got === "string") assert.fail(`${how}: ${got}`);
  assert.equal(got.length, want.length, `${how}: memory size`);
  const at = got.findIndex((b, i) => b !== want[i]);
  assert.equal(at, -1, `${how}: first difference at byte ${at} (page ${Math.floor(at / PAGE)})`);
}

const how = (streamed: boolean) => (streamed ? "streamed" : "decoded");

describe("restore streams memory pages from the file", () => {
  let dir = "";
  let devNull = -1;
  let bytes: Uint8Array;
  let snap: Snapshot;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ferry-stream-test-"));
    devNull = openSync("/dev/null", "w");
    bytes = new Uint8Array(readFileSync(PROGRESS));
    const engine = new FerryEngine();
    const wasi = createWasi({ args: ["progress.wasm"], stdio: [devNull, devNull, devNull] });
    const instance = instantiateWasi(engine, engine.compile(bytes), wasi);
    engine.fuel = 300_000;
    engine.onFuelOut = () => {
      assert.equal(engine.vm.run(0), Status.YIELD);
      snap = copyPages(captureSnapshot(engine, instance, wasi, bytes));
      throw new Error("checkpoint");
    };
    assert.throws(() => getExport(instance, "_start", "func").call([]), /checkpoint/);
    wasi.close();
  });
  after(() => {
    closeSync(devNull);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh instance of progress.wasm (its data segments written to page 0). */
  function fresh(): { engine: FerryEngine; instance: FerryInstance; close: () => void } {
    const engine = new FerryEngine();
    const wasi = createWasi({ args: ["progress.wasm"], stdio: [devNull, devNull, devNull] });
    const instance = instantiateWasi(engine, engine.compile(bytes), wasi);
    return { engine, instance, close: () => wasi.close() };
  }

  /** The bytes of memory 0 of `instance`. */
  function memoryBytes(engine: FerryEngine, instance: FerryInstance): Uint8Array {
    const vm = engine.vm;
    const m = vm.instanceMemory(instance.handle);
    return vm.u8.slice(vm.u32(m), vm.u32(m) + vm.u32(m + 4) * PAGE);
  }

  /** Restores `s` written to a file, streamed (true) or fully decoded (false); returns memory 0 or the SnapshotError message. */
  function restore(s: Snapshot | Uint8Array, streamed: boolean): Uint8Array | string {
    const path = join(dir, "s.snap");
    writeFileSync(path, s instanceof Uint8Array ? s : encode(s));
    const f = fresh();
    try {
      if (streamed) {
        const o = openSnapshotFile(path);
        assert.ok(o.memory !== undefined, "the pages are left in the file");
        assert.ok(o.snapshot.memories.every((m) => m.chunks.length === 0));
        restoreSnapshot(f.engine, f.instance, o.snapshot, o.memory);
      } else {
        restoreSnapshot(f.engine, f.instance, decode(readFileSync(path)));
      }
      return memoryBytes(f.engine, f.instance);
    } catch (e) {
      if (e instanceof SnapshotError) return e.message;
      throw e;
    } finally {
      f.close();
    }
  }

  it("clears the unstored pages that the module's data segments wrote", () => {
    const f = fresh();
    const page0 = memoryBytes(f.engine, f.instance).subarray(0, PAGE);
    f.close();
    assert.ok(page0.some((b) => b !== 0), "progress.wasm's data segments are in page 0");
    const s = { ...snap, memories: [memoryOf(3, [1, 2])] };
    for (const streamed of [true, false]) assertMemory(restore(s, streamed), expected(s.memories[0]!), how(streamed));
  });

  it("restores sparse pages, runs at both ends of memory and more pages than one read block", () => {
    const stored: number[] = [];
    for (let p = 0; p < 40; p++) stored.push(p); // a run from page 0
    for (let p = 41; p < 300; p += 3) stored.push(p); // sparse
    for (let p = 380; p < 400; p++) stored.push(p); // a run up to the last page
    const s = { ...snap, memories: [memoryOf(400, stored)] };
    const want = expected(s.memories[0]!);
    for (const streamed of [true, false]) assertMemory(restore(s, streamed), want, how(streamed));
  });

  it("restores a memory with no stored page, and one with every page stored", () => {
    for (const m of [memoryOf(5, []), memoryOf(70, Array.from({ length: 70 }, (_, i) => i))]) {
      const s = { ...snap, memories: [m] };
      for (const streamed of [true, false]) assertMemory(restore(s, streamed), expected(m), how(streamed));
    }
  });

  it("restores the captured workload itself", () => {
    for (const streamed of [true, false]) assertMemory(restore(snap, streamed), expected(snap.memories[0]!), how(streamed));
  });

  it("refuses a memory smaller than the module's", () => {
    const s = { ...snap, memories: [memoryOf(0, [])] };
    for (const streamed of [true, false]) assert.match(String(restore(s, streamed)), /memory 0: .*smaller than its initial size/);
  });

  it("refuses bad pages with the decoder's messages", () => {
    const good = encode({ ...snap, memories: [memoryOf(100, [0, 1, 70, 99])] });
    const corrupt = good.slice();
    corrupt[corrupt.length - 200_000] ^= 1; // inside a stored page (pages come before the last few small sections)
    const disorder = encode({ ...snap, memories: [{ pages: 100, chunks: [{ page: 70, bytes: pattern(70) }, { page: 1, bytes: pattern(1) }] }] });
    const range = encode({ ...snap, memories: [{ pages: 100, chunks: [{ page: 100, bytes: pattern(1) }] }] });
    for (const [bad, why] of [[corrupt, /^memory section is corrupt \(CRC-32 mismatch\)$/], [disorder, /page 1 of memory 0 is out of order/], [range, /page 100 of memory 0 is out of order or out of range/]] as const) {
      assert.throws(() => decode(bad), (e: unknown) => e instanceof SnapshotError && why.test(e.message));
      assert.match(String(restore(bad, true)), why);
    }
  });

  it("reads the whole file when the pages are deflated, or the file is truncated or has trailing bytes", () => {
    const path = join(dir, "z.snap");
    writeFileSync(path, encode(snap, { compress: true }));
    const o = openSnapshotFile(path);
    assert.equal(o.memory, undefined);
    assert.deepEqual(o.snapshot, readSnapshotFile(path));
    const good = encode(snap);
    for (const [bytes, why] of [[good.subarray(0, good.length - 70_000), /truncated/], [new Uint8Array([...good, 0]), /1 unexpected trailing bytes/]] as const) {
      writeFileSync(path, bytes);
      assert.throws(() => openSnapshotFile(path), (e: unknown) => e instanceof SnapshotError && e.message.startsWith(`${path}: `) && why.test(e.message));
    }
    assert.throws(() => openSnapshotFile(join(dir, "none.snap")), /none\.snap: no such file/);
    assert.throws(() => openSnapshotFile(dir), /is a directory, not a snapshot/);
  });

  it("writes thousands of parts in batches, with writev or through a staging buffer", () => {
    const s = { ...snap, memories: [memoryOf(1200, Array.from({ length: 1100 }, (_, i) => i + 50))] };
    const path = join(dir, "w.snap");
    const size = writeSnapshotFile(path, s);
    assert.equal(size, encode(s).length);
    assert.deepEqual(readFileSync(path), Buffer.from(encode(s)));
    for (const staged of [false, true]) {
      const parts = [new Uint8Array(0), new Uint8Array([1, 2, 3]), ...Array.from({ length: 1500 }, (_, i) => pattern(i).subarray(0, 4 + (i % 7) * 9000)), new Uint8Array(5 << 20).fill(9)];
      const fd = openSync(path, "w");
      const n = writeParts(fd, parts, staged);
      closeSync(fd);
      const all = Buffer.concat(parts);
      assert.equal(n, all.length);
      assert.deepEqual(readFileSync(path), all);
    }
  });
});
