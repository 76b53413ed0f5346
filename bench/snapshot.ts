// Snapshot speed: runs ../shared/workloads/wasi/bigmem (MB MiB touched) in
// the Ferry VM in this process up to a checkpoint inside its passes, then
// times snapshot (capture + encode + write the file, fsync included) and
// restore (read + decode + rebuild the state in a freshly instantiated
// module; instantiation itself not counted), with and without compression.
// MB/s = uncompressed snapshot bytes (the state) / 1e6 / seconds.

import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
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
import { readSnapshotFile, writeSnapshotFile } from "../migrate/snapshot/file.js";
import { encodedSize } from "../migrate/snapshot/format.js";
import { captureSnapshot, restoreSnapshot } from "../migrate/snapshot/vm-state.js";
import { median } from "./stats.js";

/** One measured configuration (field names as in `ferry bench --json`, docs/performance.md). */
export interface SnapshotResult {
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
  /** Medians: capture + encode + write; read + decode + restore. */
  snapshot_ms: number;
  restore_ms: number;
  snapshot_mb_per_s: number;
  restore_mb_per_s: number;
}

/** Where bigmem.wasm lives. */
export function bigmemPath(): string {
  return join(projectRoot(), "..", "shared", "workloads", "wasi", "bigmem.wasm");
}

class Stop extends Error {}

function instantiate(engine: FerryEngine, bytes: Uint8Array, wasi: Wasi): FerryInstance {
  return instantiateWasi(engine, engine.compile(bytes), wasi);
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Measures snapshot and restore of bigmem with `mb` MiB touched, `runs` times
 * each, uncompressed and compressed; returns one result per compression setting.
 */
export function measureSnapshot(mb: number, runs: number, progress?: (line: string) => void): SnapshotResult[] {
  const bytes = readModule(bigmemPath());
  const dir = mkdtempSync(join(tmpdir(), "ferry-snapbench-"));
  const devNull = openSync("/dev/null", "w");
  const results: SnapshotResult[] = [];
  try {
    const engine = new FerryEngine();
    const wasi = createWasi({ args: ["bigmem.wasm", String(mb), "1000000"], stdio: [devNull, devNull, 2] });
    const instance = instantiate(engine, bytes, wasi);
    // The fill loop takes about 12 instructions per word: stop well inside the passes.
    engine.fuel = mb * 262144 * 16;
    const files: Array<{ compress: boolean; path: string; times: number[]; size: number }> = [];
    let pages = 0, nonZero = 0, stateBytes = 0;
    engine.onFuelOut = () => {
      if (engine.vm.run(0) !== Status.YIELD) throw new Error("bigmem did not stop at a resume point");
      for (const compress of [false, true]) {
        const path = join(dir, `bigmem-${mb}${compress ? "-z" : ""}.snap`);
        const times: number[] = [];
        let size = 0;
        for (let r = 0; r < runs; r++) {
          const t0 = performance.now();
          const snap = captureSnapshot(engine, instance, wasi, bytes);
          size = writeSnapshotFile(path, snap, { compress });
          times.push(performance.now() - t0);
          pages = snap.memories.reduce((n, m) => n + m.pages, 0);
          nonZero = snap.memories.reduce((n, m) => n + m.chunks.length, 0);
          stateBytes = encodedSize(snap);
        }
        files.push({ compress, path, times, size });
        progress?.(`snapshot bigmem ${mb} MiB${compress ? " compressed" : ""}: ${size} bytes, ${median(times).toFixed(1)} ms`);
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
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const e2 = new FerryEngine();
        const w2 = createWasi({ args: ["bigmem.wasm"], stdio: [devNull, devNull, 2] });
        const i2 = instantiate(e2, bytes, w2);
        const t0 = performance.now();
        const snap = readSnapshotFile(f.path);
        restoreSnapshot(e2, i2, snap);
        times.push(performance.now() - t0);
        w2.close();
      }
      progress?.(`restore bigmem ${mb} MiB${f.compress ? " compressed" : ""}: ${median(times).toFixed(1)} ms`);
      const snapshotMs = median(f.times), restoreMs = median(times);
      results.push({
        workload: `bigmem ${mb}`,
        touched_mib: mb,
        compress: f.compress,
        memory_pages: pages,
        nonzero_pages: nonZero,
        snapshot_bytes: f.size,
        state_bytes: stateBytes,
        snapshot_ms: round(snapshotMs, 1),
        restore_ms: round(restoreMs, 1),
        snapshot_mb_per_s: round(stateBytes / 1e6 / (snapshotMs / 1000), 0),
        restore_mb_per_s: round(stateBytes / 1e6 / (restoreMs / 1000), 0),
      });
    }
  } finally {
    closeSync(devNull);
    if (!process.env.FERRY_KEEP_SNAPSHOTS) rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** The text table of snapshot results. */
export function formatSnapshotTable(rs: SnapshotResult[]): string {
  const rows = [["snapshot", "compress", "pages", "bytes", "snap ms", "snap MB/s", "restore ms", "restore MB/s"]];
  for (const r of rs) {
    rows.push([r.workload + " MiB", r.compress ? "yes" : "no", `${r.nonzero_pages}/${r.memory_pages}`, String(r.snapshot_bytes),
      r.snapshot_ms.toFixed(1), String(r.snapshot_mb_per_s), r.restore_ms.toFixed(1), String(r.restore_mb_per_s)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd()).join("\n");
}
