// A minimal stand-alone WASI runtime for tests of `--runtime cmd:`: runs
// `node node-wasi-runner.js VM.wasm ARGS...` under node:wasi with the current
// directory preopened as "." (like `wasmtime run --dir . VM.wasm ARGS...`).

import { readFileSync } from "node:fs";
import process from "node:process";
import { WASI } from "node:wasi";

// The VM path may be given as --vm=PATH (to test {vm} inside a template word).
const argv = process.argv.slice(2).map((a) => (a.startsWith("--vm=") ? a.slice(5) : a));
const [vm, ...args] = argv;
const wasi = new WASI({ version: "preview1", args: [vm!, ...args], env: { FERRY_RUNNER: "1" }, preopens: { ".": process.cwd() }, returnOnExit: true });
const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(vm!)), wasi.getImportObject() as WebAssembly.Imports);
process.exitCode = wasi.start(instance);
