// `--runtime cmd:TEMPLATE`: runs build/ferry-wasi.wasm under any WASI runtime
// the user has installed. TEMPLATE is a command line (words split on spaces,
// double or single quotes group) in which {vm} becomes the path of the WASI
// build (also inside a word); the workload's path and its arguments are appended, e.g.
// cmd:"wasmtime run --dir . {vm} --". The template decides the preopens.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import process from "node:process";
import { RunFailure } from "./failure.js";
import type { RunOptions } from "./options.js";
import { checkWasiRun, childExitCode } from "./wasi.js";
import { reportRows } from "./wasi-monitors.js";

/** Splits a command template into words as a shell does without escapes: quotes group and join (--x='a b' is one word). */
export function templateWords(template: string): string[] {
  const word = /(?:"[^"]*"|'[^']*'|[^\s"']+)+/g;
  if (template.replace(word, "").trim() !== "") throw new RunFailure(`--runtime cmd: unbalanced quote in ${template}`);
  return [...template.matchAll(word)].map((m) => m[0].replace(/"([^"]*)"|'([^']*)'/g, (_, d?: string, q?: string) => d ?? q ?? ""));
}

/** The command line for `o` with template `template` (the text after "cmd:"). */
export function commandLine(template: string, vm: string, o: RunOptions, vmOptions: string[] = []): string[] {
  const words = templateWords(template).map((w) => w.replaceAll("{vm}", vm));
  return [...words, ...vmOptions, o.module, ...o.args];
}

/** `--monitor`: the VM writes its raw rows to a file in the current directory, which the template must preopen as "." (host/runtimes/wasi-monitors.ts). */
function monitorFile(o: RunOptions): string | undefined {
  return o.monitors === undefined ? undefined : `.ferry-monitor-rows-${process.pid}.json`;
}

/** Runs `o` with the runtime `o.runtime` = "cmd:TEMPLATE"; returns its exit code. */
export function runOnCommand(o: RunOptions): number {
  const vm = checkWasiRun(o);
  const template = o.runtime.slice(o.runtime.indexOf(":") + 1);
  const rows = monitorFile(o);
  const [exe, ...rest] = commandLine(template, vm, o, rows === undefined ? [] : ["--monitor", o.monitors!, "--monitor-out", rows]);
  if (exe === undefined || exe === o.module) throw new RunFailure(`--runtime cmd: needs a command, e.g. cmd:"wasmtime run --dir . {vm} --"`);
  const env = { ...process.env };
  for (const e of o.env) {
    const i = e.indexOf("=");
    if (i < 0) throw new RunFailure(`--env ${e}: expected KEY=VALUE`);
    env[e.slice(0, i)] = e.slice(i + 1);
  }
  const r = spawnSync(exe, rest, { stdio: "inherit", env });
  if (r.error !== undefined) {
    if ((r.error as NodeJS.ErrnoException).code === "ENOENT") throw new RunFailure(`runtime not installed: ${exe}`);
    throw new RunFailure(`cannot start ${exe}: ${r.error.message}`);
  }
  if (rows !== undefined && existsSync(rows)) {
    try {
      reportRows(readFileSync(rows, "utf8"), o.monitorOut);
    } finally {
      rmSync(rows, { force: true });
    }
  }
  return childExitCode(r);
}
