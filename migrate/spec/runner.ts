// Runs the core spec suite's JSON command files (../shared/spec/README.md)
// against an Engine. Every command counts once: passed, failed or skipped
// (SIMD files and text-format assert_malformed are skipped). Each command is
// guarded: an exception fails that command only. The runner keeps the script
// state: the current module, named modules and registered import modules.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Engine, Extern, ImportObject, Instance } from "../../host/engine.js";
import { FerryCompileError, FerryError, FerryExhaustion, FerryLinkError, FerryTrap } from "../../host/errors.js";
import type { NumType, Value } from "../../host/values.js";
import { formatValue, maskBits } from "../../host/values.js";
import { spectestModule } from "./spectest.js";

/** A value as written in the JSON files. */
interface JsonValue {
  type: string;
  value?: string | string[];
  lane_type?: string;
}

interface JsonAction {
  type: "invoke" | "get";
  module?: string;
  field: string;
  args?: JsonValue[];
}

/** One command of a JSON file. */
interface JsonCommand {
  type: string;
  line: number;
  filename?: string;
  name?: string;
  as?: string;
  text?: string;
  module_type?: "binary" | "text";
  action?: JsonAction;
  expected?: JsonValue[];
}

/** One failed command. */
export interface SpecFailure {
  file: string;
  line: number;
  kind: string;
  /** What was expected and what happened. */
  message: string;
}

/** Results of one file. */
export interface SpecFileResult {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Commands that passed although their error message differs from the spec text (informational). */
  messageMismatches: number;
  /** Those commands, with the expected and actual messages. */
  mismatches: SpecFailure[];
  failures: SpecFailure[];
  /** Wall time in milliseconds. */
  ms: number;
}

/** Options of a spec run. */
export interface SpecOptions {
  /** Creates a fresh engine for each file. */
  engine: () => Engine;
  /** Called with each failure as it happens (e.g. for --verbose). */
  onFailure?: (f: SpecFailure) => void;
}

/** Thrown inside a command to fail it with a message. */
class CommandFailure extends Error {}

/** The externref object standing for `(ref.extern N)`; one per N per file, compared by identity. */
export class HostRef {
  constructor(readonly id: number) {}
  toString(): string {
    return `ref.extern ${this.id}`;
  }
}

/** Expands files and directories into the list of JSON command files (sorted). */
export function listSpecFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (statSync(p).isFile()) {
      out.push(p);
      continue;
    }
    const entries = readdirSync(p).sort();
    for (const e of entries) {
      const full = join(p, e);
      if (e.endsWith(".json") && statSync(full).isFile()) out.push(full);
      else if (statSync(full).isDirectory()) {
        const inner = join(full, `${e}.json`);
        try {
          if (statSync(inner).isFile()) out.push(inner);
        } catch {
          // not a spec test directory
        }
      }
    }
  }
  return out;
}

/** The label of a spec file in reports and expected-failure lists: its base name without .json. */
export function specFileLabel(path: string): string {
  return basename(path).replace(/\.json$/, "");
}

/** True for files of the SIMD group, which are counted as skipped. */
export function isSimdFile(path: string): boolean {
  return specFileLabel(path).startsWith("simd_");
}

const CANONICAL_NAN: Record<"f32" | "f64", bigint> = { f32: 0x7fc00000n, f64: 0x7ff8000000000000n };
const SIGN: Record<"f32" | "f64", bigint> = { f32: 0x80000000n, f64: 0x8000000000000000n };
const EXP_MASK: Record<"f32" | "f64", bigint> = { f32: 0x7f800000n, f64: 0x7ff0000000000000n };
const FRAC_MASK: Record<"f32" | "f64", bigint> = { f32: 0x007fffffn, f64: 0x000fffffffffffffn };

function isNaNBits(t: "f32" | "f64", bits: bigint): boolean {
  return (bits & EXP_MASK[t]) === EXP_MASK[t] && (bits & FRAC_MASK[t]) !== 0n;
}

/** Runs the commands of one file; never throws for a failing command. */
export function runSpecFile(path: string, options: SpecOptions): SpecFileResult {
  const file = specFileLabel(path);
  const started = performance.now();
  const result: SpecFileResult = { file, passed: 0, failed: 0, skipped: 0, messageMismatches: 0, mismatches: [], failures: [], ms: 0 };
  const script = JSON.parse(readFileSync(path, "utf8")) as { commands: JsonCommand[] };
  if (isSimdFile(path)) {
    result.skipped = script.commands.length;
    result.ms = performance.now() - started;
    return result;
  }
  const dir = dirname(path);
  let state: ScriptState;
  try {
    state = new ScriptState(options.engine(), dir);
  } catch (e) {
    // no engine: every command fails with the same reason
    for (const cmd of script.commands) fail(result, options, { file, line: cmd.line, kind: cmd.type, message: `engine: ${errText(e)}` });
    result.ms = performance.now() - started;
    return result;
  }
  for (const cmd of script.commands) {
    if (cmd.type === "assert_malformed" && cmd.module_type === "text") {
      result.skipped++;
      continue;
    }
    try {
      const mismatch = state.run(cmd);
      result.passed++;
      if (mismatch !== undefined) {
        result.messageMismatches++;
        result.mismatches.push({ file, line: cmd.line, kind: cmd.type, message: mismatch });
      }
    } catch (e) {
      fail(result, options, { file, line: cmd.line, kind: cmd.type, message: errText(e) });
    }
  }
  result.ms = performance.now() - started;
  return result;
}

function fail(result: SpecFileResult, options: SpecOptions, f: SpecFailure): void {
  result.failed++;
  result.failures.push(f);
  options.onFailure?.(f);
}

function errText(e: unknown): string {
  if (e instanceof CommandFailure) return e.message;
  if (e instanceof FerryError) return `${e.name}: ${e.message}`;
  if (e instanceof Error) return `unexpected ${e.name}: ${e.message}`;
  return `unexpected throw: ${String(e)}`;
}

/** Describes an error for "expected X, got <this>". */
function outcome(e: unknown): string {
  if (e instanceof FerryCompileError) return `compile error (${e.kind}): ${e.message}`;
  if (e instanceof FerryLinkError) return `link error: ${e.message}`;
  if (e instanceof FerryTrap) return `trap: ${e.message}`;
  if (e instanceof FerryExhaustion) return `exhaustion (${e.reason}): ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** The state a script's commands share. */
class ScriptState {
  private current: Instance | undefined;
  private readonly named = new Map<string, Instance>();
  private readonly registry: ImportObject;
  private readonly hostRefs = new Map<number, HostRef>();

  constructor(readonly engine: Engine, readonly dir: string) {
    this.registry = { spectest: spectestModule(engine) };
  }

  /** Runs one command; throws CommandFailure (or anything) when it fails; describes the message difference if it passed with another message. */
  run(cmd: JsonCommand): string | undefined {
    switch (cmd.type) {
      case "module": {
        const inst = this.instantiate(this.compile(cmd));
        this.current = inst;
        if (cmd.name !== undefined) this.named.set(cmd.name, inst);
        return undefined;
      }
      case "register": {
        const inst = this.instance(cmd.name);
        const record: Record<string, Extern> = {};
        for (const [name, ext] of inst.exports) record[name] = ext;
        this.registry[cmd.as!] = record;
        return undefined;
      }
      case "action":
        this.action(cmd.action!);
        return undefined;
      case "assert_return":
        this.assertReturn(cmd);
        return undefined;
      case "assert_trap":
        if (cmd.filename !== undefined) return this.assertUninstantiable(cmd);
        return this.expectThrow(cmd, () => this.action(cmd.action!), (e) => e instanceof FerryTrap, "trap");
      case "assert_exhaustion":
        return this.expectThrow(cmd, () => this.action(cmd.action!), (e) => e instanceof FerryExhaustion && e.reason === "stack", "call stack exhaustion");
      case "assert_invalid":
        return this.expectCompileError(cmd, "invalid");
      case "assert_malformed":
        return this.expectCompileError(cmd, "malformed");
      case "assert_unlinkable": {
        const module = this.compileExpectingSuccess(cmd);
        return this.expectThrow(cmd, () => this.instantiate(module), (e) => e instanceof FerryLinkError, "link error");
      }
      case "assert_uninstantiable":
        return this.assertUninstantiable(cmd);
      default:
        throw new CommandFailure(`unknown command type ${cmd.type}`);
    }
  }

  private bytes(cmd: JsonCommand): Uint8Array {
    if (cmd.filename === undefined) throw new CommandFailure("command has no filename");
    return readFileSync(join(this.dir, cmd.filename));
  }

  private compile(cmd: JsonCommand) {
    return this.engine.compile(this.bytes(cmd));
  }

  private compileExpectingSuccess(cmd: JsonCommand) {
    try {
      return this.compile(cmd);
    } catch (e) {
      throw new CommandFailure(`expected a valid module, got ${outcome(e)}`);
    }
  }

  private instantiate(module: ReturnType<Engine["compile"]>): Instance {
    return this.engine.instantiate(module, this.registry);
  }

  private instance(name: string | undefined): Instance {
    if (name === undefined) {
      if (this.current === undefined) throw new CommandFailure("no current module (an earlier module failed)");
      return this.current;
    }
    const inst = this.named.get(name);
    if (inst === undefined) throw new CommandFailure(`no module named ${name} (an earlier module failed)`);
    return inst;
  }

  private hostRef(id: number): HostRef {
    let r = this.hostRefs.get(id);
    if (r === undefined) {
      r = new HostRef(id);
      this.hostRefs.set(id, r);
    }
    return r;
  }

  /** Converts a JSON argument to a Value. */
  private arg(v: JsonValue): Value {
    switch (v.type) {
      case "i32": case "i64": case "f32": case "f64":
        return { type: v.type, bits: maskBits(v.type, BigInt(v.value as string)) };
      case "externref":
        return { type: "externref", ref: v.value === "null" ? null : this.hostRef(Number(v.value)) };
      case "funcref":
        if (v.value === "null") return { type: "funcref", ref: null };
        throw new CommandFailure("non-null funcref arguments are not expressible");
      default:
        throw new CommandFailure(`unsupported argument type ${v.type}`);
    }
  }

  /** Performs an action and returns its results. */
  private action(a: JsonAction): Value[] {
    const inst = this.instance(a.module);
    const ext = inst.exports.get(a.field);
    if (ext === undefined) throw new CommandFailure(`no export ${JSON.stringify(a.field)}`);
    if (a.type === "get") {
      if (ext.kind !== "global") throw new CommandFailure(`export ${JSON.stringify(a.field)} is not a global`);
      return [ext.get()];
    }
    if (ext.kind !== "func") throw new CommandFailure(`export ${JSON.stringify(a.field)} is not a function`);
    return ext.call((a.args ?? []).map((v) => this.arg(v)));
  }

  private assertReturn(cmd: JsonCommand): void {
    let got: Value[];
    try {
      got = this.action(cmd.action!);
    } catch (e) {
      if (e instanceof CommandFailure) throw e;
      throw new CommandFailure(`expected ${formatExpected(cmd.expected ?? [])}, got ${outcome(e)}`);
    }
    const expected = cmd.expected ?? [];
    const ok = got.length === expected.length && expected.every((x, i) => this.matches(x, got[i]!));
    if (!ok) throw new CommandFailure(`expected ${formatExpected(expected)}, got ${got.map(formatValue).join(" ") || "(nothing)"}`);
  }

  /** True if result `got` matches expected value `x`. */
  private matches(x: JsonValue, got: Value): boolean {
    if (x.type !== got.type) return false;
    switch (x.type) {
      case "i32": case "i64":
        return "bits" in got && maskBits(x.type, got.bits) === maskBits(x.type, BigInt(x.value as string));
      case "f32": case "f64": {
        if (!("bits" in got)) return false;
        const t = x.type;
        const bits = maskBits(t, got.bits);
        if (x.value === "nan:canonical") {
          return (bits & ~SIGN[t]) === CANONICAL_NAN[t] || (!this.engine.caps.exactNaN && isNaNBits(t, bits));
        }
        if (x.value === "nan:arithmetic") {
          return (isNaNBits(t, bits) && (bits & CANONICAL_NAN[t]) === CANONICAL_NAN[t]) || (!this.engine.caps.exactNaN && isNaNBits(t, bits));
        }
        const want = maskBits(t as NumType, BigInt(x.value as string));
        if (bits === want) return true;
        return !this.engine.caps.exactNaN && isNaNBits(t, bits) && isNaNBits(t, want);
      }
      case "externref":
        if (!("ref" in got)) return false;
        return x.value === "null" ? got.ref === null : got.ref === this.hostRef(Number(x.value));
      case "funcref":
        if (!("ref" in got)) return false;
        return x.value === "null" ? got.ref === null : got.ref !== null;
      default:
        return false;
    }
  }

  /** Runs `body`, which must throw an error satisfying `ok`; checks the message against cmd.text. */
  private expectThrow(cmd: JsonCommand, body: () => unknown, ok: (e: unknown) => boolean, what: string): string | undefined {
    try {
      body();
    } catch (e) {
      if (e instanceof CommandFailure) throw e;
      if (!ok(e)) throw new CommandFailure(`expected ${what} "${cmd.text}", got ${outcome(e)}`);
      return this.messageDiffers(cmd, e);
    }
    throw new CommandFailure(`expected ${what} "${cmd.text}", got success`);
  }

  /** For traps and exhaustion the message must start with the spec text (engines with exact messages); elsewhere a difference is only noted. */
  private messageDiffers(cmd: JsonCommand, e: unknown): string | undefined {
    const text = cmd.text ?? "";
    const differs = (msg: string) => (msg.startsWith(text) ? undefined : `expected message "${text}", got "${msg}"`);
    if (e instanceof FerryTrap) {
      if (e.matches(text)) return undefined;
      if (this.engine.caps.exactTrapMessages || e.alternatives.length > 0 || TRAP_TEXTS.has(e.message)) {
        throw new CommandFailure(`expected trap "${text}", got trap "${e.message}"`);
      }
      return differs(e.message);
    }
    if (e instanceof Error) return differs(e.message);
    return differs(String(e));
  }

  private expectCompileError(cmd: JsonCommand, kind: "invalid" | "malformed"): string | undefined {
    try {
      this.compile(cmd);
    } catch (e) {
      if (e instanceof FerryCompileError && (e.kind === kind || (!this.engine.caps.compileErrorKinds && e.kind === "unknown"))) {
        return this.messageDiffers(cmd, e);
      }
      throw new CommandFailure(`expected ${kind} module "${cmd.text}", got ${outcome(e)}`);
    }
    throw new CommandFailure(`expected ${kind} module "${cmd.text}", got a valid module`);
  }

  private assertUninstantiable(cmd: JsonCommand): string | undefined {
    const module = this.compileExpectingSuccess(cmd);
    return this.expectThrow(cmd, () => this.instantiate(module), (e) => e instanceof FerryTrap, "instantiation trap");
  }
}

/** The spec's trap messages: a native trap mapped to one of these must match exactly. */
const TRAP_TEXTS = new Set([
  "unreachable", "out of bounds memory access", "integer divide by zero", "integer overflow",
  "invalid conversion to integer", "undefined element", "uninitialized element", "indirect call type mismatch",
  "out of bounds table access",
]);

function formatExpected(values: JsonValue[]): string {
  if (values.length === 0) return "(nothing)";
  return values
    .map((v) => {
      const isNum = v.type === "i32" || v.type === "i64" || v.type === "f32" || v.type === "f64";
      if (isNum && typeof v.value === "string" && /^\d+$/.test(v.value)) return formatValue({ type: v.type as NumType, bits: BigInt(v.value) });
      return `${v.type}:${Array.isArray(v.value) ? v.value.join(",") : v.value ?? ""}`;
    })
    .join(" ");
}

/** Totals over files. */
export interface SpecTotals {
  passed: number;
  failed: number;
  skipped: number;
}

/** Sums the counts of several file results. */
export function totals(results: SpecFileResult[]): SpecTotals {
  return results.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
}
