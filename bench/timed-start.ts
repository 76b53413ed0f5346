// Times one call of a WASI command's `_start` inside a bench child (the
// workers of `ferry bench`): the wall time of the call with performance.now()
// (in node, bun and deno alike) and the exit code, proc_exit included.

import type { Instance } from "../host/engine.js";
import { getExport } from "../host/engine.js";
import { WasiExit } from "../host/wasi/index.js";

/** Calls `_start` of `instance`; its time in ms and the exit code (0 if it returns). Traps propagate. */
export function timeStart(instance: Instance): { ms: number; exit: number } {
  const start = getExport(instance, "_start", "func");
  let exit = 0;
  const t0 = performance.now();
  try {
    start.call([]);
  } catch (e) {
    if (!(e instanceof WasiExit)) throw e;
    exit = e.code;
  }
  return { ms: performance.now() - t0, exit };
}
