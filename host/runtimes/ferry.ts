// `--runtime ferry`: runs build/ferry-wasi.wasm on Ferry itself, an
// interpreter as the outer runtime: the FerryEngine (build/ferry.wasm) with
// Ferry's TypeScript WASI, in this process. The workload is interpreted by an
// interpreted interpreter, so expect it to be slow.

import { readFileSync } from "node:fs";
import { FerryCompileError, FerryExhaustion, FerryLinkError, FerryTrap } from "../errors.js";
import { runWasiCommand } from "../wasi/command.js";
import { createWasi } from "../wasi/index.js";
import { formatBacktrace } from "./backtrace.js";
import { RunFailure } from "./failure.js";
import { engineFor } from "./in-process.js";
import type { RunOptions } from "./options.js";
import { vmInvocation } from "./wasi.js";
import type { VmInvocation } from "./wasi.js";
import { runWithWasiMonitors, wasiMonitorsOf } from "./wasi-monitors.js";

/** Runs `o` on the WASI build interpreted by the Ferry VM; returns the workload's exit code. */
export function runOnFerry(o: RunOptions): number {
  return runWithWasiMonitors(vmInvocation(o), wasiMonitorsOf(o), (inv) => runVmOnFerry(inv, o));
}

/** Runs the WASI build as `inv` says, interpreted by the Ferry VM (engine options from `o`); returns the exit code. */
export function runVmOnFerry(inv: VmInvocation, o: RunOptions): number {
  const engine = engineFor({ ...o, native: false, fuel: undefined });
  let module;
  try {
    module = engine.compile(new Uint8Array(readFileSync(inv.vm)));
  } catch (e) {
    if (e instanceof FerryCompileError) throw new RunFailure(`${inv.vm}: cannot load the WASI VM: ${e.message}`);
    throw e;
  }
  const wasi = createWasi({ args: inv.args, env: inv.env, preopens: inv.preopens });
  try {
    return runWasiCommand(engine, module, wasi);
  } catch (e) {
    if (e instanceof FerryLinkError) throw new RunFailure(`the WASI VM: ${e.message}`);
    if (e instanceof FerryTrap || e instanceof FerryExhaustion) {
      throw new RunFailure(`the WASI VM trapped (a Ferry bug): ${e.message}`, 2, formatBacktrace(e.backtrace));
    }
    throw e;
  } finally {
    wasi.close();
  }
}
