// The small argument parser shared by the `ferry` commands: boolean flags,
// flags with values (`--fuel N` or `--fuel=N`), repeated flags (`--dir a --dir b`),
// positionals, and everything after `--` kept apart. An unknown flag or a
// missing value is a UsageError (the command prints it and exits 2).

/** One flag a command accepts. */
export interface FlagSpec {
  /** Long name without dashes, e.g. "fuel". */
  name: string;
  /** One-letter alias without the dash, e.g. "v". */
  short?: string;
  /** Placeholder of the value (e.g. "N"); absent for a boolean flag. */
  value?: string;
  /** May be given several times (values are collected in order). */
  repeat?: boolean;
  /** One line of help. */
  help: string;
}

/** Bad usage: the message is printed as one line on stderr, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The result of parsing. */
export class ParsedArgs {
  /** Creates the result (used by parseArgs). */
  constructor(
    private readonly values: Map<string, string[]>,
    /** Positional arguments, in order. */
    readonly positionals: string[],
    /** Arguments after `--`. */
    readonly rest: string[],
  ) {}

  /** True if the flag was given (boolean or with a value). */
  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The (last) value of a flag, or undefined. */
  get(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined ? undefined : v[v.length - 1];
  }

  /** All values of a repeated flag, in order (empty if absent). */
  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  /** The value of a flag as a number; UsageError if it is not one. */
  number(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n)) throw new UsageError(`--${name} expects a number, got ${JSON.stringify(v)}`);
    return n;
  }

  /** The value of a flag, which must be one of `choices`. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const v = this.get(name);
    if (v === undefined) return fallback;
    if (!(choices as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${choices.join(", ")}, got ${JSON.stringify(v)}`);
    return v as T;
  }
}

/** Options of parseArgs. */
export interface ParseOptions {
  /** Stop parsing flags at the first positional: it and everything after go to `positionals` untouched. */
  stopAtPositional?: boolean;
}

/** Parses `argv` (without the command name) against `specs`; `--help`/`-h` is always accepted as boolean "help". */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], options: ParseOptions = {}): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  for (const s of specs) {
    byName.set(`--${s.name}`, s);
    if (s.short !== undefined) byName.set(`-${s.short}`, s);
  }
  if (!byName.has("--help")) byName.set("--help", { name: "help", help: "show this help" });
  if (!byName.has("-h")) byName.set("-h", byName.get("--help")!);
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("-") && arg !== "-") {
      const eq = arg.indexOf("=");
      const key = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
      const spec = byName.get(key);
      if (spec === undefined) throw new UsageError(`unknown option ${key}`);
      let value: string;
      if (spec.value === undefined) {
        if (key !== arg) throw new UsageError(`option --${spec.name} takes no value`);
        value = "true";
      } else if (key !== arg) {
        value = arg.slice(eq + 1);
      } else {
        const next = argv[i + 1];
        if (next === undefined) throw new UsageError(`option --${spec.name} needs a value (${spec.value})`);
        value = next;
        i++;
      }
      const list = values.get(spec.name);
      if (list !== undefined && !spec.repeat && spec.value !== undefined) throw new UsageError(`option --${spec.name} given more than once`);
      values.set(spec.name, [...(list ?? []), value]);
      continue;
    }
    if (options.stopAtPositional) {
      const dd = argv.indexOf("--", i);
      positionals.push(...argv.slice(i, dd >= 0 ? dd : argv.length));
      if (dd >= 0) rest.push(...argv.slice(dd + 1));
      break;
    }
    positionals.push(arg);
  }
  return new ParsedArgs(values, positionals, rest);
}

/** Help lines for `specs`, aligned: `  --fuel N     fuel budget`. */
export function formatFlags(specs: readonly FlagSpec[]): string {
  const left = specs.map((s) => `  ${s.short !== undefined ? `-${s.short}, ` : ""}--${s.name}${s.value !== undefined ? ` ${s.value}` : ""}`);
  const width = Math.max(0, ...left.map((l) => l.length)) + 2;
  return specs.map((s, i) => `${left[i]!.padEnd(width)}${s.help}${s.repeat ? " (repeatable)" : ""}`).join("\n");
}
