// The worker thread behind WasiBuildBench (wasi-build-bench.ts): runs
// build/ferry-wasi.wasm under node:wasi with the call-server workload, and
// answers the server's control call (clock_res_get with CONTROL_CLOCK) by
// handing it the next request of the test thread. Requests and replies pass
// through a SharedArrayBuffer: a state word, then the workload memory image.

import { readFileSync } from "node:fs";
import v8 from "node:v8";
import { workerData } from "node:worker_threads";
import { CONTROL_ADDR, CONTROL_CLOCK, Slot, State } from "./wasi-build-protocol.js";
import type { WorkerInput } from "./wasi-build-protocol.js";

// Node 20's fast API calls break node:wasi's calls made from wasm under TurboFan (after memory growth).
v8.setFlagsFromString("--no-turbo-fast-api-calls");
const { WASI } = await import("node:wasi");

const input = workerData as WorkerInput;
const state = new Int32Array(input.shared, 0, Slot.WORDS);
const image = new Uint8Array(input.shared, Slot.WORDS * 4, input.memBytes);

/** Publishes a state for the test thread. */
function publish(s: State, value = 0): void {
  Atomics.store(state, Slot.VALUE, value);
  Atomics.store(state, Slot.STATE, s);
  Atomics.notify(state, Slot.STATE);
}

const wasi = new WASI({
  version: "preview1", args: input.args, env: input.env, preopens: input.preopens,
  stdin: input.stdio[0], stdout: input.stdio[1], stderr: input.stdio[2], returnOnExit: true,
});
const outer = (wasi.getImportObject() as Record<string, unknown>).wasi_snapshot_preview1 as Record<string, (...a: unknown[]) => number>;
let memory: WebAssembly.Memory | undefined;
let first = true;

/** The control call: replies to the previous request with the memory image, then waits for the next one. */
function control(address: number): number {
  const base = address - CONTROL_ADDR;
  if (!first) {
    image.set(new Uint8Array(memory!.buffer, base, input.memBytes));
    publish(State.DONE);
  }
  first = false;
  for (;;) {
    const s = Atomics.load(state, Slot.STATE);
    if (s === State.REQUEST) break;
    Atomics.wait(state, Slot.STATE, s);
  }
  new Uint8Array(memory!.buffer, base, input.memBytes).set(image);
  Atomics.store(state, Slot.STATE, State.BUSY);
  return 0;
}

const imports = {
  wasi_snapshot_preview1: {
    ...outer,
    clock_res_get: (id: number, p: number) => (id === CONTROL_CLOCK ? control(p) : outer.clock_res_get!(id, p)),
  },
};

try {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(input.vm)), imports as WebAssembly.Imports);
  memory = instance.exports.memory as WebAssembly.Memory;
  publish(State.EXITED, wasi.start(instance));
} catch (e) {
  const text = new TextEncoder().encode(e instanceof Error ? e.message : String(e));
  image.set(text.subarray(0, image.length));
  publish(State.ERROR, Math.min(text.length, image.length));
}
