// `ferry bench [--json] [--runtime R ...] [--quick] [--runs N] [--only NAME ...]`:
// the six kernels of ../shared/workloads/bench natively and inside the Ferry
// VM on the same JS runtime, alternating, medians, checksums verified; plus
// the VM module size, module-load throughput and peak RSS. Timing happens in
// the child (bench/worker.ts): only the workload's `_start`, not startup.
// Then snapshot and restore speed (bench/snapshot.ts, in this process).

import { statSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { formatFlags, parseArgs, UsageError } from "../args.js";
import type { FlagSpec } from "../args.js";
import { defaultVmPath } from "../../host/vm.js";
import type { RuntimeResult } from "../../bench/format.js";
import { formatJson, formatTable } from "../../bench/format.js";
import { childRunner, measureLoad } from "../../bench/runner.js";
import { formatSnapshotTable, jsRuntime, measureSnapshot } from "../../bench/snapshot.js";
import type { SnapshotResult } from "../../bench/snapshot.js";
import { runSuite } from "../../bench/suite.js";
import { benchDir, WORKLOADS } from "../../bench/workloads.js";
import { formatOverhead, measureCheckpointOverhead } from "../../bench/checkpoint-overhead.js";
import type { OverheadResult } from "../../bench/checkpoint-overhead.js";
import { formatInstrument, measureInstrumentOverhead } from "../../bench/instrument-overhead.js";
import type { InstrumentResult } from "../../bench/instrument-overhead.js";

/** Copies of the largest workload's functions for the load-throughput module (about 0.9 MB of code). */
export const LOAD_COPIES = 40;

const FLAGS: FlagSpec[] = [
  { name: "json", help: "print the results as JSON (one object per runtime; an array if several)" },
  { name: "runtime", value: "R", repeat: true, help: "JS runtime to measure on: node (default), bun, deno; repeatable" },
  { name: "quick", help: "size S parameters (seconds instead of minutes)" },
  { name: "runs", value: "N", help: "runs of each side per workload (default 3); medians are reported" },
  { name: "only", value: "NAME", repeat: true, help: "run only this workload (repeatable); `snapshot` is the snapshot benchmark, `checkpoint` the armed-trigger overhead, `instrument` the instrumentation overhead" },
];

const USAGE = `usage: ferry bench [options]

Runs mandelbrot, pi, mergesort, fib, matmul and hash natively and inside the
Ferry VM on the same runtime, alternating, and prints the median times of the
workload's _start (measured inside the child process), their ratio and the
geometric mean; also the VM size, load throughput, peak RSS, and the cost
of an armed checkpoint trigger that never fires and of instrumentation
(idle Probes, --monitor count and coverage, a global probe): fib, sides
interleaved in rounds, median per-round ratios with 95% intervals. Then snapshot
and restore time, MB/s and size for bigmem with 8 and 256 MiB touched
(--quick: 8 MiB), plain and compressed, in this process.
Progress goes to stderr.

options:
${formatFlags(FLAGS)}`;

/** Entry point of `ferry bench`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.has("help")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
  const runs = args.number("runs") ?? 3;
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs expects an integer >= 1, got ${runs}`);
  const only = args.all("only");
  for (const name of only) if (name !== "snapshot" && name !== "instrument" && name !== "checkpoint" && !WORKLOADS.some((w) => w.name === name)) throw new UsageError(`unknown workload ${JSON.stringify(name)}`);
  const workloads = only.length > 0 ? WORKLOADS.filter((w) => only.includes(w.name)) : WORKLOADS;
  const snapshots = only.length === 0 || only.includes("snapshot");
  const instrument = only.length === 0 || only.includes("instrument");
  const checkpoint = only.length === 0 || only.includes("checkpoint");
  const runtimes = args.all("runtime").length > 0 ? args.all("runtime") : ["node"];
  const quick = args.has("quick");
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const vmBytes = statSync(defaultVmPath()).size;
  const out: Array<RuntimeResult & { checkpoint_overhead?: OverheadResult; instrument_overhead?: InstrumentResult }> = [];
  const overheadOnly: Array<{ runtime: string; checkpoint_overhead?: OverheadResult; instrument_overhead?: InstrumentResult }> = [];
  for (const runtime of workloads.length > 0 ? runtimes : []) {
    progress(`bench ${runtime}: ${workloads.length} workloads, size ${quick ? "S" : "L"}, ${runs} runs each side`);
    const { nativeRssKb, ferryRssKb, ...result } = runSuite({ runtime, workloads, quick, runs, progress }, childRunner);
    const load = measureLoad(runtime, join(benchDir(), "hash.wasm"), LOAD_COPIES);
    progress(`bench ${runtime} load: ${load.codeBytes} bytes of code in ${load.ms.toFixed(1)} ms`);
    const overhead = checkpoint ? measureCheckpointOverhead(runtime, quick, runs, progress) : undefined;
    const instr = instrument ? measureInstrumentOverhead(runtime, quick, runs, progress) : undefined;
    out.push({
      ...result,
      ...(overhead === undefined ? {} : { checkpoint_overhead: overhead }),
      ...(instr === undefined ? {} : { instrument_overhead: instr }),
      vm_bytes: vmBytes,
      load_mb_per_s: Math.round((load.codeBytes / 1e6 / (load.ms / 1000)) * 10) / 10,
      load_code_bytes: load.codeBytes,
      ...(load.warmMs !== undefined ? { load_warm_mb_per_s: Math.round((load.codeBytes / 1e6 / (load.warmMs / 1000)) * 10) / 10 } : {}),
      native_max_rss_kb: nativeRssKb,
      ferry_max_rss_kb: ferryRssKb,
    });
    if (!args.has("json")) {
      process.stdout.write(`${formatTable(out[out.length - 1]!)}\n${overhead === undefined ? "" : `${formatOverhead(overhead)}\n`}${instr === undefined ? "" : `${formatInstrument(instr)}\n`}\n`);
    }
  }
  // `--only checkpoint` / `--only instrument` without kernels: the overheads alone, per runtime.
  for (const runtime of workloads.length === 0 && (instrument || checkpoint) ? runtimes : []) {
    const overhead = checkpoint ? measureCheckpointOverhead(runtime, quick, runs, progress) : undefined;
    if (overhead !== undefined && !args.has("json")) process.stdout.write(`${runtime}: ${formatOverhead(overhead)}\n\n`);
    const instr = instrument ? measureInstrumentOverhead(runtime, quick, runs, progress) : undefined;
    if (instr !== undefined && !args.has("json")) process.stdout.write(`${runtime}: ${formatInstrument(instr)}\n\n`);
    overheadOnly.push({ runtime, ...(overhead === undefined ? {} : { checkpoint_overhead: overhead }), ...(instr === undefined ? {} : { instrument_overhead: instr }) });
  }
  const snap: SnapshotResult[] = [];
  if (snapshots) {
    for (const mb of quick ? [8] : [8, 256]) snap.push(...measureSnapshot(mb, runs, progress));
    if (!args.has("json")) process.stdout.write(`snapshot and restore (${jsRuntime()}, this process):\n${formatSnapshotTable(snap)}\n`);
  }
  if (args.has("json")) {
    if (out.length === 0 && overheadOnly.length > 0) {
      const objs = overheadOnly.map((o, i) => (i === 0 && snapshots ? { ...o, snapshot: snap } : o));
      process.stdout.write(`${JSON.stringify(objs.length === 1 ? objs[0] : objs, null, 2)}\n`);
    } else if (out.length === 0) process.stdout.write(`${JSON.stringify({ snapshot: snap }, null, 2)}\n`);
    else process.stdout.write(`${formatJson(snapshots ? [{ ...out[0]!, snapshot: snap } as RuntimeResult, ...out.slice(1)] : out)}\n`);
  }
  return 0;
}
