// `ferry run [opts] <module.wasm> [-- args...]`: runs a WASI command in the
// Ferry VM (or natively with --native) inside the chosen runtime. The
// workload's stdio passes through and its exit code becomes ours; Ferry's own
// failures are one line on stderr, `ferry: <message>`, exit 2 (bad usage or
// input) or 3 (a workload trap, followed by its backtrace).

import process from "node:process";
import { formatFlags, parseArgs, UsageError } from "../args.js";
import type { FlagSpec } from "../args.js";
import { reportFailure, RunFailure } from "../../host/runtimes/failure.js";
import { runInProcess } from "../../host/runtimes/in-process.js";
import type { RunOptions } from "../../host/runtimes/options.js";
import { parseDir } from "../../host/runtimes/options.js";
import { findRuntime, RUNTIMES } from "../../host/runtimes/table.js";
import { isWasiBuildRuntime, runWasiBuildWithCheckpoint } from "../../host/runtimes/wasi-snapshot.js";
import { isCurrent, jsRuntime, relaunch, withoutRuntime } from "../snapshot/relaunch.js";
import { runWithCheckpoint } from "../snapshot/session.js";
import type { Checkpoint } from "../snapshot/session.js";
import { parseCheckpoint } from "./resume.js";
import { CHECKPOINT_ON_FLAG, TRIGGER_RELAY_FLAG } from "../trigger.js";
import { relaunchWithTriggers, runWithTriggers } from "../trigger-run.js";
import { monitorHelp, parseMonitorList } from "../../instrument/monitors/index.js";

const FLAGS: FlagSpec[] = [
  { name: "runtime", value: "R", help: "where the JS host runs: node (default), bun, deno" },
  { name: "dir", value: "HOST[::GUEST]", repeat: true, help: "preopen directory HOST, named GUEST inside (default: HOST)" },
  { name: "env", value: "K=V", repeat: true, help: "set an environment variable of the workload" },
  { name: "fuel", value: "N", help: "stop the workload (trap, exit 3) after N instructions (Ferry VM only)" },
  { name: "max-memory", value: "PAGES", help: "cap the workload's memory at PAGES 64 KiB pages" },
  { name: "native", help: "run on the runtime's own WebAssembly instead of the Ferry VM (for comparison)" },
  { name: "checkpoint-after", value: "N", help: "stop after exactly N instructions, write --snapshot FILE, exit 0" },
  CHECKPOINT_ON_FLAG,
  { name: "snapshot", value: "FILE", help: "the snapshot file --checkpoint-after / --checkpoint-on write (continue it with ferry resume)" },
  { name: "compress", help: "store the snapshot's memory deflated (docs/snapshot-format.md, section 9)" },
  { name: "monitor", value: "LIST", repeat: true, help: "compute monitors inside the VM (a,b,... or all; `--monitor help` lists them); tables on stderr" },
  { name: "monitor-out", value: "FILE.json", help: "write the monitors' report as JSON (deterministic: same on every runtime)" },
];

/** Internal: set when `ferry run` re-launched itself inside the selected runtime. */
const INTERNAL_FLAGS: FlagSpec[] = [{ name: "in-runtime", help: "internal: already inside the selected runtime" }, TRIGGER_RELAY_FLAG];

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
  const checkpoint = parseCheckpoint(args);
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
    if (parsed.checkpoint !== undefined && isWasiBuildRuntime(o.runtime)) return await runWasiBuildWithCheckpoint(o, parsed.checkpoint);
    if (parsed.checkpoint !== undefined) {
      const cp = parsed.checkpoint;
      const runtime = jsRuntime(o.runtime);
      if (cp.triggers !== undefined && o.native) throw new RunFailure("--checkpoint-on needs the Ferry VM; it cannot be combined with --native");
      if (parsed.inRuntime || isCurrent(runtime)) {
        if (cp.triggers !== undefined) return await runWithTriggers({ kind: "run", options: o, checkpoint: cp }, parsed.inRuntime);
        return runWithCheckpoint(o, cp);
      }
      const rest = withoutRuntime(argv);
      if (cp.triggers !== undefined) return await relaunchWithTriggers(runtime, "run", rest, cp.triggers);
      return relaunch(runtime, "run", rest);
    }
    if (parsed.inRuntime) return runInProcess(o);
    return await findRuntime(o.runtime).run(o);
  } catch (e) {
    return reportFailure(e);
  }
}
