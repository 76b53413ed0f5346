// The `ferry` command dispatcher: `ferry <command> [args]`. Each command lives
// in migrate/commands/<name>.ts and exports `main(argv): Promise<number>` (the
// exit code); commands are imported lazily so `ferry spec` never loads what
// `ferry run` needs. Ferry's own errors are one line on stderr and exit 2.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UsageError } from "./args.js";

/** A command of the CLI: its one-line summary and usage line. */
interface CommandInfo {
  summary: string;
  usage: string;
}

/** Every command, in help order (DESIGN.md section 4). */
export const COMMANDS: Record<string, CommandInfo> = {
  run: { summary: "run a module (a WASI command) in the Ferry VM", usage: "ferry run [opts] <module.wasm> [-- args...]" },
  resume: { summary: "continue a workload from a snapshot", usage: "ferry resume [opts] <snapshot>" },
  inspect: { summary: "show a snapshot: frames, pcs, memory, fds", usage: "ferry inspect [--json] <snapshot>" },
  spec: { summary: "run the core spec suite", usage: "ferry spec [--json] [--verbose] [--engine ferry|native] [--expect FILE] [DIR|FILE...]" },
  bench: { summary: "benchmarks, VM vs native, side by side", usage: "ferry bench [--json] [--runtime R ...] [--quick] [--runs N] [--only NAME]" },
};

/** The top-level usage text. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`);
  return [
    "usage: ferry <command> [args]",
    "",
    "commands:",
    ...lines,
    "",
    "ferry <command> --help shows the options of a command.",
  ].join("\n");
}

type CommandModule = { main(argv: string[]): Promise<number> };

/** Runs the CLI with `argv` (without node and the script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(`${usage()}\n`);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const info = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (info === undefined) {
    process.stderr.write(`ferry: unknown command ${JSON.stringify(name)} (see ferry --help)\n`);
    return 2;
  }
  const url = new URL(`./commands/${name}.js`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) {
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(`usage: ${info.usage}\n${info.summary} (not implemented yet)\n`);
      return 0;
    }
    process.stderr.write(`ferry: command ${JSON.stringify(name)} is not implemented yet\n`);
    return 2;
  }
  try {
    const mod = (await import(url.href)) as CommandModule;
    return await mod.main(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ferry ${name}: ${e.message} (see ferry ${name} --help)\n`);
      return 2;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`ferry ${name}: ${msg.split("\n")[0]}\n`);
    if (process.env.FERRY_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
}
