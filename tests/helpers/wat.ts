// Test helper: WAT text -> module bytes with npm wabt (name section included,
// so backtraces have names), and the engines available in this checkout.

import wabtInit from "wabt";
import type { Engine } from "../../host/engine.js";
import { FerryEngine } from "../../host/ferry-engine.js";
import { NativeEngine } from "../../host/native-engine.js";
import { defaultVmPath } from "../../host/vm.js";
import { existsSync, readFileSync } from "node:fs";

const wabt = await wabtInit();

/** Compiles WAT text (all 2.0 features) to a binary with a name section. */
export function wat(text: string): Uint8Array {
  const module = wabt.parseWat("test.wat", text, { reference_types: true, bulk_memory: true, multi_value: true });
  try {
    return module.toBinary({ write_debug_names: true }).buffer;
  } finally {
    module.destroy();
  }
}

/**
 * Why Ferry-engine tests are skipped, or false to run them: only while
 * build/ferry.wasm is the placeholder without `ferry_run` (a partial ABI fails
 * the tests instead of skipping them).
 */
export const ferrySkip: string | false = (() => {
  const path = defaultVmPath();
  if (!existsSync(path)) return `${path} is not built`;
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(path))).map((e) => e.name);
  return exports.includes("ferry_run") ? false : "build/ferry.wasm is still the placeholder (no ferry_run)";
})();

/** The engines to run a test on: [name, factory, skip reason or false]. */
export const ENGINES: Array<[string, () => Engine, string | false]> = [
  ["native", () => new NativeEngine(), false],
  ["ferry", () => new FerryEngine({ fuel: 50_000_000 }), ferrySkip],
];
