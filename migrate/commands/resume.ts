// `ferry resume [opts] <snapshot>`: continues a workload from a snapshot file
// in the chosen JS runtime (node, bun, deno), optionally checkpointing again
// with --checkpoint-after N --snapshot FILE. The workload's stdio passes
// through and its exit code becomes ours; a bad snapshot is one line on
// stderr and exit 2, the file left untouched.

import process from "node:process";
import { formatFlags, parseArgs, UsageError } from "../args.js";
import type { FlagSpec, ParsedArgs } from "../args.js";
import { reportFailure } from "../../host/runtimes/failure.js";
import { parseDir } from "../../host/runtimes/options.js";
import { isWasiBuildRuntime, resumeOnWasiBuild } from "../../host/runtimes/wasi-snapshot.js";
import { isCurrent, jsRuntime, relaunch, withoutRuntime } from "../snapshot/relaunch.js";
import { resumeInProcess } from "../snapshot/session.js";
import type { Checkpoint } from "../snapshot/session.js";
import { CHECKPOINT_ON_FLAG, parseRelay, parseTrigger, TRIGGER_RELAY_FLAG } from "../trigger.js";
import { relaunchWithTriggers, runWithTriggers } from "../trigger-run.js";

const FLAGS: FlagSpec[] = [
  { name: "runtime", value: "R", help: "where it resumes: node (default), bun, deno, or the WASI build: wasi, ferry" },
  { name: "dir", value: "HOST[::GUEST]", repeat: true, help: "re-point the preopened directory named GUEST to HOST" },
  { name: "checkpoint-after", value: "N", help: "checkpoint again after N more instructions (with --snapshot)" },
  CHECKPOINT_ON_FLAG,
  { name: "snapshot", value: "FILE", help: "where --checkpoint-after / --checkpoint-on write the new snapshot" },
  { name: "compress", help: "store the snapshot's memory deflated (docs/snapshot-format.md, section 9)" },
  { name: "monitor-out", value: "FILE.json", help: "write the report of the monitors the snapshot carries (ferry run --monitor) as JSON" },
];
const INTERNAL_FLAGS: FlagSpec[] = [{ name: "in-runtime", help: "internal: already inside the selected runtime" }, TRIGGER_RELAY_FLAG];

function usage(): string {
  return `usage: ferry resume [options] <snapshot>

Continues the workload saved in a snapshot (ferry run --checkpoint-after N --snapshot FILE).

options:
${formatFlags(FLAGS)}`;
}

/** Parses --checkpoint-after / --checkpoint-on / --snapshot (--snapshot with at least one of the others, or none) and --compress. */
export function parseCheckpoint(args: ParsedArgs): Checkpoint | undefined {
  const after = args.number("checkpoint-after");
  const path = args.get("snapshot");
  const compress = args.has("compress");
  const triggers = [...args.all("checkpoint-on").map(parseTrigger), ...args.all("trigger-relay").map(parseRelay)];
  if (after === undefined && path === undefined && triggers.length === 0) {
    if (compress) throw new UsageError("--compress needs --snapshot FILE with --checkpoint-after N or --checkpoint-on WHEN");
    return undefined;
  }
  if (after === undefined && triggers.length === 0) throw new UsageError("--snapshot needs --checkpoint-after N or --checkpoint-on WHEN");
  if (path === undefined) throw new UsageError(`${after !== undefined ? "--checkpoint-after" : "--checkpoint-on"} needs --snapshot FILE`);
  if (after !== undefined && (!Number.isSafeInteger(after) || after < 1)) throw new UsageError(`--checkpoint-after expects an integer >= 1, got ${after}`);
  const cp: Checkpoint = triggers.length > 0 ? { after, path, triggers } : { after, path };
  if (compress) cp.compress = true;
  return cp;
}


/** Entry point of `ferry resume`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, [...FLAGS, ...INTERNAL_FLAGS], {});
    if (args.has("help")) {
      process.stdout.write(`${usage()}\n`);
      return 0;
    }
    if (args.positionals.length !== 1) throw new UsageError("expected exactly one snapshot file");
    const file = args.positionals[0]!;
    const cp = parseCheckpoint(args);
    const wanted = args.get("runtime") ?? "node";
    const dirs = args.all("dir").map(parseDir);
    const monitorOut = args.get("monitor-out");
    if (isWasiBuildRuntime(wanted)) return await resumeOnWasiBuild(wanted, file, dirs, cp, monitorOut);
    const runtime = jsRuntime(wanted);
    if (!args.has("in-runtime") && !isCurrent(runtime)) {
      const rest = withoutRuntime(argv);
      if (cp?.triggers !== undefined) return await relaunchWithTriggers(runtime, "resume", rest, cp.triggers);
      return relaunch(runtime, "resume", rest);
    }
    if (cp?.triggers !== undefined) {
      return await runWithTriggers({ kind: "resume", path: file, dirs, checkpoint: cp, ...(monitorOut !== undefined ? { monitorOut } : {}) }, args.has("in-runtime"));
    }
    return resumeInProcess(file, dirs, cp, monitorOut);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ferry: ${e.message} (see ferry resume --help)\n`);
      return 2;
    }
    return reportFailure(e);
  }
}
