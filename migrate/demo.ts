// `npm start`: the suspend/resume demo. Runs a small WASI workload that
// prints progress (examples/progress.wasm) to completion on Node for
// reference, then runs it again on Node with --checkpoint-after N, which
// stops mid-computation and writes a snapshot, and resumes that snapshot on
// Bun and on Deno. The output before the checkpoint plus the output after
// the resume must equal the reference byte for byte.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { findExecutable } from "../host/runtimes/launch.js";
import { projectRoot } from "../host/vm.js";

const root = projectRoot();
const cli = join(root, "bin", "ferry.js");

interface Result { stdout: string; stderr: string; status: number; ms: number }

function ferry(...args: string[]): Result {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
  return { stdout: r.stdout ?? "", stderr: r.stderr ?? "", status: r.status ?? -1, ms: performance.now() - t0 };
}

function indent(s: string, prefix = "    │ "): string {
  return s.replace(/\n$/, "").split("\n").map((l) => prefix + l).join("\n");
}

function say(s = ""): void {
  process.stdout.write(`${s}\n`);
}

function check(label: string, r: Result): void {
  if (r.status !== 0) {
    say(`  ✗ ${label} failed (exit ${r.status}):\n${indent(r.stderr)}`);
    process.exit(1);
  }
}

/** Runs the demo for `module` with `args`, checkpointing after `n` instructions; true if every resume matched. */
function demo(title: string, module: string, args: string[], n: number): boolean {
  const dir = mkdtempSync(join(tmpdir(), "ferry-demo-"));
  const snap = join(dir, "workload.snap");
  try {
    say(`━━ ${title} ━━`);
    say(`1. Reference: the whole run on node`);
    const ref = ferry("run", module, "--", ...args);
    check("reference run", ref);
    say(indent(ref.stdout));
    say(`   (${ref.ms.toFixed(0)} ms)`);
    say();
    say(`2. Run on node again, but checkpoint after ${n.toLocaleString("en")} instructions`);
    const before = ferry("run", "--checkpoint-after", String(n), "--snapshot", snap, module, "--", ...args);
    check("checkpoint run", before);
    say(before.stdout === "" ? "    │ (no output yet)" : indent(before.stdout));
    say(`   ${before.stderr.trim()}`);
    say(`   snapshot: ${statSync(snap).size.toLocaleString("en")} bytes`);
    const inspect = ferry("inspect", snap);
    const lines = inspect.stdout.trim().split("\n");
    const shown = lines.length > 14 ? [...lines.slice(0, 8), `    ... (${lines.length - 12} more lines)`, ...lines.slice(-4)] : lines;
    say(`   ferry inspect:`);
    say(indent(shown.join("\n"), "     "));
    say();
    let ok = true;
    let step = 3;
    for (const runtime of ["bun", "deno", "node"]) {
      if (findExecutable(runtime) === undefined) {
        say(`${step++}. (${runtime} is not installed: skipped)`);
        continue;
      }
      say(`${step++}. Resume the snapshot on ${runtime}`);
      const after = ferry("resume", "--runtime", runtime, snap);
      check(`resume on ${runtime}`, after);
      say(indent(after.stdout));
      const same = before.stdout + after.stdout === ref.stdout;
      ok &&= same;
      say(`   (${after.ms.toFixed(0)} ms) before + after ${same ? "==" : "!="} reference: ${same ? "✓ identical" : "✗ DIFFERENT"}`);
      say();
    }
    return ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const progress = join(root, "examples", "progress.wasm");
let ok = demo("A workload that prints progress (examples/progress.wasm)", progress, [], 1_500_000);
const fib = join(root, "..", "shared", "workloads", "bench", "fib.wasm");
if (existsSync(fib)) ok = demo("fib(27) from the benchmark workloads", fib, ["27"], 2_000_000) && ok;
say(ok
  ? "All resumed runs produced exactly the reference output: the workload moved between runtimes mid-computation."
  : "Some resumed run differed from the reference.");
process.exit(ok ? 0 : 1);
