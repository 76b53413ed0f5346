// `ferry spec`: runs the core spec suite (default ../shared/spec/json) with the
// Ferry VM or the outer runtime's own engine, prints one line per file and a
// total (or JSON), and exits 0 only if every failure is expected.

import { join } from "node:path";
import { formatFlags, parseArgs, UsageError } from "../args.js";
import type { FlagSpec } from "../args.js";
import type { Engine } from "../../host/engine.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import { NativeEngine } from "../../host/native-engine.js";
import { projectRoot } from "../../host/vm.js";
import { compareWithExpected, readExpectedFailures } from "../spec/expected.js";
import { listSpecFiles, runSpecFile, totals } from "../spec/runner.js";
import type { SpecFailure, SpecFileResult } from "../spec/runner.js";

/** Default fuel budget of one spec command (instructions): stops a runaway loop. */
export const DEFAULT_SPEC_FUEL = 500_000_000;

const FLAGS: FlagSpec[] = [
  { name: "json", help: "print the results as JSON" },
  { name: "verbose", short: "v", help: "print each failure (line, command, expected vs got)" },
  { name: "engine", value: "ferry|native", help: "engine to test (default ferry)" },
  { name: "expect", value: "FILE", help: "expected failures (file:line reason per line): exit 0 if only these fail" },
  { name: "vm", value: "FILE", help: "VM binary for the ferry engine (default build/ferry.wasm; e.g. build/ferry.debug.wasm)" },
  { name: "fuel", value: "N", help: `fuel budget per command for the ferry engine (default ${DEFAULT_SPEC_FUEL})` },
];

const USAGE = `usage: ferry spec [options] [DIR|FILE...]

Runs the WebAssembly core spec suite (JSON command files, default ../shared/spec/json).
SIMD files and text-format assert_malformed commands are counted as skipped.

options:
${formatFlags(FLAGS)}`;

/** Default spec directory: ../shared/spec/json relative to the project root. */
export function defaultSpecDir(): string {
  return join(projectRoot(), "..", "shared", "spec", "json");
}

/** Creates the engine factory for `--engine`. */
export function engineFactory(name: "ferry" | "native", fuel: number, vmPath?: string): () => Engine {
  return name === "native" ? () => new NativeEngine() : () => new FerryEngine({ fuel, vmPath });
}

function formatFailure(f: SpecFailure): string {
  return `  FAIL ${f.file}:${f.line} ${f.kind}: ${f.message}`;
}

/** Entry point of `ferry spec`. */
export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.has("help")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const json = args.has("json");
  const verbose = args.has("verbose");
  const engineName = args.choice("engine", ["ferry", "native"] as const, "ferry");
  const fuel = args.number("fuel") ?? DEFAULT_SPEC_FUEL;
  if (fuel <= 0) throw new UsageError("--fuel must be positive");
  const expectPath = args.get("expect");
  const expected = expectPath === undefined ? undefined : readExpectedFailures(expectPath);
  const paths = args.positionals.length > 0 ? args.positionals : [defaultSpecDir()];
  let files: string[];
  try {
    files = listSpecFiles(paths);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (files.length === 0) throw new UsageError(`no spec JSON files in ${paths.join(", ")}`);

  const makeEngine = engineFactory(engineName, fuel, args.get("vm"));
  makeEngine(); // fail early, with one clear line, if the engine cannot load

  const out = (s: string) => process.stdout.write(`${s}\n`);
  const note = json ? (s: string) => process.stderr.write(`${s}\n`) : out;
  const started = performance.now();
  const results: SpecFileResult[] = [];
  for (const file of files) {
    const r = runSpecFile(file, { engine: makeEngine, onFailure: verbose ? (f) => note(formatFailure(f)) : undefined });
    results.push(r);
    if (verbose && engineName === "ferry") for (const m of r.mismatches) note(`  NOTE ${m.file}:${m.line} ${m.kind}: ${m.message}`);
    if (!json) out(`${r.file}: passed ${r.passed}, failed ${r.failed}, skipped ${r.skipped}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const sum = totals(results);
  if (json) {
    const mismatches = results.reduce((n, r) => n + r.messageMismatches, 0);
    out(JSON.stringify({
      ...sum,
      engine: engineName,
      seconds: Number(seconds.toFixed(3)),
      messageMismatches: mismatches,
      files: results.map((r) => ({ file: r.file, passed: r.passed, failed: r.failed, skipped: r.skipped, ms: Math.round(r.ms) })),
    }));
  } else {
    out(`engine ${engineName}, ${files.length} files, ${seconds.toFixed(1)} s`);
    out(`spec: ${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
  }
  if (expected === undefined) return sum.failed === 0 ? 0 : 1;
  const { unexpected, stale } = compareWithExpected(results, expected);
  for (const f of unexpected) note(`unexpected failure: ${formatFailure(f).trim()}`);
  for (const key of stale) note(`expected failure now passes (remove it from ${expectPath}): ${key}`);
  return unexpected.length === 0 && stale.length === 0 ? 0 : 1;
}
