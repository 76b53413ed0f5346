// The table of runtimes `ferry run --runtime R` can use. A JS runtime (node,
// bun, deno) runs Ferry's host in process if it is the one we are in, else
// re-launches the CLI inside it. Other adapters (the WASI build under
// node:wasi, Ferry-in-Ferry, `cmd:TEMPLATE` for any WASI runtime) register
// here too: by exact name, or by prefix ("cmd:").

import { runInProcess } from "./in-process.js";
import type { JsRuntime } from "./launch.js";
import { currentRuntime, launchIn } from "./launch.js";
import type { RunOptions } from "./options.js";
import { RunFailure } from "./failure.js";
import { runOnCommand } from "./cmd.js";
import { runOnFerry } from "./ferry.js";
import { runOnNodeWasi } from "./wasi.js";

/** A way to run a workload. */
export interface RuntimeAdapter {
  /** Name given to --runtime (or its prefix, ending in ":", for a family such as cmd:). */
  name: string;
  /** One line for --help. */
  help: string;
  /** Runs the workload; returns its exit code, throws RunFailure for Ferry's own failures. */
  run(o: RunOptions): number | Promise<number>;
}

/** An adapter that runs the JS host inside `runtime`. */
export function jsRuntimeAdapter(runtime: JsRuntime, help: string): RuntimeAdapter {
  return {
    name: runtime,
    help,
    run: (o) => (currentRuntime() === runtime ? runInProcess(o) : launchIn(runtime, o)),
  };
}

/** Registered adapters by name, in help order. */
export const RUNTIMES = new Map<string, RuntimeAdapter>();

/** Adds (or replaces) an adapter. */
export function registerRuntime(adapter: RuntimeAdapter): void {
  RUNTIMES.set(adapter.name, adapter);
}

registerRuntime(jsRuntimeAdapter("node", "the JS host in Node (V8), the default"));
registerRuntime(jsRuntimeAdapter("bun", "the JS host in Bun (JavaScriptCore)"));
registerRuntime(jsRuntimeAdapter("deno", "the JS host in Deno (V8)"));
registerRuntime({ name: "wasi", help: "the WASI build of the VM under Node's node:wasi", run: runOnNodeWasi });
registerRuntime({ name: "ferry", help: "the WASI build of the VM interpreted by Ferry itself (slow)", run: runOnFerry });
registerRuntime({ name: "cmd:", help: "the WASI build under any WASI runtime: cmd:\"wasmtime run --dir . {vm} --\"", run: runOnCommand });

/** The adapter for `--runtime name` (exact name, or a registered prefix like "cmd:"); RunFailure if unknown. */
export function findRuntime(name: string): RuntimeAdapter {
  const exact = RUNTIMES.get(name);
  if (exact !== undefined) return exact;
  const colon = name.indexOf(":");
  if (colon > 0) {
    const family = RUNTIMES.get(name.slice(0, colon + 1));
    if (family !== undefined) return family;
  }
  throw new RunFailure(`unknown runtime ${JSON.stringify(name)} (known: ${[...RUNTIMES.keys()].join(", ")})`);
}
