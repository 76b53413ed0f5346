// The Engine interface: compile module bytes, create host objects (functions,
// globals, memories, tables), instantiate with an import object and call
// exports. Two implementations: FerryEngine (host/ferry-engine.ts, the guest
// VM) and NativeEngine (host/native-engine.ts, the outer runtime's own
// WebAssembly, for comparisons). Values cross this interface as `Value`s (raw
// bit patterns); `invoke` and `jsHostFunction` convert plain JS values on top.

import type { FuncType, JsValue, RefType, Value, ValTypeName } from "./values.js";
import { fromJs, toJs } from "./values.js";

/** Extern kind names. */
export type ExternKindName = "func" | "table" | "memory" | "global";

/** Limits of a memory (pages) or table (elements); `max` undefined if none. */
export interface Limits {
  min: number;
  max?: number;
}

/** The type of an import. */
export type ExternType =
  | { kind: "func"; type: FuncType }
  | { kind: "table"; elemType: RefType; limits: Limits }
  | { kind: "memory"; limits: Limits }
  | { kind: "global"; valType: ValTypeName; mutable: boolean };

/** One import of a module. */
export interface ImportInfo {
  module: string;
  name: string;
  type: ExternType;
}

/** One export of a module; `index` is in the index space of its kind. */
export interface ExportInfo {
  name: string;
  kind: ExternKindName;
  index: number;
}

/** A compiled (decoded + validated) module. */
export interface CompiledModule {
  /** Imports in order. */
  readonly imports: readonly ImportInfo[];
  /** Exports in order. */
  readonly exports: readonly ExportInfo[];
  /** The type section. */
  readonly types: readonly FuncType[];
  /** Name of function `index` from the name section, "" if none. */
  funcName(index: number): string;
}

/** A function: exported by an instance or created by the host. */
export interface FuncHandle {
  readonly kind: "func";
  readonly type: FuncType;
  /** Calls the function with raw values; throws FerryTrap / FerryExhaustion. */
  call(args: readonly Value[]): Value[];
}

/** A global variable. */
export interface GlobalHandle {
  readonly kind: "global";
  readonly valType: ValTypeName;
  readonly mutable: boolean;
  /** Current value. */
  get(): Value;
  /** Sets the value (also allowed on immutable host globals before they are imported). */
  set(v: Value): void;
}

/** A linear memory. */
export interface MemoryHandle {
  readonly kind: "memory";
  /** Current size in 64 KiB pages. */
  pages(): number;
  /** A view of the memory's bytes; valid only until the next call into the engine (memory may grow and move). */
  bytes(): Uint8Array;
}

/** A table of references. */
export interface TableHandle {
  readonly kind: "table";
  readonly elemType: RefType;
  /** Current number of elements. */
  size(): number;
  /** Element `i` (throws RangeError out of bounds). */
  get(i: number): Value;
  /** Sets element `i` (throws RangeError out of bounds). */
  set(i: number, v: Value): void;
}

/** Anything that can be imported or exported. */
export type Extern = FuncHandle | GlobalHandle | MemoryHandle | TableHandle;

/** Import object: module name -> field name -> extern. */
export type ImportObject = Record<string, Record<string, Extern>>;

/** A host function body: receives raw argument values, returns the results (nothing for none). */
export type HostFn = (args: Value[]) => Value[] | void;

/** An instantiated module. */
export interface Instance {
  readonly module: CompiledModule;
  /** Exports by name. */
  readonly exports: ReadonlyMap<string, Extern>;
}

/** What an engine can observe exactly; the spec runner relaxes its checks where an engine cannot. */
export interface EngineCaps {
  /** NaN payloads survive calls exactly. */
  exactNaN: boolean;
  /** Compile errors say whether the module was malformed or invalid. */
  compileErrorKinds: boolean;
  /** Trap messages are the spec's own (not mapped from another engine's wording). */
  exactTrapMessages: boolean;
  /** Runaway loops are stopped by a fuel budget. */
  fuel: boolean;
}

/** A WebAssembly engine as the host library sees it. */
export interface Engine {
  readonly name: "ferry" | "native";
  readonly caps: EngineCaps;
  /** Decodes and validates; throws FerryCompileError. */
  compile(bytes: Uint8Array): CompiledModule;
  /** Links imports, initialises segments and runs the start function; throws FerryLinkError, FerryTrap or FerryExhaustion. */
  instantiate(module: CompiledModule, imports?: ImportObject): Instance;
  /** Creates a host function; `name` shows in backtraces. */
  hostFunction(type: FuncType, fn: HostFn, name?: string): FuncHandle;
  /** Creates a global with an initial value. */
  global(valType: ValTypeName, mutable: boolean, init: Value): GlobalHandle;
  /** Creates a memory (limits in pages). */
  memory(limits: Limits): MemoryHandle;
  /** Creates a table with all elements null. */
  table(elemType: RefType, limits: Limits): TableHandle;
}

/** The export `name` of an instance; throws if missing or of another kind. */
export function getExport<K extends ExternKindName>(instance: Instance, name: string, kind: K): Extract<Extern, { kind: K }> {
  const ext = instance.exports.get(name);
  if (ext === undefined) throw new Error(`no export named ${JSON.stringify(name)}`);
  if (ext.kind !== kind) throw new Error(`export ${JSON.stringify(name)} is a ${ext.kind}, not a ${kind}`);
  return ext as Extract<Extern, { kind: K }>;
}

/** Calls `func` with plain JS values; returns undefined (no results), the value (one) or an array (several). */
export function callJs(func: FuncHandle, ...args: JsValue[]): JsValue {
  const { params } = func.type;
  if (args.length !== params.length) throw new TypeError(`expected ${params.length} arguments, got ${args.length}`);
  const results = func.call(params.map((t, i) => fromJs(t, args[i])));
  if (results.length === 0) return undefined;
  if (results.length === 1) return toJs(results[0]!);
  return results.map(toJs);
}

/** Calls the exported function `name` of `instance` with plain JS values (see callJs). */
export function invoke(instance: Instance, name: string, ...args: JsValue[]): JsValue {
  return callJs(getExport(instance, name, "func"), ...args);
}

/** Creates a host function whose body takes and returns plain JS values (an array for several results). */
export function jsHostFunction(engine: Engine, type: FuncType, fn: (...args: JsValue[]) => JsValue, name?: string): FuncHandle {
  return engine.hostFunction(
    type,
    (args) => {
      const r = fn(...args.map(toJs));
      const { results } = type;
      if (results.length === 0) return [];
      if (results.length === 1) return [fromJs(results[0]!, r)];
      const arr = r as JsValue[];
      return results.map((t, i) => fromJs(t, arr[i]));
    },
    name,
  );
}
