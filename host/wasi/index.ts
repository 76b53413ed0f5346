// Ferry's WASI preview1: `createWasi(options)` builds the context (fd table
// with stdio and preopens, clocks, args, env) and returns the import functions
// for module "wasi_snapshot_preview1" plus the serialisable state. The
// functions do not care how the workload runs: they reach its memory through
// a WasiMemory accessor bound after instantiation (engine-imports.ts wires
// them into an Engine; command.ts runs a WASI command end to end).

import * as fs from "node:fs";
import { argsEnvFunctions } from "./args-env.js";
import { Clock, clockFunctions } from "./clock.js";
import { Filetype, RIGHTS_ALL, RIGHTS_DIR } from "./constants.js";
import type { WasiContext, WasiFunction, WasiState } from "./context.js";
import { Errno, errnoOf, WasiError } from "./errno.js";
import { FdTable } from "./fd-table.js";
import { dirFunctions } from "./fs-dir.js";
import { fdFunctions } from "./fs-fd.js";
import { openFunctions } from "./fs-open.js";
import { pathFunctions } from "./fs-path.js";
import { GuestMemory, NO_MEMORY } from "./memory.js";
import type { WasiMemory } from "./memory.js";
import { pollFunctions } from "./poll.js";
import { procFunctions, WasiExit } from "./proc.js";
import { randomFunctions } from "./random.js";
import { WASI_MODULE, WASI_PARAMS } from "./signatures.js";
import { sockFunctions } from "./sock.js";
import { stdioEntry } from "./stdio.js";

export { WasiExit } from "./proc.js";
export { WasiError, Errno, ERRNO_NAMES } from "./errno.js";
export type { WasiMemory } from "./memory.js";
export { memoryFromBuffer, memoryFromBytes } from "./memory.js";
export type { WasiState } from "./context.js";
export type { FdEntry } from "./fd-table.js";
export { WASI_MODULE, WASI_PARAMS, wasiFuncType } from "./signatures.js";

/** A directory the workload may use: `host` on this machine, named `guest` inside. */
export interface Preopen {
  host: string;
  guest: string;
}

/** Options of createWasi. */
export interface WasiOptions {
  /** argv, argv[0] included (default: ["main"]). */
  args?: string[];
  /** Environment (default: empty). */
  env?: Record<string, string> | string[];
  /** Preopened directories, given fds 3, 4, ... in order. */
  preopens?: Preopen[];
  /** Host fds behind WASI fds 0, 1, 2 (default: the process's own 0, 1, 2). */
  stdio?: [number, number, number];
  /** A state to continue from (a restored snapshot): replaces args, env, preopens and stdio. */
  state?: WasiState;
  /** The workload memory, if already known (else call bindMemory after instantiation). */
  memory?: WasiMemory;
  /** Called with every WASI call and its errno (tracing, tests). */
  trace?: (name: string, args: unknown[], result: number | void) => void;
}

/** A WASI instance for one workload. */
export interface Wasi {
  /** The functions of module "wasi_snapshot_preview1" (i32 as numbers, i64 as bigint, as the JS API passes them). */
  readonly imports: Record<string, WasiFunction>;
  /** The fd table (live). */
  readonly fds: FdTable;
  /** The serialisable state, captured now. */
  state(): WasiState;
  /** Points the functions at the workload's memory (call after instantiation). */
  bindMemory(memory: WasiMemory): void;
  /** Closes every host fd this instance opened. */
  close(): void;
}

/** The fd table entry of a preopened directory (throws if `host` is not a directory). */
function preopenEntry(p: Preopen) {
  const hostPath = fs.realpathSync(p.host);
  if (!fs.statSync(hostPath).isDirectory()) throw new WasiError(Errno.NOTDIR, `${p.host} is not a directory`);
  return {
    kind: "dir" as const, filetype: Filetype.DIRECTORY, hostPath, guestPath: p.guest, preopen: true, stdio: -1,
    offset: 0, fdflags: 0, read: true, write: false, rightsBase: RIGHTS_DIR, rightsInheriting: RIGHTS_ALL,
  };
}

function envList(env: WasiOptions["env"]): string[] {
  if (env === undefined) return [];
  if (Array.isArray(env)) return [...env];
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

/**
 * Wraps a WASI function: i32 arguments become unsigned, WasiError and host I/O errors become
 * their errno, an out-of-range memory access becomes EFAULT; WasiExit and bugs propagate.
 */
function wrap(name: string, fn: WasiFunction, trace?: WasiOptions["trace"]): WasiFunction {
  const kinds = WASI_PARAMS[name]!;
  const i32 = kinds.map((k, i) => (k === "i32" ? i : -1)).filter((i) => i >= 0);
  return (...args: unknown[]) => {
    for (const i of i32) args[i] = (args[i] as number) >>> 0;
    let result: number | void;
    try {
      result = fn(...args);
    } catch (e) {
      if (e instanceof WasiExit) {
        trace?.(name, args, undefined);
        throw e;
      }
      const errno = errnoOf(e);
      if (errno !== undefined) result = errno;
      else if (e instanceof RangeError) result = Errno.FAULT;
      else throw e;
    }
    trace?.(name, args, result);
    return result;
  };
}

/** Creates the WASI implementation for one workload. */
export function createWasi(options: WasiOptions = {}): Wasi {
  const saved = options.state;
  const fds = new FdTable(saved?.fds);
  if (saved === undefined) {
    const stdio = options.stdio ?? [0, 1, 2];
    stdio.forEach((hostFd, fd) => {
      const e = stdioEntry(fd, hostFd);
      if (e !== null) fds.add(e);
    });
    (options.preopens ?? []).forEach((p, i) => fds.add({ ...preopenEntry(p), fd: 3 + i }));
  }
  const ctx: WasiContext = {
    fds,
    mem: new GuestMemory(options.memory ?? NO_MEMORY),
    clock: new Clock(saved?.clock),
    args: saved?.args ?? options.args ?? ["main"],
    env: saved?.env ?? envList(options.env),
    pending: saved?.pending,
  };
  const groups = [
    argsEnvFunctions(ctx), clockFunctions(ctx), randomFunctions(ctx), fdFunctions(ctx), dirFunctions(ctx),
    pathFunctions(ctx), openFunctions(ctx), pollFunctions(ctx), procFunctions(ctx), sockFunctions(ctx),
  ];
  const imports: Record<string, WasiFunction> = {};
  for (const group of groups) {
    for (const [name, fn] of Object.entries(group)) imports[name] = wrap(name, fn, options.trace);
  }
  for (const name of Object.keys(WASI_PARAMS)) {
    if (!(name in imports)) throw new Error(`WASI function ${name} is not implemented`);
  }
  return {
    imports,
    fds,
    state: () => ({
      version: 1, args: [...ctx.args], env: [...ctx.env], fds: fds.state(), clock: ctx.clock.state(),
      ...(ctx.pending !== undefined ? { pending: { ...ctx.pending } } : {}),
    }),
    bindMemory(memory: WasiMemory) {
      ctx.mem.accessor = memory;
    },
    close: () => fds.closeAll(),
  };
}

/** Import object fragment for the JS API: `{ wasi_snapshot_preview1: imports }`. */
export function jsImports(wasi: Wasi): Record<string, Record<string, WasiFunction>> {
  return { [WASI_MODULE]: wasi.imports };
}
