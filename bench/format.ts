// Output of `ferry bench`: the per-runtime results as a text table (workload,
// native ms, ferry ms, ratio, geometric mean) or as JSON.

/** Median times of one workload on one runtime. */
export interface WorkloadResult {
  workload: string;
  native_ms: number;
  ferry_ms: number;
  /** ferry_ms / native_ms. */
  ratio: number;
}

/** Everything measured on one runtime. */
export interface RuntimeResult {
  runtime: string;
  results: WorkloadResult[];
  /** Geometric mean of the ratios. */
  gmean_ratio: number;
  /** Size of build/ferry.wasm in bytes. */
  vm_bytes?: number;
  /** Load + validate + translate throughput, MB/s of code section. */
  load_mb_per_s?: number;
  /** Code section bytes of the module loaded for load_mb_per_s. */
  load_code_bytes?: number;
  /** The same in a VM that has loaded the module before (the outer engine's JIT warmed up). */
  load_warm_mb_per_s?: number;
  /** Peak RSS (KiB) of a native run and of a Ferry run (max over the workloads). */
  native_max_rss_kb?: number;
  ferry_max_rss_kb?: number;
}

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : "-";
}

/** The text report of one runtime: a table and a summary. */
export function formatTable(r: RuntimeResult): string {
  const rows = [["workload", "native ms", "ferry ms", "ratio"], ...r.results.map((w) => [w.workload, fixed(w.native_ms, 1), fixed(w.ferry_ms, 1), `${fixed(w.ratio, 1)}x`])];
  rows.push(["geomean", "", "", `${fixed(r.gmean_ratio, 1)}x`]);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd();
  const out = [`runtime: ${r.runtime}`, line(rows[0]!), ...rows.slice(1, -1).map(line), line(rows[rows.length - 1]!)];
  if (r.vm_bytes !== undefined) out.push(`VM module (build/ferry.wasm): ${r.vm_bytes} bytes`);
  if (r.load_mb_per_s !== undefined) {
    const warm = r.load_warm_mb_per_s !== undefined ? `; ${fixed(r.load_warm_mb_per_s, 1)} MB/s warm (a VM that loaded it before)` : "";
    out.push(`load+validate+translate: ${fixed(r.load_mb_per_s, 1)} MB/s of code section (${r.load_code_bytes} bytes; first load in a fresh VM${warm})`);
  }
  if (r.native_max_rss_kb !== undefined && r.ferry_max_rss_kb !== undefined) {
    out.push(`peak RSS: native ${fixed(r.native_max_rss_kb / 1024, 1)} MiB, ferry ${fixed(r.ferry_max_rss_kb / 1024, 1)} MiB`);
  }
  return out.join("\n");
}

/** The JSON report: one object for one runtime, an array for several. */
export function formatJson(results: readonly RuntimeResult[]): string {
  return JSON.stringify(results.length === 1 ? results[0] : results, null, 2);
}
