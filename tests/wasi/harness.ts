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

/** Engines the WASI tests run on: [name, factory, skip reason or false]. */
export const ENGINES: Array<[string, () => Engine, string | false]> = [
  ...SHARED_ENGINES,
  ["native via host functions", () => genericEngine(new NativeEngine()), false],
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

/** Where the harness puts things in workload memory. */
export const SCRATCH = 0x1000;

/** A WASI instance behind a forwarder module, with helpers to stage arguments in memory. */
export class WasiBench {
  readonly instance: Instance;
  private readonly memory: MemoryHandle;
  private next = SCRATCH;

  /** Instantiates the forwarder module on `engine` with `wasi`. */
  constructor(readonly engine: Engine, readonly wasi: Wasi, readonly dir: string) {
    forwarderBytes ??= wat(forwarderWat());
    const module = engine.compile(forwarderBytes);
    this.instance = engine.instantiate(module, wasiImportObject(engine, wasi, module));
    this.memory = getExport(this.instance, "memory", "memory");
    wasi.bindMemory(memoryFromBytes(() => this.memory.bytes()));
  }

  /** Calls WASI function `name` through the workload; i32 as numbers, i64 as bigint; returns the errno. */
  call(name: string, ...args: Array<number | bigint>): number {
    return invoke(this.instance, name, ...args) as number;
  }

  /** Reserves `len` bytes of memory (8-aligned, zeroed) and returns the address. */
  alloc(len: number): number {
    const p = this.next;
    this.next += (len + 7) & ~7;
    this.bytes().fill(0, p, p + len);
    return p;
  }

  /** Writes a UTF-8 string into fresh memory; returns [ptr, len]. */
  str(s: string): [number, number] {
    const b = new TextEncoder().encode(s);
    const p = this.alloc(b.length + 1);
    this.bytes().set(b, p);
    return [p, b.length];
  }

  /** Writes bytes into fresh memory; returns [ptr, len]. */
  data(b: Uint8Array | string): [number, number] {
    const bytes = typeof b === "string" ? new TextEncoder().encode(b) : b;
    const p = this.alloc(bytes.length);
    this.bytes().set(bytes, p);
    return [p, bytes.length];
  }

  /** An iovec list over the given (ptr, len) buffers; returns [iovsPtr, count]. */
  iovs(...bufs: Array<[number, number]>): [number, number] {
    const p = this.alloc(8 * bufs.length);
    bufs.forEach(([bp, bl], i) => {
      this.view().setUint32(p + 8 * i, bp, true);
      this.view().setUint32(p + 8 * i + 4, bl, true);
    });
    return [p, bufs.length];
  }

  bytes(): Uint8Array {
    return this.memory.bytes();
  }
  view(): DataView {
    const b = this.memory.bytes();
    return new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  u8(p: number): number {
    return this.view().getUint8(p);
  }
  u16(p: number): number {
    return this.view().getUint16(p, true);
  }
  u32(p: number): number {
    return this.view().getUint32(p, true);
  }
  u64(p: number): bigint {
    return this.view().getBigUint64(p, true);
  }
  /** The UTF-8 text at [p, p + len). */
  text(p: number, len: number): string {
    return new TextDecoder().decode(this.bytes().slice(p, p + len));
  }

  /** path_open under fd (default 3) returning [errno, fd]. */
  open(path: string, opts: { fd?: number; dirflags?: number; oflags?: number; base?: bigint; inheriting?: bigint; fdflags?: number } = {}): [number, number] {
    const [p, l] = this.str(path);
    const out = this.alloc(4);
    const errno = this.call("path_open", opts.fd ?? 3, opts.dirflags ?? 1, p, l, opts.oflags ?? 0,
      opts.base ?? RIGHTS_RW, opts.inheriting ?? RIGHTS_RW, opts.fdflags ?? 0, out);
    return [errno, errno === 0 ? this.u32(out) : -1];
  }

  /** fd_write of one string; returns [errno, nwritten]. */
  write(fd: number, s: string | Uint8Array): [number, number] {
    const buf = this.data(s);
    const [iov, n] = this.iovs(buf);
    const out = this.alloc(4);
    const errno = this.call("fd_write", fd, iov, n, out);
    return [errno, errno === 0 ? this.u32(out) : -1];
  }

  /** fd_read of up to `len` bytes; returns [errno, text]. */
  read(fd: number, len: number): [number, string] {
    const buf = this.alloc(len);
    const [iov, n] = this.iovs([buf, len]);
    const out = this.alloc(4);
    const errno = this.call("fd_read", fd, iov, n, out);
    return [errno, errno === 0 ? this.text(buf, this.u32(out)) : ""];
  }

  /** A call on a path under fd 3: name(3, ptr, len). */
  pathCall(name: string, path: string, fd = 3): number {
    const [p, l] = this.str(path);
    return this.call(name, fd, p, l);
  }
}

/** Rights asking for read and write (everything; the directory's inheriting rights cut them down). */
export const RIGHTS_RW = (1n << 30n) - 1n;
/** Rights of a read-only open (what wasi-libc asks for with O_RDONLY). */
export const RIGHTS_RO = RIGHTS_RW & ~((1n << 0n) | (1n << 6n) | (1n << 8n) | (1n << 22n));

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
export function makeBench(engine: Engine, options: Partial<WasiOptions> = {}, stdin = ""): { bench: WasiBench; box: Sandbox } {
  const box = makeSandbox(stdin);
  const wasi = createWasi({ args: ["prog", "a1"], env: { FERRY_X: "1" }, preopens: [{ host: box.dir, guest: "." }], stdio: box.fds, ...options });
  return { bench: new WasiBench(engine, wasi, box.dir), box };
}

/** A test body that gets a fresh bench on a new engine and sandbox, closed and removed afterwards. */
export function benchTest(makeEngine: () => Engine, f: (b: WasiBench, box: Sandbox) => void): () => void {
  return () => {
    const { bench, box } = makeBench(makeEngine());
    try {
      f(bench, box);
    } finally {
      bench.wasi.close();
      box.cleanup();
    }
  };
}

/** Runs a WASI command written in WAT on `engine` in a new sandbox; returns exit code and stdout. */
export function runWat(engine: Engine, text: string, options: Partial<WasiOptions> = {}): { exitCode: number; stdout: string; stderr: string } {
  const box = makeSandbox();
  try {
    const wasi = createWasi({ args: ["prog"], preopens: [{ host: box.dir, guest: "." }], stdio: box.fds, ...options });
    const exitCode = runWasiCommand(engine, engine.compile(wat(text)), wasi);
    wasi.close();
    return { exitCode, stdout: box.stdout(), stderr: box.stderr() };
  } finally {
    box.cleanup();
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

