// Plugs a Wasi into an Engine (host/engine.ts): one host function per WASI
// import the module uses. The native engine takes the JS functions as they
// are (zero overhead); other engines (FerryEngine) go through Values.

import type { CompiledModule, Engine, Extern, ImportObject } from "../engine.js";
import { NativeEngine } from "../native-engine.js";
import type { Value } from "../values.js";
import { toJs } from "../values.js";
import type { Wasi } from "./index.js";
import { WASI_MODULE, wasiFuncType } from "./signatures.js";

/** The import object providing `wasi`'s functions to `engine` (only those `module` imports, if given). */
export function wasiImportObject(engine: Engine, wasi: Wasi, module?: CompiledModule): ImportObject {
  const names = module === undefined
    ? Object.keys(wasi.imports)
    : module.imports.filter((i) => i.module === WASI_MODULE && i.type.kind === "func").map((i) => i.name);
  const funcs: Record<string, Extern> = {};
  for (const name of names) {
    const fn = Object.hasOwn(wasi.imports, name) ? wasi.imports[name] : undefined;
    const type = wasiFuncType(name);
    if (fn === undefined || type === undefined) continue; // left unresolved: instantiation reports the unknown import
    if (engine instanceof NativeEngine) {
      funcs[name] = engine.wrapFunc(fn, type);
      continue;
    }
    const returns = type.results.length > 0;
    funcs[name] = engine.hostFunction(
      type,
      (args: Value[]): Value[] => {
        const r = fn(...args.map(toJs));
        return returns ? [{ type: "i32", bits: BigInt((r as number) >>> 0) }] : [];
      },
      name,
    );
  }
  return { [WASI_MODULE]: funcs };
}
