// Re-launches `ferry run` inside another JS runtime (bun, deno, node) so the
// JS host runs there: the same CLI (bin/ferry.js) with the internal flag
// --in-runtime, stdin/stdout/stderr inherited, the child's exit code returned.
// Runtimes are looked up in the project's node_modules/.bin, then on PATH.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { delimiter, join } from "node:path";
import process from "node:process";
import { projectRoot } from "../vm.js";
import { RunFailure } from "./failure.js";
import type { RunOptions } from "./options.js";
import { toArgv } from "./options.js";

/** The JS runtimes Ferry's host can run in. */
export type JsRuntime = "node" | "bun" | "deno";

/** The JS runtime this code is running in. */
export function currentRuntime(): JsRuntime {
  if (typeof (globalThis as { Deno?: unknown }).Deno !== "undefined") return "deno";
  if (process.versions.bun !== undefined) return "bun";
  return "node";
}

// Deno comes from its platform package: the `deno` wrapper package lists every
// platform's binary as an optional dependency, and the registry here serves only
// linux-x64, so `npm ci` could never reconcile its lock file.
const PLATFORM_BINARIES: Record<string, string[]> = {
  deno: [join("@deno", "linux-x64-glibc", "deno")],
};

/** Path of executable `name`: node_modules/.bin, then a platform package, then PATH; undefined if not installed. */
export function findExecutable(name: string): string | undefined {
  if (name === "node" && currentRuntime() === "node") return process.execPath;
  const local = join(projectRoot(), "node_modules", ".bin", name);
  if (existsSync(local)) return local;
  for (const rel of PLATFORM_BINARIES[name] ?? []) {
    const path = join(projectRoot(), "node_modules", rel);
    if (existsSync(path)) return path;
  }
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The command line that runs the Ferry CLI script `entry` under `runtime`. */
export function runtimeCommand(runtime: JsRuntime, exe: string, entry: string): string[] {
  switch (runtime) {
    case "node": return [exe, entry];
    case "bun": return [exe, entry];
    case "deno": return [exe, "run", "-A", "--quiet", "--no-config", "--no-lock", entry];
  }
}

/** Runs `o` under `runtime` in a child process; returns its exit code (128 + signal if it was killed). */
export function launchIn(runtime: JsRuntime, o: RunOptions): number {
  const exe = findExecutable(runtime);
  if (exe === undefined) throw new RunFailure(`runtime ${runtime} is not installed (not in node_modules/.bin or on PATH)`);
  const entry = join(projectRoot(), "bin", "ferry.js");
  const [cmd, ...pre] = runtimeCommand(runtime, exe, entry);
  const r = spawnSync(cmd!, [...pre, "run", "--in-runtime", ...toArgv(o)], { stdio: "inherit" });
  if (r.error !== undefined) throw new RunFailure(`cannot start ${runtime} (${exe}): ${r.error.message}`);
  if (r.status !== null) return r.status;
  const signo = r.signal !== null ? (constants.signals as Record<string, number>)[r.signal] ?? 0 : 0;
  return 128 + signo;
}
