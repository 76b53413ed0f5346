// Snapshot speed: runs ../shared/workloads/wasi/bigmem (MB MiB touched) in
// the Ferry VM in this process up to a checkpoint inside its passes, then
// times, step by step, snapshot (capture, encode, write, fsync, rename: the
// durable path of `ferry run --checkpoint-after`) and restore (open = read and
// decode all but the pages, load = grow the memory, stream the pages in and
// check them, rebuild the rest of the state; a fresh VM instance with the
// module translated and instantiated is made first and timed apart), with
// and without compression. Beside each snapshot, the device's own speed: the
// same number of bytes written from one buffer and fsynced. MB/s =
// uncompressed snapshot bytes (the state) / 1e6 / seconds.

import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import process from "node:process";
import { join } from "node:path";
import { Status } from "../host/abi.js";
import { FerryEngine } from "../host/ferry-engine.js";
import type { FerryInstance } from "../host/ferry-engine.js";
import { getExport } from "../host/engine.js";
import { readModule } from "../host/runtimes/in-process.js";
import { projectRoot } from "../host/vm.js";
import { instantiateWasi } from "../host/wasi/command.js";
import { createWasi } from "../host/wasi/index.js";
import type { Wasi } from "../host/wasi/index.js";
import { openSnapshotFile, writeSnapshotFile } from "../migrate/snapshot/file.js";
import type { WriteTimes } from "../migrate/snapshot/file.js";
import { encodedSize } from "../migrate/snapshot/format.js";
import { captureSnapshot, restoreSnapshot } from "../migrate/snapshot/vm-state.js";
import { median } from "./stats.js";

/** One measured configuration (field names as in `ferry bench --json`, docs/performance.md). Times are medians in ms. */
export interface SnapshotResult {
  /** The JS runtime that ran it ("node 20.20.2", "bun 1.4.5", "deno 2.9.6"). */
  runtime: string;
  workload: string;
  /** MiB the workload allocated and wrote. */
  touched_mib: number;
  compress: boolean;
  /** Pages of the workload memory, and how many are non-zero (stored). */
  memory_pages: number;
  nonzero_pages: number;
  /** Size of the snapshot file, and of the same snapshot uncompressed. */
  snapshot_bytes: number;
  state_bytes: number;
  /** Snapshot steps: capture (scan, frames, host state), encode (CRC-32s), write, fsync, close + rename. */
  capture_ms: number;
  encode_ms: number;
  write_ms: number;
  fsync_ms: number;
  rename_ms: number;
  /** Durable snapshot: all the steps. */
  snapshot_ms: number;
  snapshot_mb_per_s: number;
  /** CPU time (user + system, this process) of the durable snapshot: the work, without waiting for the device or for a CPU. */
  snapshot_cpu_ms: number;
  /** The same without the fsync (Ferry's work and the kernel's write into the page cache). */
  snapshot_nosync_ms: number;
  snapshot_nosync_mb_per_s: number;
  /** The device: snapshot_bytes written from one buffer in one call, and fsynced. */
  disk_write_ms: number;
  disk_fsync_ms: number;
  disk_mb_per_s: number;
  /** Restore steps: open (read + decode all but the pages), load (grow, pages in + CRC, the rest of the state). */
  open_ms: number;
  load_ms: number;
  restore_ms: number;
  restore_mb_per_s: number;
  /** CPU time (user + system) of open + load. */
  restore_cpu_ms: number;
  /** Before a restore, not in restore_ms: a fresh VM, the module translated and instantiated. */
  instantiate_ms: number;
}

/** Where bigmem.wasm lives. */
export function bigmemPath(): string {
  return join(projectRoot(), "..", "shared", "workloads", "wasi", "bigmem.wasm");
}

/** Name and version of the JS runtime running this process. */
export function jsRuntime(): string {
  const v = process.versions as Record<string, string | undefined>;
  if (v.bun !== undefined) return `bun ${v.bun}`;
  if (v.deno !== undefined) return `deno ${v.deno}`;
  return `node ${process.versions.node}`;
}

class Stop extends Error {}

function instantiate(engine: FerryEngine, bytes: Uint8Array, wasi: Wasi): FerryInstance {
  return instantiateWasi(engine, engine.compile(bytes), wasi);
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
/** CPU time of this process so far, ms. */
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const mbps = (bytes: number, ms: number) => round(bytes / 1e6 / (ms / 1000), 0);

/** The device reference: `bytes` bytes (from one buffer already in memory) written to `path` and fsynced. */
function diskReference(path: string, buf: Uint8Array): { write: number; fsync: number } {
  const t0 = performance.now();
  const fd = openSync(path, "w", 0o644);
  for (let done = 0; done < buf.length;) done += writeSync(fd, buf, done, buf.length - done);
  const t1 = performance.now();
  fsyncSync(fd);
  const t2 = performance.now();
  closeSync(fd);
  unlinkSync(path);
  return { write: t1 - t0, fsync: t2 - t1 };
}

interface Written { compress: boolean; path: string; size: number; steps: Record<string, number[]> }

/**
 * Measures snapshot and restore of bigmem with `mb` MiB touched, `runs` times
 * each, uncompressed and compressed; returns one result per compression setting.
 */
export function measureSnapshot(mb: number, runs: number, progress?: (line: string) => void): SnapshotResult[] {
  const bytes = readModule(bigmemPath());
  const dir = mkdtempSync(join(tmpdir(), "ferry-snapbench-"));
  const devNull = openSync("/dev/null", "w");
  const results: SnapshotResult[] = [];
  const push = (steps: Record<string, number[]>, k: string, v: number) => (steps[k] ??= []).push(v);
  try {
    const engine = new FerryEngine();
    const wasi = createWasi({ args: ["bigmem.wasm", String(mb), "1000000"], stdio: [devNull, devNull, 2] });
    const instance = instantiate(engine, bytes, wasi);
    // The fill loop takes about 12 instructions per word: stop well inside the passes.
    engine.fuel = mb * 262144 * 16;
    const files: Written[] = [];
    let pages = 0, nonZero = 0, stateBytes = 0;
    let refBuf: Uint8Array | undefined;
    engine.onFuelOut = () => {
      if (engine.vm.run(0) !== Status.YIELD) throw new Error("bigmem did not stop at a resume point");
      for (const compress of [false, true]) {
        const path = join(dir, `bigmem-${mb}${compress ? "-z" : ""}.snap`);
        const steps: Record<string, number[]> = {};
        let size = 0;
        for (let r = 0; r < runs; r++) {
          // A fresh name each run, as a first checkpoint (renaming over a big file also frees its blocks).
          rmSync(path, { force: true });
          const c0 = cpuMs();
          const t0 = performance.now();
          const snap = captureSnapshot(engine, instance, wasi, bytes);
          const capture = performance.now() - t0;
          const w: WriteTimes = { encode: 0, write: 0, fsync: 0, rename: 0 };
          size = writeSnapshotFile(path, snap, { compress }, w);
          push(steps, "snapshotCpu", cpuMs() - c0);
          push(steps, "capture", capture);
          for (const [k, v] of Object.entries(w)) push(steps, k, v);
          push(steps, "total", capture + w.encode + w.write + w.fsync + w.rename);
          push(steps, "nosync", capture + w.encode + w.write + w.rename);
          if (refBuf?.length !== size) refBuf = new Uint8Array(size).fill(0x5a);
          const ref = diskReference(join(dir, "disk-reference"), refBuf);
          push(steps, "diskWrite", ref.write);
          push(steps, "diskFsync", ref.fsync);
          push(steps, "disk", ref.write + ref.fsync);
          pages = snap.memories.reduce((n, m) => n + m.pages, 0);
          nonZero = snap.memories.reduce((n, m) => n + m.chunks.length, 0);
          stateBytes = encodedSize(snap);
        }
        files.push({ compress, path, size, steps });
        progress?.(`snapshot bigmem ${mb} MiB${compress ? " compressed" : ""}: ${size} bytes, ${median(steps.total!).toFixed(1)} ms`);
      }
      throw new Stop();
    };
    try {
      getExport(instance, "_start", "func").call([]);
      throw new Error("bigmem finished before the checkpoint");
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
    } finally {
      wasi.close();
    }
    for (const f of files) {
      const s = f.steps;
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        const e2 = new FerryEngine();
        const w2 = createWasi({ args: ["bigmem.wasm"], stdio: [devNull, devNull, 2] });
        const i2 = instantiate(e2, bytes, w2);
        const c1 = cpuMs();
        const t1 = performance.now();
        const opened = openSnapshotFile(f.path);
        const t2 = performance.now();
        restoreSnapshot(e2, i2, opened.snapshot, opened.memory);
        const t3 = performance.now();
        push(s, "restoreCpu", cpuMs() - c1);
        w2.close();
        push(s, "instantiate", t1 - t0);
        push(s, "open", t2 - t1);
        push(s, "load", t3 - t2);
        push(s, "restore", t3 - t1);
      }
      const m = (k: string) => median(s[k]!);
      progress?.(`restore bigmem ${mb} MiB${f.compress ? " compressed" : ""}: ${m("restore").toFixed(1)} ms`);
      results.push({
        runtime: jsRuntime(),
        workload: `bigmem ${mb}`,
        touched_mib: mb,
        compress: f.compress,
        memory_pages: pages,
        nonzero_pages: nonZero,
        snapshot_bytes: f.size,
        state_bytes: stateBytes,
        capture_ms: round(m("capture"), 1),
        encode_ms: round(m("encode"), 1),
        write_ms: round(m("write"), 1),
        fsync_ms: round(m("fsync"), 1),
        rename_ms: round(m("rename"), 1),
        snapshot_ms: round(m("total"), 1),
        snapshot_mb_per_s: mbps(stateBytes, m("total")),
        snapshot_cpu_ms: round(m("snapshotCpu"), 1),
        snapshot_nosync_ms: round(m("nosync"), 1),
        snapshot_nosync_mb_per_s: mbps(stateBytes, m("nosync")),
        disk_write_ms: round(m("diskWrite"), 1),
        disk_fsync_ms: round(m("diskFsync"), 1),
        disk_mb_per_s: mbps(f.size, m("disk")),
        open_ms: round(m("open"), 1),
        load_ms: round(m("load"), 1),
        restore_ms: round(m("restore"), 1),
        restore_mb_per_s: mbps(stateBytes, m("restore")),
        restore_cpu_ms: round(m("restoreCpu"), 1),
        instantiate_ms: round(m("instantiate"), 1),
      });
    }
  } finally {
    closeSync(devNull);
    if (!process.env.FERRY_KEEP_SNAPSHOTS) rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd()).join("\n");
}

/** The text tables of snapshot results: totals and rates, then the time of each step. */
export function formatSnapshotTable(rs: SnapshotResult[]): string {
  const name = (r: SnapshotResult) => `${r.workload} MiB${r.compress ? " z" : ""}`;
  const f1 = (x: number) => x.toFixed(1);
  const totals = [["snapshot", "pages", "bytes", "snap ms", "MB/s", "no fsync MB/s", "disk MB/s", "cpu ms", "restore ms", "MB/s", "cpu ms"]];
  for (const r of rs) {
    totals.push([name(r), `${r.nonzero_pages}/${r.memory_pages}`, String(r.snapshot_bytes), f1(r.snapshot_ms), String(r.snapshot_mb_per_s),
      String(r.snapshot_nosync_mb_per_s), String(r.disk_mb_per_s), f1(r.snapshot_cpu_ms), f1(r.restore_ms), String(r.restore_mb_per_s), f1(r.restore_cpu_ms)]);
  }
  const steps = [["steps (ms)", "capture", "encode", "write", "fsync", "rename", "disk write", "disk fsync", "open", "load", "(instantiate)"]];
  for (const r of rs) {
    steps.push([name(r), f1(r.capture_ms), f1(r.encode_ms), f1(r.write_ms), f1(r.fsync_ms), f1(r.rename_ms), f1(r.disk_write_ms), f1(r.disk_fsync_ms),
      f1(r.open_ms), f1(r.load_ms), f1(r.instantiate_ms)]);
  }
  return `${rs[0]?.runtime ?? ""} (z = compressed; disk = the same bytes written from one buffer + fsync; cpu = user + system time of this process)\n${table(totals)}\n\n${table(steps)}`;
}
