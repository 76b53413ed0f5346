// The main-thread side of --checkpoint-on: arms the triggers (migrate/trigger.ts)
// and runs the workload in a worker (migrate/trigger-worker.ts) that reads the
// shared flag between fuel slices. When `ferry` must first re-launch itself in
// another JS runtime, the outer process turns the signal it receives into an
// internal trigger file that the inner process watches (a signal forwarded to
// a child that has not yet installed its handler would kill it).

import { spawn } from "node:child_process";
import { fstatSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { Worker } from "node:worker_threads";
import { RunFailure } from "../host/runtimes/failure.js";
import { findExecutable, runtimeCommand } from "../host/runtimes/launch.js";
import type { JsRuntime } from "../host/runtimes/launch.js";
import { projectRoot } from "../host/vm.js";
import { armedLine, armTriggers, newFlag, triggerProblem } from "./trigger.js";
import type { Trigger } from "./trigger.js";
import type { TriggerJob } from "./trigger-worker.js";

/**
 * Runs `job` in a worker with its triggers armed on this thread; resolves to
 * the exit code. `relaunched`: this process was started by relaunchWithTriggers,
 * which already checked the triggers and said they were armed (so a trigger
 * file may already be there: it fires at once).
 */
export async function runWithTriggers(job: TriggerJob, relaunched: boolean): Promise<number> {
  const triggers = job.checkpoint.triggers ?? [];
  const problem = relaunched ? undefined : triggerProblem(triggers);
  if (problem !== undefined) throw new RunFailure(problem);
  const flag = newFlag();
  makeStdinNonBlocking();
  const disarm = armTriggers(triggers, flag);
  if (!relaunched) process.stderr.write(`${armedLine(triggers)}\n`);
  try {
    return await new Promise<number>((resolve) => {
      const worker = new Worker(new URL("./trigger-worker.js", import.meta.url), { workerData: { job, flag: flag.buffer } });
      let code: number | undefined;
      worker.on("message", (m: { code: number }) => {
        code = m.code;
      });
      worker.on("error", (e) => {
        process.stderr.write(`ferry: internal error: ${e.message.split("\n")[0]}\n`);
        code ??= 2;
      });
      worker.on("exit", () => resolve(code ?? 2));
    });
  } finally {
    disarm();
  }
}

/**
 * Puts a socket stdin in non-blocking mode, so that the worker's reads of it
 * return EAGAIN instead of blocking and its wait for input can be interrupted
 * by a trigger: Node's stdin stream does that when it opens a socket (libuv)
 * and reads nothing until asked. Pipes and terminals are reopened
 * non-blocking by the worker instead (host/wasi/interrupt.ts readFd).
 */
function makeStdinNonBlocking(): void {
  try {
    if (fstatSync(0).isSocket()) void process.stdin;
  } catch {
    // no stdin: nothing to wait for
  }
}

/**
 * Runs `ferry <command> --in-runtime <argv...>` under `runtime` with the
 * signal triggers of `triggers` relayed as an extra internal file trigger;
 * resolves to the child's exit code.
 */
export async function relaunchWithTriggers(runtime: JsRuntime, command: string, argv: string[], triggers: readonly Trigger[]): Promise<number> {
  const exe = findExecutable(runtime);
  if (exe === undefined) throw new RunFailure(`runtime ${runtime} is not installed (not in node_modules/.bin or on PATH)`);
  const problem = triggerProblem(triggers);
  if (problem !== undefined) throw new RunFailure(problem);
  const signals = triggers.flatMap((t) => (t.kind === "signal" ? [t.signal] : []));
  const relay = mkdtempSync(join(tmpdir(), "ferry-relay-"));
  const relayFile = join(relay, "trigger");
  const relayArgs = signals.length > 0 ? ["--trigger-relay", `${signals.join("/")}:${relayFile}`] : [];
  const handler = () => writeFileSync(relayFile, "");
  for (const s of signals) process.on(s, handler);
  process.stderr.write(`${armedLine(triggers)}\n`);
  try {
    const [cmd, ...pre] = runtimeCommand(runtime, exe, join(projectRoot(), "bin", "ferry.js"));
    const child = spawn(cmd!, [...pre, command, "--in-runtime", ...relayArgs, ...argv], { stdio: "inherit" });
    return await new Promise<number>((resolve, reject) => {
      child.on("error", (e) => reject(new RunFailure(`cannot start ${runtime} (${exe}): ${e.message}`)));
      child.on("exit", (status, signal) => {
        if (status !== null) resolve(status);
        else resolve(128 + ((constants.signals as Record<string, number>)[signal ?? ""] ?? 0));
      });
    });
  } finally {
    for (const s of signals) process.off(s, handler);
    rmSync(relay, { recursive: true, force: true });
  }
}
