// The benchmark loop of one runtime: each workload runs natively (A) and in
// the Ferry VM (B), alternating A/B (ABAB..., then BABA.. order swapped every
// round), `runs` times each; every run's checksum line is verified and the
// medians become a RuntimeResult.

import type { RuntimeResult, WorkloadResult } from "./format.js";
import type { Runner } from "./runner.js";
import { gmean, median } from "./stats.js";
import type { Workload } from "./workloads.js";
import { checksumOk, workloadPath } from "./workloads.js";

/** Options of one suite run. */
export interface SuiteOptions {
  runtime: string;
  workloads: readonly Workload[];
  /** Size S parameters instead of L. */
  quick: boolean;
  /** Runs of each side (>= 1). */
  runs: number;
  /** Receives one progress line per run (stderr in the CLI). */
  progress?: (line: string) => void;
}

/** A workload printed the wrong output. */
export class ChecksumError extends Error {
  override name = "ChecksumError";
}

/** Runs every workload on one runtime; throws ChecksumError on a wrong checksum. */
export function runSuite(o: SuiteOptions, runner: Runner): RuntimeResult & { nativeRssKb: number; ferryRssKb: number } {
  const results: WorkloadResult[] = [];
  let nativeRssKb = 0;
  let ferryRssKb = 0;
  for (const w of o.workloads) {
    const param = o.quick ? w.small : w.large;
    const expected = o.quick ? w.smallLine : w.largeLine;
    const times: Record<"native" | "ferry", number[]> = { native: [], ferry: [] };
    for (let i = 0; i < o.runs; i++) {
      const order: boolean[] = i % 2 === 0 ? [true, false] : [false, true];
      for (const native of order) {
        const side = native ? "native" : "ferry";
        const m = runner({ runtime: o.runtime, native, module: workloadPath(w), args: [String(param)] });
        if (!checksumOk(m.stdout, expected)) {
          throw new ChecksumError(`${w.name} (${side} on ${o.runtime}) printed ${JSON.stringify(m.stdout.trim())}, expected ${JSON.stringify(expected)}`);
        }
        times[side].push(m.ms);
        if (native) nativeRssKb = Math.max(nativeRssKb, m.maxRssKb);
        else ferryRssKb = Math.max(ferryRssKb, m.maxRssKb);
        o.progress?.(`bench ${o.runtime} ${w.name} ${param} ${side} run ${i + 1}/${o.runs}: ${m.ms.toFixed(1)} ms, checksum ok`);
      }
    }
    const nativeMs = median(times.native);
    const ferryMs = median(times.ferry);
    results.push({ workload: w.name, native_ms: round(nativeMs), ferry_ms: round(ferryMs), ratio: round(ferryMs / nativeMs, 2) });
  }
  return { runtime: o.runtime, results, gmean_ratio: round(gmean(results.map((r) => r.ratio)), 2), nativeRssKb, ferryRssKb };
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
