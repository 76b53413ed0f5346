// `--runtime wasi`: runs build/ferry-wasi.wasm (the VM as a WASI command) under
// Node's node:wasi in a child node process. Also owns what every adapter of
// the WASI build shares: the VM's path and its command line (preopens for
// --dir plus the workload's directory for the VM alone, argv = [vm, app, ...args], env).
// Run as a script, this file is the child: it reads a JSON invocation from
// argv[2], runs the VM under node:wasi (or on Ferry's engine, for triggers
// of `--runtime ferry`: host/runtimes/wasi-trigger.ts) and exits with the workload's code.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { constants } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { projectRoot } from "../vm.js";
import { RunFailure } from "./failure.js";
import { readModule } from "./in-process.js";
import type { DirMapping, RunOptions } from "./options.js";
import { runWithWasiMonitors, wasiMonitorsOf } from "./wasi-monitors.js";

/** Path of the WASI build of the VM. */
export function wasiVmPath(): string {
  return join(projectRoot(), "build", "ferry-wasi.wasm");
}

/** How to start the WASI build for one `ferry run`. */
export interface VmInvocation {
  vm: string;
  /** argv of the VM: [vm, app path as the VM sees it, ...workload args]. */
  args: string[];
  /** Environment entries K=V. */
  env: string[];
  /** Preopened directories (guest name -> host path), the workload's directory included. */
  preopens: DirMapping[];
}

/** Guest name of the VM's own preopen of the workload's directory (assembly/wasi/io.ts closes it). */
const APP_DIR_GUEST = "/.ferry-app";

/** Checks that the WASI build exists, that `o` asks nothing it cannot do yet, and that the module looks right; its path. */
export function checkWasiRun(o: RunOptions): string {
  const vm = wasiVmPath();
  if (!existsSync(vm)) throw new RunFailure(`the WASI build of the VM is not built (${vm} is missing): run npm run build:vm`);
  const unsupported = o.native ? "--native" : o.fuel !== undefined ? "--fuel" : o.maxMemory !== undefined ? "--max-memory" : undefined;
  if (unsupported !== undefined) throw new RunFailure(`${unsupported} is not supported with --runtime ${o.runtime} (the WASI build of the VM)`);
  readModule(o.module); // the same checks (and messages) as the in-process runtimes
  return vm;
}

/** The VM's invocation for `o`: checks the VM, the options, the module, --dir and --env. */
export function vmInvocation(o: RunOptions): VmInvocation {
  const vm = checkWasiRun(o);
  for (const d of o.dirs) {
    if (!existsSync(d.host)) throw new RunFailure(`--dir ${d.host}: no such directory`);
    if (!statSync(d.host).isDirectory()) throw new RunFailure(`--dir ${d.host}: not a directory`);
  }
  for (const e of o.env) if (!e.includes("=")) throw new RunFailure(`--env ${e}: expected KEY=VALUE`);
  // The workload's directory, for the VM alone: the VM reads the workload from it and closes it (wasi3).
  const preopens = [...o.dirs, { host: dirname(o.module), guest: APP_DIR_GUEST }];
  const appPath = o.module;
  return { vm, args: [vm, appPath, ...o.args], env: [...o.env], preopens };
}

/** Exit code of a finished child process (128 + signal number if it was killed). */
export function childExitCode(r: ReturnType<typeof spawnSync>): number {
  if (r.status !== null) return r.status;
  const signo = r.signal !== null ? (constants.signals as Record<string, number>)[r.signal] ?? 0 : 0;
  return 128 + signo;
}

/** Runs `o` on the WASI build under node:wasi in a child node process; returns the exit code. */
export function runOnNodeWasi(o: RunOptions): number {
  return runWithWasiMonitors(vmInvocation(o), wasiMonitorsOf(o), runVmOnNodeWasi);
}

/** Runs the WASI build as `inv` says under node:wasi in a child node process; returns the exit code. */
export function runVmOnNodeWasi(inv: VmInvocation): number {
  const self = fileURLToPath(import.meta.url);
  // Node 20's fast API calls break node:wasi's calls made from wasm under TurboFan.
  const r = spawnSync(process.execPath, ["--no-turbo-fast-api-calls", "--no-warnings", self, JSON.stringify(inv)], {
    stdio: "inherit",
  });
  if (r.error !== undefined) throw new RunFailure(`cannot start node: ${r.error.message}`);
  return childExitCode(r);
}

/** The child: runs the invocation under node:wasi (or, with `outer: "ferry"`, on Ferry's engine) and exits with the workload's exit code. */
async function childMain(json: string): Promise<void> {
  const inv = JSON.parse(json) as VmInvocation & { outer?: string };
  if (inv.outer === "ferry") {
    const { runVmOnFerry } = await import("./ferry.js");
    const { reportFailure } = await import("./failure.js");
    try {
      process.exitCode = runVmOnFerry(inv, { module: inv.vm, args: [], runtime: "ferry", dirs: [], env: [], native: false });
    } catch (e) {
      process.exitCode = reportFailure(e);
    }
    return;
  }
  const { WASI } = await import("node:wasi");
  const env: Record<string, string> = {};
  for (const e of inv.env) {
    const i = e.indexOf("=");
    env[e.slice(0, i)] = e.slice(i + 1);
  }
  const preopens: Record<string, string> = {};
  for (const p of inv.preopens) preopens[p.guest] = isAbsolute(p.host) ? p.host : resolve(p.host);
  const wasi = new WASI({ version: "preview1", args: inv.args, env, preopens, returnOnExit: true });
  let code: number;
  try {
    const module = new WebAssembly.Module(readFileSync(inv.vm));
    const instance = new WebAssembly.Instance(module, wasi.getImportObject() as WebAssembly.Imports);
    code = wasi.start(instance);
  } catch (e) {
    process.stderr.write(`ferry: the WASI VM failed: ${e instanceof Error ? e.message : String(e)}\n`);
    code = 2;
  }
  process.exitCode = code;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] !== undefined) {
  // Not awaited: the `ferry` child imports ferry.js, which imports this module (a top-level await would deadlock).
  void childMain(process.argv[2]);
}
