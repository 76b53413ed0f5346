// `ferry run [opts] <module.wasm> [-- args...]`: runs a WASI command in the
// Ferry VM (or natively with --native) inside the chosen runtime. The
// workload's stdio passes through and its exit code becomes ours; Ferry's own
// failures are one line on stderr, `ferry: <message>`, exit 2 (bad usage or
// input) or 3 (a workload trap, followed by its backtrace).

import process from "node:process";
import { formatFlags, parseArgs, UsageError } from "../args.js";
import type { FlagSpec } from "../args.js";
import { RunFailure } from "../../host/runtimes/failure.js";
import { runInProcess } from "../../host/runtimes/in-process.js";
import type { RunOptions } from "../../host/runtimes/options.js";
import { parseDir } from "../../host/runtimes/options.js";
import { findRuntime, RUNTIMES } from "../../host/runtimes/table.js";
import { isCurrent, jsRuntime, relaunch } from "../snapshot/relaunch.js";
import { runWithCheckpoint } from "../snapshot/session.js";
import type { Checkpoint } from "../snapshot/session.js";
import { parseCheckpoint } from "./resume.js";
import { monitorHelp, parseMonitorList } from "../../instrument/monitors/index.js";

const FLAGS: FlagSpec[] = [
  { name: "runtime", value: "R", help: "where the JS host runs: node (default), bun, deno" },
  { name: "dir", value: "HOST[::GUEST]", repeat: true, help: "preopen directory HOST, named GUEST inside (default: HOST)" },
  { name: "env", value: "K=V", repeat: true, help: "set an environment variable of the workload" },
  { name: "fuel", value: "N", help: "stop the workload (trap, exit 3) after N instructions (Ferry VM only)" },
  { name: "max-memory", value: "PAGES", help: "cap the workload's memory at PAGES 64 KiB pages" },
  { name: "native", help: "run on the runtime's own WebAssembly instead of the Ferry VM (for comparison)" },
  { name: "checkpoint-after", value: "N", help: "stop at the last segment boundary at or before N instructions, write --snapshot FILE, exit 0" },
  { name: "snapshot", value: "FILE", help: "the snapshot file --checkpoint-after writes (continue it with ferry resume)" },
  { name: "monitor", value: "LIST", repeat: true, help: "compute monitors inside the VM (a,b,... or all; `--monitor help` lists them); tables on stderr" },
  { name: "monitor-out", value: "FILE.json", help: "write the monitors' report as JSON (deterministic: same on every runtime)" },
];

/** Internal: set when `ferry run` re-launched itself inside the selected runtime. */
const INTERNAL_FLAGS: FlagSpec[] = [{ name: "in-runtime", help: "internal: already inside the selected runtime" }];

function usage(): string {
  const runtimes = [...RUNTIMES.values()].map((r) => `  ${r.name.padEnd(8)}${r.help}`).join("\n");
  return `usage: ferry run [options] <module.wasm> [-- args...]

Runs a WASI command. Arguments after the module (or after --) go to the workload.

options:
${formatFlags(FLAGS)}

runtimes:
${runtimes}`;
}

function positiveInt(name: string, v: number | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < min) throw new UsageError(`--${name} expects an integer >= ${min}, got ${v}`);
  return v;
}

/** The run options from the command line (UsageError on bad usage). */
export function parseRunArgs(argv: string[]): { options: RunOptions; inRuntime: boolean; help: boolean; checkpoint?: Checkpoint; monitorHelp?: boolean } {
  const args = parseArgs(argv, [...FLAGS, ...INTERNAL_FLAGS], { stopAtPositional: true });
  if (args.has("help")) return { options: undefined as never, inRuntime: false, help: true };
  const monitorList = args.all("monitor");
  if (monitorList.includes("help")) return { options: undefined as never, inRuntime: false, help: false, monitorHelp: true };
  const monitors = monitorList.length > 0 ? monitorList.join(",") : undefined;
  if (monitors !== undefined) {
    try {
      parseMonitorList(monitors);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  if (args.has("monitor-out") && monitors === undefined) throw new UsageError("--monitor-out needs --monitor LIST");
  if (monitors !== undefined && args.has("native")) throw new UsageError("--monitor needs the Ferry VM; it cannot be combined with --native");
  const [module, ...after] = args.positionals;
  if (module === undefined) throw new UsageError("missing the module to run");
  const maxMemory = positiveInt("max-memory", args.number("max-memory"), 0);
  if (maxMemory !== undefined && maxMemory > 65536) throw new UsageError("--max-memory is at most 65536 pages (4 GiB)");
  const options: RunOptions = {
    module,
    args: [...after, ...args.rest],
    runtime: args.get("runtime") ?? "node",
    dirs: args.all("dir").map(parseDir),
    env: args.all("env"),
    fuel: positiveInt("fuel", args.number("fuel"), 1),
    maxMemory,
    native: args.has("native"),
    ...(monitors !== undefined ? { monitors } : {}),
    ...(args.has("monitor-out") ? { monitorOut: args.get("monitor-out")! } : {}),
  };
  const checkpoint = parseCheckpoint(args.number("checkpoint-after"), args.get("snapshot"));
  if (checkpoint !== undefined && monitors !== undefined) throw new UsageError("--monitor cannot be combined with --checkpoint-after yet");
  return { options, inRuntime: args.has("in-runtime"), help: false, checkpoint };
}

/** Entry point of `ferry run`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseRunArgs>;
  try {
    parsed = parseRunArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ferry: ${e.message} (see ferry run --help)\n`);
      return 2;
    }
    throw e;
  }
  if (parsed.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (parsed.monitorHelp) {
    process.stdout.write(`${monitorHelp()}\n`);
    return 0;
  }
  const o = parsed.options;
  try {
    if (parsed.checkpoint !== undefined) {
      const runtime = jsRuntime(o.runtime);
      if (parsed.inRuntime || isCurrent(runtime)) return runWithCheckpoint(o, parsed.checkpoint);
      return relaunch(runtime, "run", argv.filter((a, i) => a !== "--runtime" && argv[i - 1] !== "--runtime" && !a.startsWith("--runtime=")));
    }
    if (parsed.inRuntime) return runInProcess(o);
    return await findRuntime(o.runtime).run(o);
  } catch (e) {
    if (e instanceof RunFailure) {
      process.stderr.write(`ferry: ${e.message}\n${e.detail ? `${e.detail}\n` : ""}`);
      return e.exitCode;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`ferry: internal error: ${msg.split("\n")[0]}\n`);
    if (process.env.FERRY_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
}
