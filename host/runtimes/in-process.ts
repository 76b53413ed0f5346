// Runs a WASI command inside the JS runtime this code runs in (Node, Bun or
// Deno): reads and checks the module, applies --max-memory, picks the engine
// (the Ferry VM, or the runtime's own WebAssembly with --native), creates the
// WASI context and runs `_start`. Ferry's own failures become RunFailure with
// exit code 2 (bad input) or 3 (trap); the workload's exit code is returned.

import { existsSync, readFileSync, statSync } from "node:fs";
import type { CompiledModule, Engine } from "../engine.js";
import { FerryCompileError, FerryExhaustion, FerryLinkError, FerryTrap } from "../errors.js";
import { FerryEngine } from "../ferry-engine.js";
import { NativeEngine } from "../native-engine.js";
import { defaultVmPath } from "../vm.js";
import { runWasiCommand } from "../wasi/command.js";
import { createWasi } from "../wasi/index.js";
import type { Wasi } from "../wasi/index.js";
import { formatBacktrace } from "./backtrace.js";
import { limitMemory, MemoryLimitError } from "./memory-limit.js";
import type { RunOptions } from "./options.js";
import { RunFailure } from "./failure.js";
import { startMonitors } from "../../instrument/run-monitors.js";

/** Reads the module file and checks that it is WebAssembly (binary format version 1). */
export function readModule(path: string): Uint8Array {
  if (!existsSync(path)) throw new RunFailure(`${path}: no such file`);
  if (statSync(path).isDirectory()) throw new RunFailure(`${path} is a directory, not a WebAssembly module`);
  const bytes = new Uint8Array(readFileSync(path));
  const magic = bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  if (!magic) throw new RunFailure(`${path} is not a WebAssembly module`);
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) {
    throw new RunFailure(`${path} is a WebAssembly module of an unsupported version (a component?)`);
  }
  return bytes;
}

/** The engine `o` asks for. */
export function engineFor(o: RunOptions): Engine {
  if (o.native) {
    if (o.fuel !== undefined) throw new RunFailure("--fuel needs the Ferry VM; it cannot be combined with --native");
    return new NativeEngine();
  }
  const vmPath = defaultVmPath();
  if (!existsSync(vmPath)) throw new RunFailure(`the Ferry VM is not built (${vmPath} is missing): run npm run build:vm`);
  try {
    return new FerryEngine({ fuel: o.fuel ?? Infinity });
  } catch (e) {
    throw new RunFailure(`cannot load the Ferry VM: ${e instanceof Error ? e.message : String(e)} (--native runs without it)`);
  }
}

function compile(engine: Engine, bytes: Uint8Array, path: string): CompiledModule {
  try {
    return engine.compile(bytes);
  } catch (e) {
    if (e instanceof FerryCompileError) throw new RunFailure(`${path}: ${e.kind === "unknown" ? "invalid" : e.kind} module: ${e.message}`);
    throw e;
  }
}

function makeWasi(o: RunOptions): Wasi {
  for (const d of o.dirs) {
    if (!existsSync(d.host)) throw new RunFailure(`--dir ${d.host}: no such directory`);
    if (!statSync(d.host).isDirectory()) throw new RunFailure(`--dir ${d.host}: not a directory`);
  }
  for (const e of o.env) if (!e.includes("=")) throw new RunFailure(`--env ${e}: expected KEY=VALUE`);
  return createWasi({ args: [o.module, ...o.args], env: o.env, preopens: o.dirs });
}

/** Runs `o` in this process; returns the workload's exit code, throws RunFailure for Ferry's own failures. */
export function runInProcess(o: RunOptions): number {
  let bytes = readModule(o.module);
  if (o.maxMemory !== undefined) {
    try {
      bytes = limitMemory(bytes, o.maxMemory);
    } catch (e) {
      if (e instanceof MemoryLimitError) throw new RunFailure(`${o.module}: ${e.message}`);
      throw e;
    }
  }
  const engine = engineFor(o);
  const monitors = o.monitors !== undefined ? startMonitors(engine, o.monitors, o.monitorOut) : undefined;
  const module = compile(engine, bytes, o.module);
  const wasi = makeWasi(o);
  try {
    return runWasiCommand(engine, module, wasi);
  } catch (e) {
    if (e instanceof FerryLinkError) throw new RunFailure(e.message);
    if (e instanceof FerryTrap) throw new RunFailure(`trap: ${e.message}`, 3, formatBacktrace(e.backtrace));
    if (e instanceof FerryExhaustion) {
      const message = e.reason === "fuel" ? `trap: fuel exhausted (--fuel ${o.fuel})` : `trap: ${e.message}`;
      throw new RunFailure(message, 3, formatBacktrace(e.backtrace));
    }
    throw e;
  } finally {
    wasi.close();
    monitors?.finish(module);
  }
}
