// build/ferry-wasi.wasm as a module: a WASI command (exports _start and
// memory) importing only wasi_snapshot_preview1 functions (no sock_*: the VM
// answers those itself), and valid with only the features every WASI runtime
// has (mutable globals, saturating float-to-int, sign extension, bulk memory).

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import wabtInit from "wabt";
import { wasiVmPath } from "../../host/runtimes/wasi.js";

const skip = existsSync(wasiVmPath()) ? false : `${wasiVmPath()} is not built`;

describe("build/ferry-wasi.wasm", { skip }, () => {
  it("imports only wasi_snapshot_preview1 functions and exports _start and memory", () => {
    const module = new WebAssembly.Module(readFileSync(wasiVmPath()));
    const imports = WebAssembly.Module.imports(module);
    assert.ok(imports.length > 0);
    for (const i of imports) {
      assert.equal(i.module, "wasi_snapshot_preview1", `${i.module}.${i.name}`);
      assert.equal(i.kind, "function", i.name);
    }
    const names = imports.map((i) => i.name);
    assert.ok(names.includes("fd_write") && names.includes("path_open") && names.includes("proc_exit"));
    assert.ok(!names.some((n) => n.startsWith("sock_")), "sock_* are answered by the VM");
    const exports = WebAssembly.Module.exports(module).map((e) => `${e.kind} ${e.name}`).sort();
    assert.deepEqual(exports, ["function _start", "memory memory"]);
  });

  it("validates with only mutable globals, sat float-to-int, sign extension and bulk memory", async () => {
    const wabt = await wabtInit();
    const features = {
      mutable_globals: true, sat_float_to_int: true, sign_extension: true, bulk_memory: true,
      exceptions: false, simd: false, threads: false, function_references: false, multi_value: false,
      tail_call: false, reference_types: false, annotations: false, code_metadata: false, gc: false,
      memory64: false, extended_const: false, relaxed_simd: false,
    };
    const module = wabt.readWasm(readFileSync(wasiVmPath()), { readDebugNames: false, ...features });
    try {
      assert.doesNotThrow(() => module.validate());
    } finally {
      module.destroy();
    }
  });
});
