// The WASI test suite's third target: the workload runs inside
// build/ferry-wasi.wasm (the VM as a WASI command) under Node's node:wasi,
// so each call goes workload -> VM (pointer translation, forward.ts) ->
// node:wasi. The workload is a call server (serverWat): it loops on a
// control call that a worker thread answers with the test's next request;
// the test thread blocks on a SharedArrayBuffer until the reply, so tests
// stay synchronous and identical for every target.
//
// Where node:wasi (uvwasi) differs from Ferry's JS host, the VM answers as the
// JS host does (assembly/wasi/quirks.ts lists those cases). What the VM cannot
// even out, the tests expect per target (`b.target === "node:wasi"`):
// - fd_fdstat_get's fs_flags: node:wasi reports host open flags, not the
//   WASI fdflags the fd was opened with;
// - fd_filestat_set_times and path_filestat_set_times: node:wasi keeps whole
//   seconds of the time (1_600_000_000_123_456_789 ns becomes 1_600_000_000 s);
// - poll_oneoff on a regular file fails as a whole with EPERM (libuv cannot
//   poll files); the JS host reports it ready at once.
// - fd_readdir lists entries in directory order (the JS host sorts them);
// - an absolute symlink is resolved inside the preopen as if it were the root
//   (ENOENT; the JS host refuses it: ENOTCAPABLE); creating a symlink that
//   points outside is EPERM or ENOTCAPABLE (the JS host creates it and
//   refuses to follow it);
// - path_remove_directory(".") is EINVAL (JS host: EBUSY); renaming a file
//   over a non-empty directory is ENOTEMPTY (JS host: EISDIR);
// - path_open of a symlink without SYMLINK_FOLLOW follows it (JS host and
//   POSIX O_NOFOLLOW: ELOOP);
// - path_readlink with a short buffer is ENOBUFS (JS host: truncates);
// - node:wasi is no sandbox: it follows a relative symlink out of the
//   preopen (e.g. "dir-link/secret.txt" with dir-link -> ../outside) - that
//   case is skipped; Node's documentation says node:wasi gives no file system
//   security. `ferry run --runtime wasi` inherits this;
// - path_filestat_set_times on a symlink without SYMLINK_FOLLOW: skipped (the
//   case aborted the whole Node process under node --test).

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { childExitCode, wasiVmPath } from "../../host/runtimes/wasi.js";
import type { VmInvocation } from "../../host/runtimes/wasi.js";
import { WASI_PARAMS, WasiExit } from "../../host/wasi/index.js";
import type { WasiOptions } from "../../host/wasi/index.js";
import { wat } from "../helpers/wat.js";
import { Bench } from "./bench.js";
import { CONTROL_ADDR, CONTROL_CLOCK, QUIT, Slot, State } from "./wasi-build-protocol.js";
import type { WorkerInput } from "./wasi-build-protocol.js";

/** Stands for "the WASI build under node:wasi" where the tests take an engine. */
export class WasiBuildTarget {
  readonly name = "wasi-build";
}

/** Why the WASI-build target is skipped, or false. */
export const wasiBuildSkip: string | false = existsSync(wasiVmPath()) ? false : `${wasiVmPath()} is not built`;

/** Pages of the call server's memory (like the forwarder module's). */
const PAGES = 4;
const NAMES = Object.keys(WASI_PARAMS);

/** WAT of the call server: every WASI import, and a _start that performs the request at CONTROL_ADDR until QUIT. */
export function serverWat(): string {
  const lines: string[] = ["(module"];
  for (const [name, params] of Object.entries(WASI_PARAMS)) {
    const result = name === "proc_exit" ? "" : " (result i32)";
    const ps = params.length > 0 ? ` (param ${params.join(" ")})` : "";
    lines.push(`  (import "wasi_snapshot_preview1" "${name}" (func $${name}${ps}${result}))`);
  }
  lines.push(`  (memory (export "memory") ${PAGES})`);
  lines.push(`  (func (export "_start") (local $i i32)`);
  lines.push(`    (loop $next`);
  lines.push(`      (drop (call $clock_res_get (i32.const ${CONTROL_CLOCK}) (i32.const ${CONTROL_ADDR})))`);
  lines.push(`      (local.set $i (i32.load (i32.const ${CONTROL_ADDR})))`);
  lines.push(`      (if (i32.eq (local.get $i) (i32.const ${QUIT})) (then (return)))`);
  NAMES.forEach((name, k) => {
    const args = WASI_PARAMS[name]!.map((t, j) => `(${t}.load (i32.const ${CONTROL_ADDR + 8 + 8 * j}))`).join(" ");
    const call = `(call $${name} ${args})`;
    const body = name === "proc_exit" ? call : `(i32.store (i32.const ${CONTROL_ADDR + 4}) ${call})`;
    lines.push(`      (if (i32.eq (local.get $i) (i32.const ${k})) (then ${body}))`);
  });
  lines.push(`      (br $next)))`);
  lines.push(")");
  return lines.join("\n");
}

let serverBytes: Uint8Array | undefined;

/** The environment as node:wasi takes it. */
function envObject(env: WasiOptions["env"]): Record<string, string> {
  if (env === undefined) return {};
  if (!Array.isArray(env)) return { ...env };
  const out: Record<string, string> = {};
  for (const e of env) {
    const i = e.indexOf("=");
    out[e.slice(0, i)] = e.slice(i + 1);
  }
  return out;
}

/** The WASI build under node:wasi behind the call server, in a worker thread. */
export class WasiBuildBench extends Bench {
  readonly target = "node:wasi";
  private readonly worker: Worker;
  private readonly state: Int32Array;
  private readonly image: Uint8Array;
  private readonly memory = new Uint8Array(PAGES * 65536);
  private readonly appDir: string;
  private ended = false;

  /** Starts the VM with the server as its workload, `options` as its WASI (args[0] names the server file); `root` holds the VM's own directory. */
  constructor(options: Partial<WasiOptions>, root: string) {
    super();
    serverBytes ??= wat(serverWat());
    const args = options.args ?? ["main"];
    // The VM's own preopen ("/.ferry-app", closed before the workload starts), as `ferry run` gives it.
    this.appDir = join(root, "vm-app");
    mkdirSync(this.appDir, { recursive: true });
    writeFileSync(join(this.appDir, basename(args[0]!)), serverBytes);
    const preopens: Record<string, string> = {};
    for (const p of options.preopens ?? []) preopens[p.guest] = p.host;
    preopens["/.ferry-app"] = this.appDir;
    const shared = new SharedArrayBuffer(Slot.WORDS * 4 + this.memory.length);
    this.state = new Int32Array(shared, 0, Slot.WORDS);
    this.image = new Uint8Array(shared, Slot.WORDS * 4, this.memory.length);
    const input: WorkerInput = {
      vm: wasiVmPath(), args: [wasiVmPath(), ...args], env: envObject(options.env), preopens,
      stdio: options.stdio ?? [0, 1, 2], shared, memBytes: this.memory.length,
    };
    const script = fileURLToPath(new URL("./wasi-build-worker.js", import.meta.url));
    this.worker = new Worker(script, { workerData: input });
    this.worker.unref();
  }

  override bytes(): Uint8Array {
    return this.memory;
  }

  override call(name: string, ...args: Array<number | bigint>): number {
    const k = NAMES.indexOf(name);
    if (k < 0) throw new Error(`no WASI function ${name}`);
    const types = WASI_PARAMS[name]!;
    const view = new DataView(this.memory.buffer);
    view.setUint32(CONTROL_ADDR, k, true);
    types.forEach((t, j) => {
      const at = CONTROL_ADDR + 8 + 8 * j;
      if (t === "i64") view.setBigUint64(at, BigInt.asUintN(64, BigInt(args[j] ?? 0)), true);
      else view.setUint32(at, Number(args[j] ?? 0) >>> 0, true);
    });
    this.request();
    return view.getInt32(CONTROL_ADDR + 4, true);
  }

  /** Sends the memory image with the request at CONTROL_ADDR and waits for the reply. */
  private request(): void {
    if (this.ended) throw new Error("the WASI build has ended");
    this.image.set(this.memory);
    Atomics.store(this.state, Slot.STATE, State.REQUEST);
    Atomics.notify(this.state, Slot.STATE);
    const deadline = Date.now() + 60_000;
    let s: number;
    for (;;) {
      s = Atomics.load(this.state, Slot.STATE);
      if (s === State.DONE || s === State.EXITED || s === State.ERROR) break;
      if (Date.now() > deadline) {
        this.ended = true;
        void this.worker.terminate();
        throw new Error("the WASI build did not answer within 60 s");
      }
      Atomics.wait(this.state, Slot.STATE, s, 1000);
    }
    const value = Atomics.load(this.state, Slot.VALUE);
    if (s === State.DONE) {
      this.memory.set(this.image);
      return;
    }
    this.ended = true;
    void this.worker.terminate();
    if (s === State.EXITED) throw new WasiExit(value);
    throw new Error(`the WASI build failed: ${new TextDecoder().decode(this.image.slice(0, value))}`);
  }

  override close(): void {
    if (!this.ended) {
      new DataView(this.memory.buffer).setUint32(CONTROL_ADDR, QUIT, true);
      try {
        this.request();
      } catch (e) {
        if (!(e instanceof WasiExit && e.code === 0)) throw e;
      }
    }
    rmSync(this.appDir, { recursive: true, force: true });
  }
}

/**
 * Runs the WASI command `bytes` inside the WASI build under node:wasi, in a child node (what
 * `ferry run --runtime wasi` does), with `options`' args, env, preopens and stdio; its exit code.
 */
export function runWasiBuildCommand(bytes: Uint8Array, options: WasiOptions, root: string): number {
  const args = options.args ?? ["main"];
  const appDir = join(root, "vm-app");
  mkdirSync(appDir, { recursive: true });
  writeFileSync(join(appDir, basename(args[0]!)), bytes);
  const env = Object.entries(envObject(options.env)).map(([k, v]) => `${k}=${v}`);
  const inv: VmInvocation = {
    vm: wasiVmPath(), args: [wasiVmPath(), ...args], env,
    preopens: [...(options.preopens ?? []), { host: appDir, guest: "/.ferry-app" }],
  };
  const child = fileURLToPath(new URL("../../host/runtimes/wasi.js", import.meta.url));
  const r = spawnSync(process.execPath, ["--no-turbo-fast-api-calls", "--no-warnings", child, JSON.stringify(inv)], {
    stdio: options.stdio ?? "inherit",
  });
  if (r.error !== undefined) throw r.error;
  return childExitCode(r);
}
