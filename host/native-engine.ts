// NativeEngine: the Engine interface over the outer runtime's own WebAssembly
// (V8 in Node and Deno, JavaScriptCore in Bun). Used for `--native`
// comparisons and to validate the spec runner. Limits of the JS API: compile
// errors do not say malformed vs invalid, trap messages are the runtime's own
// (mapped here to the spec's wording, with alternatives where ambiguous), NaN
// payloads may be quieted when they pass through JS numbers, and there is no
// fuel.

import type {
  CompiledModule, Engine, EngineCaps, ExportInfo, Extern, FuncHandle, GlobalHandle, HostFn, ImportInfo,
  ImportObject, Instance, Limits, MemoryHandle, TableHandle,
} from "./engine.js";
import { FerryCompileError, FerryExhaustion, FerryInternalError, FerryLinkError, FerryTrap } from "./errors.js";
import type { BacktraceFrame } from "./errors.js";
import type { FuncType, JsValue, RefType, Value, ValTypeName } from "./values.js";
import { f32Bits, f32FromBits, f64Bits, f64FromBits } from "./values.js";
import { readWasmInfo } from "./wasm-info.js";
import type { WasmInfo } from "./wasm-info.js";

/**
 * V8 / JavaScriptCore trap wording -> spec messages (first = most likely).
 * Checked in order, specific patterns first. JSC examples: "Out of bounds
 * call_indirect", "call_indirect to a null table entry", "call_indirect to a
 * signature that does not match", "Out of bounds Trunc operation", "Division by zero".
 */
const TRAP_MESSAGES: Array<[RegExp, string[]]> = [
  [/unreachable/i, ["unreachable"]],
  [/out of bounds call_indirect/i, ["undefined element"]],
  [/call_indirect to a null/i, ["uninitialized element"]],
  [/call_indirect to a signature/i, ["indirect call type mismatch", "uninitialized element"]], // JSC says this for null entries too
  [/memory access out of bounds|out of bounds memory access/i, ["out of bounds memory access"]],
  [/divide by zero|remainder by zero|division by zero/i, ["integer divide by zero"]],
  [/divide result unrepresentable|integer overflow/i, ["integer overflow"]],
  [/float unrepresentable|unrepresentable|invalid conversion|trunc/i, ["integer overflow", "invalid conversion to integer"]],
  [/data segment/i, ["out of bounds memory access"]],
  [/table index is out of bounds|invalid index into function table/i, ["undefined element", "out of bounds table access"]],
  [/element segment|table access|out of bounds table/i, ["out of bounds table access"]],
  [/signature mismatch|null function|indirect call|call_indirect/i, ["indirect call type mismatch", "uninitialized element", "undefined element"]],
];

/** Turns a runtime error thrown by native wasm into a Ferry error (or returns it unchanged). */
function translateError(e: unknown, names?: (index: number) => string): unknown {
  if (e instanceof WebAssembly.RuntimeError) {
    const found = TRAP_MESSAGES.find(([re]) => re.test(e.message));
    const [first, ...alts] = found ? found[1] : [e.message];
    const trap = new FerryTrap(first!, parseBacktrace(e.stack ?? "", names), alts);
    trap.cause = e;
    return trap;
  }
  if (e instanceof RangeError && /call stack|too much recursion/i.test(e.message)) {
    return new FerryExhaustion("call stack exhausted", "stack");
  }
  return e;
}

/** Reads wasm frames from a V8 stack: `at name (wasm://wasm/hash:wasm-function[3]:0x5e)`. */
function parseBacktrace(stack: string, names?: (index: number) => string): BacktraceFrame[] {
  const frames: BacktraceFrame[] = [];
  const re = /at (?:(\S+) \()?wasm:\/\/wasm\/[^:]*:wasm-function\[(\d+)\]:0x([0-9a-f]+)/g;
  for (const m of stack.matchAll(re)) {
    const funcIndex = Number(m[2]);
    const name = names?.(funcIndex) || (m[1] !== undefined && !m[1].startsWith("wasm-function") ? m[1].replace(/^\$/, "") : "");
    frames.push({ funcIndex, name, pc: parseInt(m[3]!, 16) });
  }
  return frames;
}

/** Converts a Value to what the JS API expects for type `t`. */
function toNative(t: ValTypeName, v: Value): unknown {
  switch (t) {
    case "i32": return Number(BigInt.asIntN(32, (v as { bits: bigint }).bits));
    case "i64": return BigInt.asIntN(64, (v as { bits: bigint }).bits);
    case "f32": return f32FromBits((v as { bits: bigint }).bits);
    case "f64": return f64FromBits((v as { bits: bigint }).bits);
    case "funcref": {
      const ref = (v as { ref: unknown }).ref;
      if (ref === null) return null;
      if (ref instanceof NativeFunc) return ref.raw;
      throw new TypeError("funcref value is not a function of the native engine");
    }
    case "externref": return (v as { ref: unknown }).ref;
    case "v128": throw new RangeError("v128 values cannot cross the JS API");
  }
}

/** A module compiled by the outer runtime plus its header info. */
export class NativeModule implements CompiledModule {
  readonly imports: readonly ImportInfo[];
  readonly exports: readonly ExportInfo[];
  readonly types: readonly FuncType[];
  /** Creates the wrapper; `info` was read from the same bytes. */
  constructor(readonly raw: WebAssembly.Module, readonly info: WasmInfo) {
    this.imports = info.imports;
    this.exports = info.exports;
    this.types = info.types;
  }
  funcName(index: number): string {
    return this.info.funcNames.get(index) ?? "";
  }
}

/** A function of the native engine (an exported wasm function or a wrapped host function). */
export class NativeFunc implements FuncHandle {
  readonly kind = "func";
  /** Wraps a JS-callable function of type `type`. */
  constructor(readonly engine: NativeEngine, readonly raw: Function, readonly type: FuncType, private readonly names?: (i: number) => string) {}

  call(args: readonly Value[]): Value[] {
    const { params, results } = this.type;
    if (args.length !== params.length) throw new TypeError(`expected ${params.length} arguments, got ${args.length}`);
    let r: unknown;
    try {
      r = this.raw(...params.map((t, i) => toNative(t, args[i]!)));
    } catch (e) {
      throw translateError(e, this.names);
    }
    if (results.length === 0) return [];
    if (results.length === 1) return [this.engine.fromNative(results[0]!, r)];
    const arr = Array.from(r as Iterable<unknown>);
    return results.map((t, i) => this.engine.fromNative(t, arr[i]));
  }
}

class NativeGlobal implements GlobalHandle {
  readonly kind = "global";
  constructor(readonly engine: NativeEngine, readonly raw: WebAssembly.Global, readonly valType: ValTypeName, readonly mutable: boolean) {}
  get(): Value {
    return this.engine.fromNative(this.valType, this.raw.value);
  }
  set(v: Value): void {
    this.raw.value = toNative(this.valType, v);
  }
}

class NativeMemory implements MemoryHandle {
  readonly kind = "memory";
  constructor(readonly raw: WebAssembly.Memory) {}
  pages(): number {
    return this.raw.buffer.byteLength / 65536;
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.raw.buffer);
  }
}

class NativeTable implements TableHandle {
  readonly kind = "table";
  constructor(readonly engine: NativeEngine, readonly raw: WebAssembly.Table, readonly elemType: RefType) {}
  size(): number {
    return this.raw.length;
  }
  get(i: number): Value {
    if (i < 0 || i >= this.raw.length) throw new RangeError(`table index ${i} out of bounds`);
    return this.engine.fromNative(this.elemType, this.raw.get(i));
  }
  set(i: number, v: Value): void {
    if (i < 0 || i >= this.raw.length) throw new RangeError(`table index ${i} out of bounds`);
    this.raw.set(i, toNative(this.elemType, v) as never);
  }
}

type NativeExtern = NativeFunc | NativeGlobal | NativeMemory | NativeTable;

function jsApiType(t: ValTypeName): string {
  return t === "funcref" ? "anyfunc" : t;
}

/** The outer runtime's WebAssembly behind the Engine interface. */
export class NativeEngine implements Engine {
  readonly name = "native";
  readonly caps: EngineCaps = { exactNaN: false, compileErrorKinds: false, exactTrapMessages: false, fuel: false };
  /** Types of functions this engine has seen, so funcrefs read back keep their signature. */
  private readonly funcs = new WeakMap<Function, NativeFunc>();

  /** Wraps a JS function of a known type, once per function object. */
  wrapFunc(raw: Function, type: FuncType, names?: (i: number) => string): NativeFunc {
    let f = this.funcs.get(raw);
    if (f === undefined) {
      f = new NativeFunc(this, raw, type, names);
      this.funcs.set(raw, f);
    }
    return f;
  }

  /** Converts a JS API value of type `t` into a Value. */
  fromNative(t: ValTypeName, x: unknown): Value {
    switch (t) {
      case "i32": return { type: t, bits: BigInt((x as number) >>> 0) };
      case "i64": return { type: t, bits: BigInt.asUintN(64, x as bigint) };
      case "f32": return { type: t, bits: f32Bits(x as number) };
      case "f64": return { type: t, bits: f64Bits(x as number) };
      case "funcref":
        return { type: t, ref: x === null ? null : this.wrapFunc(x as Function, this.funcs.get(x as Function)?.type ?? { params: [], results: [] }) };
      case "externref": return { type: t, ref: x };
      case "v128": throw new RangeError("v128 values cannot cross the JS API");
    }
  }

  compile(bytes: Uint8Array): CompiledModule {
    let raw: WebAssembly.Module;
    try {
      raw = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    } catch (e) {
      if (e instanceof WebAssembly.CompileError) throw new FerryCompileError("unknown", e.message);
      throw e;
    }
    return new NativeModule(raw, readWasmInfo(bytes));
  }

  instantiate(module: CompiledModule, imports: ImportObject = {}): Instance {
    if (!(module instanceof NativeModule)) throw new FerryInternalError("module was not compiled by the native engine");
    const jsImports: Record<string, Record<string, unknown>> = {};
    for (const imp of module.imports) {
      const ext = imports[imp.module]?.[imp.name];
      if (ext === undefined) throw new FerryLinkError(`unknown import ${imp.module}.${imp.name}`);
      if (ext.kind !== imp.type.kind) throw new FerryLinkError(`incompatible import type for ${imp.module}.${imp.name}`);
      (jsImports[imp.module] ??= {})[imp.name] = (ext as NativeExtern).raw;
    }
    let raw: WebAssembly.Instance;
    try {
      raw = new WebAssembly.Instance(module.raw, jsImports as WebAssembly.Imports);
    } catch (e) {
      if (e instanceof WebAssembly.LinkError || e instanceof TypeError) throw new FerryLinkError(e.message);
      throw translateError(e, (i) => module.funcName(i));
    }
    const exports = new Map<string, Extern>();
    const names = (i: number) => module.funcName(i);
    for (const exp of module.exports) {
      const value = raw.exports[exp.name];
      switch (exp.kind) {
        case "func": {
          const type = module.types[module.info.funcTypes[exp.index]!]!;
          exports.set(exp.name, this.wrapFunc(value as Function, type, names));
          break;
        }
        case "global": {
          const g = module.info.globals[exp.index]!;
          exports.set(exp.name, new NativeGlobal(this, value as WebAssembly.Global, g.valType, g.mutable));
          break;
        }
        case "memory":
          exports.set(exp.name, new NativeMemory(value as WebAssembly.Memory));
          break;
        case "table": {
          const table = value as WebAssembly.Table;
          const elemType = tableElemType(module, exp.index);
          exports.set(exp.name, new NativeTable(this, table, elemType));
          break;
        }
      }
    }
    return { module, exports };
  }

  hostFunction(type: FuncType, fn: HostFn, name = "host"): FuncHandle {
    const engine = this;
    const wrapper = {
      [name](...args: JsValue[]): unknown {
        const values = type.params.map((t, i) => engine.fromNative(t, args[i]));
        const results = fn(values) ?? [];
        if (results.length !== type.results.length) {
          throw new TypeError(`host function ${name} returned ${results.length} values, expected ${type.results.length}`);
        }
        if (type.results.length === 0) return undefined;
        if (type.results.length === 1) return toNative(type.results[0]!, results[0]!);
        return type.results.map((t, i) => toNative(t, results[i]!));
      },
    }[name]!;
    return this.wrapFunc(wrapper, type);
  }

  global(valType: ValTypeName, mutable: boolean, init: Value): GlobalHandle {
    const raw = new WebAssembly.Global({ value: jsApiType(valType) as WebAssembly.ValueType, mutable }, toNative(valType, init));
    return new NativeGlobal(this, raw, valType, mutable);
  }

  memory(limits: Limits): MemoryHandle {
    const desc: WebAssembly.MemoryDescriptor = { initial: limits.min };
    if (limits.max !== undefined) desc.maximum = limits.max;
    return new NativeMemory(new WebAssembly.Memory(desc));
  }

  table(elemType: RefType, limits: Limits): TableHandle {
    const desc: WebAssembly.TableDescriptor = { element: jsApiType(elemType) as WebAssembly.TableKind, initial: limits.min };
    if (limits.max !== undefined) desc.maximum = limits.max;
    return new NativeTable(this, new WebAssembly.Table(desc), elemType);
  }
}

/** Element type of table `index` (imports first); funcref when the module declares its own tables (not recorded). */
function tableElemType(module: NativeModule, index: number): RefType {
  let seen = 0;
  for (const imp of module.imports) {
    if (imp.type.kind === "table") {
      if (seen === index) return imp.type.elemType;
      seen++;
    }
  }
  return module.info.tableTypes[index - seen] ?? "funcref";
}

