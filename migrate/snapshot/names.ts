// Function names of a snapshot's module (name section, else export names),
// for `ferry inspect` and the demo; never fails on a module it cannot parse.

import { readWasmInfo } from "../../host/wasm-info.js";

/** Function index -> name; empty if the module cannot be read. */
export function functionNames(bytes: Uint8Array): Map<number, string> {
  try {
    const info = readWasmInfo(bytes);
    const names = new Map(info.funcNames);
    for (const e of info.exports) if (e.kind === "func" && !names.has(e.index)) names.set(e.index, e.name);
    return names;
  } catch {
    return new Map();
  }
}
