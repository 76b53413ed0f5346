// The worker_threads entry that runs a checkpointed `ferry run` or `ferry
// resume` off the main thread, so that the main thread's event loop stays free
// to see --checkpoint-on signals and files (migrate/trigger-run.ts starts it).
// It posts back the exit code; Ferry's own failures are printed here, one line.

import { parentPort, workerData } from "node:worker_threads";
import { describeFailure } from "../host/runtimes/failure.js";
import type { DirMapping, RunOptions } from "../host/runtimes/options.js";
import { resumeInProcess, runWithCheckpoint, say } from "./snapshot/session.js";
import type { Checkpoint } from "./snapshot/session.js";

/** What the main thread asks the worker to do. */
export type TriggerJob =
  | { kind: "run"; options: RunOptions; checkpoint: Omit<Checkpoint, "flag"> }
  | { kind: "resume"; path: string; dirs: DirMapping[]; checkpoint: Omit<Checkpoint, "flag">; monitorOut?: string };

function perform(job: TriggerJob, flag: Int32Array): number {
  const cp: Checkpoint = { ...job.checkpoint, flag };
  try {
    return job.kind === "run" ? runWithCheckpoint(job.options, cp) : resumeInProcess(job.path, job.dirs, cp, job.monitorOut);
  } catch (e) {
    const f = describeFailure(e);
    say(f.text);
    return f.exitCode;
  }
}

if (parentPort !== null) {
  const { job, flag } = workerData as { job: TriggerJob; flag: SharedArrayBuffer };
  parentPort.postMessage({ code: perform(job, new Int32Array(flag)) });
}
