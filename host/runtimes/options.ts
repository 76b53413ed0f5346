// What `ferry run` was asked to do, as plain data every runtime adapter
// understands (an adapter that re-launches Ferry elsewhere turns it back into
// command-line flags with `toArgv`).

/** A preopened directory: `host` on this machine, `guest` as the workload names it. */
export interface DirMapping {
  host: string;
  guest: string;
}

/** The options of one `ferry run`. */
export interface RunOptions {
  /** Path of the workload module. */
  module: string;
  /** Arguments after the module (argv[1..]). */
  args: string[];
  /** Runtime name from the adapter table (node, bun, deno, ...). */
  runtime: string;
  /** Preopened directories. */
  dirs: DirMapping[];
  /** Environment entries `K=V`. */
  env: string[];
  /** Instruction budget (Ferry VM only). */
  fuel?: number;
  /** Maximum memory of the workload in 64 KiB pages. */
  maxMemory?: number;
  /** Run on the outer runtime's own WebAssembly instead of the Ferry VM. */
  native: boolean;
  /** Monitors to compute (`--monitor`, comma-separated names; instrument/monitors/). */
  monitors?: string;
  /** Where to write the monitors' JSON report (`--monitor-out`). */
  monitorOut?: string;
}

/** Parses `HOST[::GUEST]` (the guest name defaults to HOST as written). */
export function parseDir(spec: string): DirMapping {
  const i = spec.indexOf("::");
  if (i < 0) return { host: spec, guest: spec };
  return { host: spec.slice(0, i), guest: spec.slice(i + 2) };
}

/** The `ferry run` flags that reproduce `o` (without --runtime), followed by the module and `-- args`. */
export function toArgv(o: RunOptions): string[] {
  const argv: string[] = [];
  for (const d of o.dirs) argv.push("--dir", d.host === d.guest ? d.host : `${d.host}::${d.guest}`);
  for (const e of o.env) argv.push("--env", e);
  if (o.fuel !== undefined) argv.push("--fuel", String(o.fuel));
  if (o.maxMemory !== undefined) argv.push("--max-memory", String(o.maxMemory));
  if (o.native) argv.push("--native");
  if (o.monitors !== undefined) argv.push("--monitor", o.monitors);
  if (o.monitorOut !== undefined) argv.push("--monitor-out", o.monitorOut);
  argv.push(o.module, "--", ...o.args);
  return argv;
}
