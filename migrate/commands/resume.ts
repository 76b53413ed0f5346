// `ferry resume [opts] <snapshot>`: continues a workload from a snapshot file
// in the chosen JS runtime (node, bun, deno), optionally checkpointing again
// with --checkpoint-after N --snapshot FILE. The workload's stdio passes
// through and its exit code becomes ours; a bad snapshot is one line on
// stderr and exit 2, the file left untouched.

import process from "node:process";
import { formatFlags, parseArgs, UsageError } from "../args.js";
import type { FlagSpec } from "../args.js";
import { RunFailure } from "../../host/runtimes/failure.js";
import { parseDir } from "../../host/runtimes/options.js";
import { isWasiBuildRuntime, resumeOnWasiBuild } from "../../host/runtimes/wasi-snapshot.js";
import { isCurrent, jsRuntime, relaunch } from "../snapshot/relaunch.js";
import { resumeInProcess } from "../snapshot/session.js";
import type { Checkpoint } from "../snapshot/session.js";

const FLAGS: FlagSpec[] = [
  { name: "runtime", value: "R", help: "where it resumes: node (default), bun, deno, or the WASI build: wasi, ferry" },
  { name: "dir", value: "HOST[::GUEST]", repeat: true, help: "re-point the preopened directory named GUEST to HOST" },
  { name: "checkpoint-after", value: "N", help: "checkpoint again after N more instructions (with --snapshot)" },
  { name: "snapshot", value: "FILE", help: "where --checkpoint-after writes the new snapshot" },
  { name: "compress", help: "store the snapshot's memory deflated (docs/snapshot-format.md, section 9)" },
];
const INTERNAL_FLAGS: FlagSpec[] = [{ name: "in-runtime", help: "internal: already inside the selected runtime" }];

function usage(): string {
  return `usage: ferry resume [options] <snapshot>

Continues the workload saved in a snapshot (ferry run --checkpoint-after N --snapshot FILE).

options:
${formatFlags(FLAGS)}`;
}

/** Parses --checkpoint-after / --snapshot (both or neither) and --compress. */
export function parseCheckpoint(after: number | undefined, path: string | undefined, compress = false): Checkpoint | undefined {
  if (after === undefined && path === undefined) {
    if (compress) throw new UsageError("--compress needs --checkpoint-after N --snapshot FILE");
    return undefined;
  }
  if (after === undefined) throw new UsageError("--snapshot needs --checkpoint-after N");
  if (path === undefined) throw new UsageError("--checkpoint-after needs --snapshot FILE");
  if (!Number.isSafeInteger(after) || after < 1) throw new UsageError(`--checkpoint-after expects an integer >= 1, got ${after}`);
  return { after, path, compress };
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
    const cp = parseCheckpoint(args.number("checkpoint-after"), args.get("snapshot"), args.has("compress"));
    const wanted = args.get("runtime") ?? "node";
    if (isWasiBuildRuntime(wanted)) return resumeOnWasiBuild(wanted, file, args.all("dir").map(parseDir), cp);
    const runtime = jsRuntime(wanted);
    if (!args.has("in-runtime") && !isCurrent(runtime)) {
      return relaunch(runtime, "resume", argv.filter((a, i) => a !== "--runtime" && argv[i - 1] !== "--runtime" && !a.startsWith("--runtime=")));
    }
    return resumeInProcess(file, args.all("dir").map(parseDir), cp);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ferry: ${e.message} (see ferry resume --help)\n`);
      return 2;
    }
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
