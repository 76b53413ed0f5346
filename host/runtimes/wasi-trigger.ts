// --checkpoint-on for the WASI build (`--runtime wasi|ferry`): the VM itself
// only knows trigger files (assembly/wasi/trigger.ts, `--trigger-file PATH`,
// repeatable, named in messages by --label). A file:PATH trigger becomes a
// private preopen of PATH's directory (/.ferry-trigger-K) and the VM watches
// PATH there. A signal trigger becomes a file named after the signal in a
// private temporary directory (/.ferry-signal), which this process creates
// when it receives the signal; so the VM runs in a child process (node:wasi,
// or Ferry's engine for `ferry`) while this one keeps its event loop free,
// prints the same `armed` line as the JS host and relays signals.

import { spawn } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { armedLine, triggerName, triggerProblem } from "../../migrate/trigger.js";
import type { Trigger } from "../../migrate/trigger.js";
import { RunFailure } from "./failure.js";
import type { DirMapping } from "./options.js";
import type { VmInvocation } from "./wasi.js";

/** Guest names of the private preopens holding trigger files. */
const SIGNAL_DIR = "/.ferry-signal";
const FILE_DIR = "/.ferry-trigger-";

/** The VM options and preopens of a set of triggers, and the signals to relay into `signalDir`. */
export interface TriggerSetup {
  args: string[];
  preopens: DirMapping[];
  signals: NodeJS.Signals[];
  signalDir?: string;
}

/** The VM's --trigger-file/--label options and preopens for `triggers`; RunFailure if a file trigger cannot be armed. */
export function triggerSetup(triggers: readonly Trigger[]): TriggerSetup {
  const problem = triggerProblem(triggers);
  if (problem !== undefined) throw new RunFailure(problem);
  const setup: TriggerSetup = { args: [], preopens: [], signals: [] };
  const arm = (guest: string, name: string) => setup.args.push("--trigger-file", guest, "--label", `${guest}::${name}`);
  triggers.forEach((t, k) => {
    if (t.kind !== "file") return;
    const guestDir = `${FILE_DIR}${k}`;
    setup.preopens.push({ host: realpathSync(dirname(t.path)), guest: guestDir });
    arm(`${guestDir}/${basename(t.path)}`, triggerName(t));
  });
  for (const t of triggers) {
    if (t.kind !== "signal" || setup.signals.includes(t.signal)) continue;
    if (setup.signalDir === undefined) {
      setup.signalDir = mkdtempSync(join(tmpdir(), "ferry-signal-"));
      setup.preopens.push({ host: setup.signalDir, guest: SIGNAL_DIR });
    }
    setup.signals.push(t.signal);
    arm(`${SIGNAL_DIR}/${t.signal}`, t.signal);
  }
  return setup;
}

/** The script that runs the WASI build in a child process (host/runtimes/wasi.ts childMain). */
function childScript(): string {
  return fileURLToPath(new URL("./wasi.js", import.meta.url));
}

/**
 * Runs the WASI build as `inv` says (its args and preopens already include
 * `setup`'s) in a child process, on node:wasi or (runtime "ferry") on Ferry's
 * engine, relaying `setup`'s signals into trigger files; resolves to its exit code.
 */
export async function runVmWithTriggers(runtime: string, inv: VmInvocation, setup: TriggerSetup, triggers: readonly Trigger[]): Promise<number> {
  const relays = setup.signals.map((s) => {
    const handler = () => writeFileSync(join(setup.signalDir!, s), "");
    process.on(s, handler);
    return () => process.off(s, handler);
  });
  process.stderr.write(`${armedLine(triggers)}\n`);
  try {
    const child = spawn(process.execPath, ["--no-turbo-fast-api-calls", "--no-warnings", childScript(), JSON.stringify({ ...inv, outer: runtime })], {
      stdio: "inherit",
    });
    return await new Promise<number>((resolve, reject) => {
      child.on("error", (e) => reject(new RunFailure(`cannot start node: ${e.message}`)));
      child.on("exit", (status, signal) => {
        if (status !== null) resolve(status);
        else resolve(128 + ((constants.signals as Record<string, number>)[signal ?? ""] ?? 0));
      });
    });
  } finally {
    for (const undo of relays) undo();
    if (setup.signalDir !== undefined) rmSync(setup.signalDir, { recursive: true, force: true });
  }
}
