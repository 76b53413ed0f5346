// Test harness for Ferry's WASI: a WAT module (generated from the signature
// table) that imports every wasi_snapshot_preview1 function and exports a
// forwarder of the same name, so a test calls any WASI function through a
// real engine - native or the Ferry VM, chosen by a parameter - with its
// arguments in workload memory, inside a fresh temp directory. Also builds
// small WASI commands from WAT and runs them end to end.

import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Engine, Instance, MemoryHandle } from "../../host/engine.js";
import { getExport, invoke } from "../../host/engine.js";
import { runWasiCommand } from "../../host/wasi/command.js";
import { wasiImportObject } from "../../host/wasi/engine-imports.js";
import { createWasi, ERRNO_NAMES, memoryFromBytes, WASI_PARAMS } from "../../host/wasi/index.js";
import type { Wasi, WasiOptions } from "../../host/wasi/index.js";
import { projectRoot } from "../../host/vm.js";
import { NativeEngine } from "../../host/native-engine.js";
import { ENGINES as SHARED_ENGINES, wat } from "../helpers/wat.js";
import { Bench } from "./bench.js";
import { runWasiBuildCommand, WasiBuildBench, WasiBuildTarget, wasiBuildSkip } from "./wasi-build-bench.js";

export { Bench, RIGHTS_RO, RIGHTS_RW, SCRATCH } from "./bench.js";

export { wat };

/**
 * The native engine seen through the generic Engine interface only, so WASI goes through
 * Engine.hostFunction and Values - the path the Ferry VM takes - rather than raw JS functions.
 */
export function genericEngine(inner: Engine): Engine {
  return {
    name: inner.name,
    caps: inner.caps,
    compile: (bytes) => inner.compile(bytes),
    instantiate: (module, imports) => inner.instantiate(module, imports),
    hostFunction: (type, fn, name) => inner.hostFunction(type, fn, name),
    global: (valType, mutable, init) => inner.global(valType, mutable, init),
    memory: (limits) => inner.memory(limits),
    table: (elemType, limits) => inner.table(elemType, limits),
  };
}

/** What a WASI test runs on: an engine with Ferry's JS host WASI, or the WASI build under node:wasi. */
export type Target = Engine | WasiBuildTarget;

/** Engines with Ferry's JS host WASI: [name, factory, skip reason or false]. */
export const JS_ENGINES: Array<[string, () => Engine, string | false]> = [
  ...SHARED_ENGINES,
  ["native via host functions", () => genericEngine(new NativeEngine()), false],
];

/** Everything the WASI tests run on: the JS host on each engine, and the WASI build under node:wasi. */
export const ENGINES: Array<[string, () => Target, string | false]> = [
  ...JS_ENGINES,
  ["WASI build under node:wasi", () => new WasiBuildTarget(), wasiBuildSkip],
];

/** WASI errno values by name: `E.NOENT` is 44. */
export const E = Object.fromEntries(ERRNO_NAMES.map((n, i) => [n, i])) as Record<(typeof ERRNO_NAMES)[number], number>;

/** WAT of a module importing every WASI function and exporting a forwarder for each, plus 4 pages of memory. */
export function forwarderWat(): string {
  const lines: string[] = ["(module"];
  for (const [name, params] of Object.entries(WASI_PARAMS)) {
    const result = name === "proc_exit" ? "" : " (result i32)";
    const ps = params.length > 0 ? ` (param ${params.join(" ")})` : "";
    lines.push(`  (import "wasi_snapshot_preview1" "${name}" (func $${name}${ps}${result}))`);
  }
  lines.push(`  (memory (export "memory") 4)`);
  for (const [name, params] of Object.entries(WASI_PARAMS)) {
    const result = name === "proc_exit" ? "" : " (result i32)";
    const ps = params.length > 0 ? ` (param ${params.join(" ")})` : "";
    const gets = params.map((_, i) => `local.get ${i}`).join(" ");
    lines.push(`  (func (export "${name}")${ps}${result} ${gets} call $${name})`);
  }
  lines.push(")");
  return lines.join("\n");
}

let forwarderBytes: Uint8Array | undefined;

/** Ferry's JS host WASI behind a forwarder module on an engine. */
export class WasiBench extends Bench {
  readonly target = "js";
  readonly instance: Instance;
  private readonly memory: MemoryHandle;

  /** Instantiates the forwarder module on `engine` with `wasi`. */
  constructor(readonly engine: Engine, readonly wasi: Wasi, readonly dir: string) {
    super();
    forwarderBytes ??= wat(forwarderWat());
    const module = engine.compile(forwarderBytes);
    this.instance = engine.instantiate(module, wasiImportObject(engine, wasi, module));
    this.memory = getExport(this.instance, "memory", "memory");
    wasi.bindMemory(memoryFromBytes(() => this.memory.bytes()));
  }

  override call(name: string, ...args: Array<number | bigint>): number {
    return invoke(this.instance, name, ...args) as number;
  }
  override bytes(): Uint8Array {
    return this.memory.bytes();
  }
  override close(): void {
    this.wasi.close();
  }
}

/** A temp directory with stdio files; `cleanup` removes it. */
export interface Sandbox {
  /** The temp root: `dir` (preopened as ".") lives inside it, next to `outside`. */
  root: string;
  /** The preopened directory. */
  dir: string;
  /** A directory next to `dir`, not reachable by the workload. */
  outside: string;
  stdinPath: string;
  stdoutPath: string;
  stderrPath: string;
  fds: [number, number, number];
  stdout(): string;
  stderr(): string;
  cleanup(): void;
}

/** Creates a sandbox; `stdin` is the content the workload can read on fd 0. */
export function makeSandbox(stdin = ""): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "ferry-wasi-"));
  const dir = join(root, "sandbox");
  const outside = join(root, "outside");
  mkdirSync(dir);
  mkdirSync(outside);
  writeFileSync(join(outside, "secret.txt"), "secret\n");
  const stdinPath = join(root, "stdin");
  const stdoutPath = join(root, "stdout");
  const stderrPath = join(root, "stderr");
  writeFileSync(stdinPath, stdin);
  const fds: [number, number, number] = [openSync(stdinPath, "r"), openSync(stdoutPath, "w"), openSync(stderrPath, "w")];
  return {
    root, dir, outside, stdinPath, stdoutPath, stderrPath, fds,
    stdout: () => readFileSync(stdoutPath, "utf8"),
    stderr: () => readFileSync(stderrPath, "utf8"),
    cleanup() {
      for (const fd of fds) closeSync(fd);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A bench on `engine` over a new sandbox preopened as "." (fd 3). */
export function makeBench(engine: Engine, options?: Partial<WasiOptions>, stdin?: string): { bench: WasiBench; box: Sandbox };
export function makeBench(target: Target, options?: Partial<WasiOptions>, stdin?: string): { bench: Bench; box: Sandbox };
export function makeBench(target: Target, options: Partial<WasiOptions> = {}, stdin = ""): { bench: Bench; box: Sandbox } {
  const box = makeSandbox(stdin);
  const all = { args: ["prog", "a1"], env: { FERRY_X: "1" }, preopens: [{ host: box.dir, guest: "." }], stdio: box.fds, ...options };
  if (target instanceof WasiBuildTarget) {
    const bench = new WasiBuildBench(all, box.root);
    const cleanup = box.cleanup;
    // Tests that only clean the sandbox up still end the VM's worker.
    box.cleanup = () => {
      try {
        bench.close();
      } finally {
        cleanup();
      }
    };
    return { bench, box };
  }
  return { bench: new WasiBench(target, createWasi(all), box.dir), box };
}

/** A test body that gets a fresh bench on a new target and sandbox, closed and removed afterwards. */
export function benchTest(makeTarget: () => Target, f: (b: Bench, box: Sandbox) => void): () => void {
  return () => {
    const { bench, box } = makeBench(makeTarget());
    try {
      f(bench, box);
    } finally {
      if (bench instanceof WasiBench) bench.close();
      box.cleanup();
    }
  };
}

/** Runs a WASI command written in WAT on `target` in a new sandbox; returns exit code and stdout. */
export function runWat(target: Target, text: string, options: Partial<WasiOptions> = {}): { exitCode: number; stdout: string; stderr: string } {
  const box = makeSandbox();
  try {
    const all = { args: ["prog"], preopens: [{ host: box.dir, guest: "." }], stdio: box.fds, ...options };
    const exitCode = target instanceof WasiBuildTarget
      ? runWasiBuildCommand(wat(text), all, box.root)
      : runJsHostCommand(target, wat(text), all);
    return { exitCode, stdout: box.stdout(), stderr: box.stderr() };
  } finally {
    box.cleanup();
  }
}

/** Runs a WASI command on `engine` with the JS host WASI; its exit code. */
function runJsHostCommand(engine: Engine, bytes: Uint8Array, options: WasiOptions): number {
  const wasi = createWasi(options);
  try {
    return runWasiCommand(engine, engine.compile(bytes), wasi);
  } finally {
    wasi.close();
  }
}

/** Exit code and output of a CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/ferry.js run ...` in `cwd`, feeding `stdin` (a file path) if given. */
export function ferryRun(argv: string[], cwd: string, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(projectRoot(), "bin", "ferry.js"), "run", ...argv], { cwd, maxBuffer: 64 << 20, encoding: "utf8" }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
      if (code === -1) reject(err);
      else resolve({ code, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin!.end(readFileSync(join(cwd, stdin)));
    else child.stdin!.end();
  });
}

