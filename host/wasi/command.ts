// Runs a WASI command on any Engine: instantiate with the WASI imports, bind
// the exported memory, call `_start`, and turn proc_exit into the exit code.
// Traps and exhaustion propagate as the engine's FerryTrap / FerryExhaustion.

import type { CompiledModule, Engine, MemoryHandle } from "../engine.js";
import { getExport } from "../engine.js";
import { FerryLinkError } from "../errors.js";
import { wasiImportObject } from "./engine-imports.js";
import type { Wasi } from "./index.js";
import { memoryFromBytes } from "./memory.js";
import { WasiExit } from "./proc.js";

/** Instantiates `module` with `wasi`'s imports on `engine` and binds the exported memory to `wasi`. */
export function instantiateWasi<E extends Engine>(engine: E, module: CompiledModule, wasi: Wasi): ReturnType<E["instantiate"]> {
  const instance = engine.instantiate(module, wasiImportObject(engine, wasi, module));
  const memory = instance.exports.get("memory");
  if (memory?.kind === "memory") {
    const handle = memory as MemoryHandle;
    wasi.bindMemory(memoryFromBytes(() => handle.bytes()));
  }
  return instance as ReturnType<E["instantiate"]>;
}

/** Instantiates `module` with `wasi` on `engine` and runs `_start`; returns the exit code (0 if `_start` returns). */
export function runWasiCommand(engine: Engine, module: CompiledModule, wasi: Wasi): number {
  try {
    const instance = instantiateWasi(engine, module, wasi);
    const start = instance.exports.get("_start");
    if (start === undefined || start.kind !== "func") throw new FerryLinkError("the module has no _start function (not a WASI command)");
    getExport(instance, "_start", "func").call([]);
    return 0;
  } catch (e) {
    if (e instanceof WasiExit) return e.code;
    throw e;
  }
}
