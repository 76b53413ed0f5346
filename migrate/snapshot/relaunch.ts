// Re-launches a `ferry` command inside another JS runtime (node, bun, deno)
// with the internal flag --in-runtime, stdio inherited: how `run
// --checkpoint-after` and `resume --runtime R` reach the runtime table of
// host/runtimes/ for commands other than a plain run.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { constants } from "node:os";
import { currentRuntime, findExecutable, runtimeCommand } from "../../host/runtimes/launch.js";
import type { JsRuntime } from "../../host/runtimes/launch.js";
import { RunFailure } from "../../host/runtimes/failure.js";
import { projectRoot } from "../../host/vm.js";

const JS_RUNTIMES: readonly JsRuntime[] = ["node", "bun", "deno"];

/** The JS runtime named `name`, RunFailure if snapshots cannot use it. */
export function jsRuntime(name: string): JsRuntime {
  if ((JS_RUNTIMES as readonly string[]).includes(name)) return name as JsRuntime;
  throw new RunFailure(`runtime ${JSON.stringify(name)} cannot take or resume snapshots yet (use ${JS_RUNTIMES.join(", ")})`);
}

/** True if `runtime` is the one running this code. */
export function isCurrent(runtime: JsRuntime): boolean {
  return currentRuntime() === runtime;
}

/** `argv` without its --runtime option (`--runtime R` or `--runtime=R`), for a re-launch inside R. */
export function withoutRuntime(argv: string[]): string[] {
  return argv.filter((a, i) => a !== "--runtime" && argv[i - 1] !== "--runtime" && !a.startsWith("--runtime="));
}

/** Runs `ferry <command> --in-runtime <argv...>` under `runtime`; returns its exit code. */
export function relaunch(runtime: JsRuntime, command: string, argv: string[]): number {
  const exe = findExecutable(runtime);
  if (exe === undefined) throw new RunFailure(`runtime ${runtime} is not installed (not in node_modules/.bin or on PATH)`);
  const [cmd, ...pre] = runtimeCommand(runtime, exe, join(projectRoot(), "bin", "ferry.js"));
  const r = spawnSync(cmd!, [...pre, command, "--in-runtime", ...argv], { stdio: "inherit" });
  if (r.error !== undefined) throw new RunFailure(`cannot start ${runtime} (${exe}): ${r.error.message}`);
  if (r.status !== null) return r.status;
  const signo = r.signal !== null ? (constants.signals as Record<string, number>)[r.signal] ?? 0 : 0;
  return 128 + signo;
}
