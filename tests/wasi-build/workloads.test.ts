// Every program of ../shared/workloads under `ferry run --runtime wasi` (the
// VM as a WASI command under node:wasi) and `--runtime ferry` (the same VM
// interpreted by Ferry on Node): the WASI programs as wasi/expected.txt says
// (stdout, output file hashes, exit codes, traps), the bench kernels with
// their size-S checksums under wasi and tiny parameters under ferry (an
// interpreter inside an interpreter: S sizes are in `npm run test:runtimes`).
// Commands too slow for a runtime run with smaller inputs and are compared
// with the same command run natively (--native).
// FERRY_TEST_WASI_BENCH=none leaves the bench kernels out (about 60 s of CPU).

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import { wasiVmPath } from "../../host/runtimes/wasi.js";
import { projectRoot } from "../../host/vm.js";
import { ferryRun } from "../wasi/harness.js";
import type { CliResult } from "../wasi/harness.js";

const WORKLOADS = join(projectRoot(), "..", "shared", "workloads");

/** One `$ ...` command of expected.txt: steps (`a && b`), stdout, exit code or trap messages, file hashes. */
interface Case {
  title: string;
  steps: Array<{ program: string; args: string[]; env: string[]; stdin?: string }>;
  stdout: string;
  exit: number | string[];
  files: Array<[string, string]>;
}

/** Parses expected.txt (shell-like words, double quotes, `< file` for stdin, leading K=V for env). */
function parseExpected(text: string): Case[] {
  const cases: Case[] = [];
  for (const line of text.split("\n")) {
    const c = cases.at(-1);
    if (line.startsWith("$ ")) {
      const steps = line.slice(2).replace(/\s{2,}\(.*\)\s*$/, "").split("&&").map((part) => {
        const words = [...part.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
        const env: string[] = [];
        while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? "")) env.push(words.shift()!);
        const lt = words.indexOf("<");
        const stdin = lt >= 0 ? words.splice(lt, 2)[1] : undefined;
        return { program: words[0]!, args: words.slice(1), env, stdin };
      });
      cases.push({ title: line.slice(2), steps, stdout: "", exit: 0, files: [] });
    } else if (c !== undefined && line !== "") {
      const exit = /^exit=(\d+)$/.exec(line);
      const trap = /^exit=\(trap\) \(trap: (.*)\)$/.exec(line);
      const sha = /^sha256\((.+)\)=([0-9a-f]{64})$/.exec(line);
      if (exit) c.exit = Number(exit[1]);
      else if (trap) c.exit = trap[1]!.split(" / ");
      else if (sha) c.files.push([sha[1]!, sha[2]!]);
      else c.stdout += `${line}\n`;
    }
  }
  return cases;
}

/** Size-S parameters and expected output of the bench kernels (workloads/README.md). */
const BENCH_S: Array<[string, string, string]> = [
  ["mandelbrot", "125", "mandelbrot param=125 checksum=149139780145\n"],
  ["pi", "75000000", "leibniz=3.141592640256 machin=3.141592653589794\npi param=75000000 checksum=104736339\n"],
  ["mergesort", "2", "mergesort param=2 checksum=3654881964940175273\n"],
  ["fib", "37", "fib param=37 checksum=24157817\n"],
  ["matmul", "12", "trace_sum=5.1866052194e+02\nmatmul param=12 checksum=4647773402016929871\n"],
  ["hash", "2", "hash param=2 checksum=17145004104156469622\n"],
];

/** Bench kernels at tiny parameters, checked against --native's stdout (for ferry-in-ferry). */
const BENCH_TINY: Array<[string, string]> = [["mandelbrot", "20"], ["pi", "200000"], ["mergesort", "1"], ["fib", "22"], ["matmul", "3"], ["hash", "1"]];

/** Smaller arguments for the slow commands of expected.txt (checked against --native instead). */
const SMALL_WASI: Record<string, string[]> = {
  "filesort gen 200000 in.txt": ["gen", "20000", "in.txt"],
  "bigmem 64 3": ["16", "2"],
  "bigmem 256 1": ["40", "1"],
};
const SMALL_FERRY: Record<string, string[]> = {
  "filesort gen 200000 in.txt": ["gen", "2000", "in.txt"],
  "bigmem 64 3": ["4", "2"],
  "bigmem 256 1": ["6", "1"],
  "stream stream.in stream.out 400": ["stream-small.in", "stream.out", "50"],
  "clockrand 1000000": ["10000"],
};

/** Progress lines stream and bigmem print that expected.txt leaves out. */
const PROGRESS = /^(chunk|pass) \d+\n/gm;

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const skip = existsSync(wasiVmPath()) ? false : `${wasiVmPath()} is not built`;
const cases = parseExpected(readFileSync(join(WORKLOADS, "wasi", "expected.txt"), "utf8"));

for (const [runtime, SMALL] of [["wasi", SMALL_WASI], ["ferry", SMALL_FERRY]] as const) describe(`workloads under ferry run --runtime ${runtime}`, { skip, concurrency: 2 }, () => {
  let work = "";
  before(() => {
    work = mkdtempSync(join(tmpdir(), "ferry-wasi-build-"));
    cpSync(join(WORKLOADS, "wasi"), work, { recursive: true });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("expected.txt has the commands this suite relies on", () => {
    assert.ok(cases.length >= 15);
    const env = cases.find((c) => c.steps[0]!.program === "envargs")!;
    assert.deepEqual(env.steps[0]!.env, ["FERRY_A=1", "OTHER=2"]);
    assert.equal(env.exit, 5);
  });

  /** Runs the steps of c (with `args` replaced by SMALL's) in `work` under `flags`; stdout of all, result of the last. */
  async function runSteps(c: Case, flags: string[]): Promise<{ stdout: string; last: CliResult }> {
    let last: CliResult | undefined;
    let stdout = "";
    for (const step of c.steps) {
      const env = step.env.flatMap((e) => ["--env", e]);
      const args = SMALL[`${step.program} ${step.args.join(" ")}`] ?? step.args;
      last = await ferryRun([...flags, "--dir", ".", ...env, `${step.program}.wasm`, "--", ...args], work, step.stdin);
      stdout += last.stdout;
      if (last.code !== 0) break;
    }
    return { stdout: stdout.replace(PROGRESS, ""), last: last! };
  }

  for (const c of cases.filter((c) => c.steps.some((s) => SMALL[`${s.program} ${s.args.join(" ")}`] !== undefined))) {
    it(`$ ${c.title} (smaller, same as --native)`, async () => {
      const native = await runSteps(c, ["--native"]);
      const nativeFiles = c.files.map(([file]) => sha256(join(work, file)));
      const vm = await runSteps(c, ["--runtime", runtime]);
      assert.equal(native.last.code, 0, native.last.stderr);
      assert.equal(vm.last.code, 0, vm.last.stderr);
      assert.equal(vm.stdout, native.stdout);
      assert.deepEqual(c.files.map(([file]) => sha256(join(work, file))), nativeFiles);
    });
  }

  for (const c of cases.filter((c) => c.steps.every((s) => SMALL[`${s.program} ${s.args.join(" ")}`] === undefined))) {
    it(`$ ${c.title}`, async () => {
      const { stdout, last } = await runSteps(c, ["--runtime", runtime]);
      assert.equal(stdout, c.stdout);
      if (typeof c.exit === "number") {
        assert.equal(last.code, c.exit, last.stderr);
      } else {
        assert.equal(last.code, 3, `a trap exits 3: ${last.stderr}`);
        const line = last.stderr.split("\n").find((l) => l.startsWith("ferry: trap: "));
        const message = line?.slice("ferry: trap: ".length) ?? "";
        const traps = c.exit;
        assert.ok(traps.some((m) => message === m || message.startsWith(`${m} `)), last.stderr);
      }
      for (const [file, hash] of c.files) assert.equal(sha256(join(work, file)), hash, file);
    });
  }

  const benchSkip = process.env.FERRY_TEST_WASI_BENCH === "none" ? "FERRY_TEST_WASI_BENCH=none" : false;
  if (runtime === "ferry") {
    for (const [name, param] of BENCH_TINY) {
      it(`bench ${name} ${param} (tiny: the same stdout as --native)`, { skip: benchSkip }, async () => {
        const path = join(WORKLOADS, "bench", `${name}.wasm`);
        const native = await ferryRun(["--native", path, "--", param], work);
        const r = await ferryRun(["--runtime", runtime, path, "--", param], work);
        assert.equal(native.code, 0, native.stderr);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, native.stdout);
      });
    }
    return;
  }
  for (const [name, param, expected] of BENCH_S) {
    it(`bench ${name} ${param}`, { skip: benchSkip }, async () => {
      const r = await ferryRun(["--runtime", "wasi", join(WORKLOADS, "bench", `${name}.wasm`), "--", param], work);
      assert.equal(r.stdout, expected);
      assert.equal(r.code, 0, r.stderr);
    });
  }
});
