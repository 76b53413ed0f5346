// build/ferry.wasm (and its debug build) may use only MVP + mutable-globals +
// sign-ext + nontrapping-f2i + bulk-memory, and import nothing, so that small
// runtimes (wasm3, WAMR) can load it: checked with wabt's validator.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import wabtInit from "wabt";
import { projectRoot } from "../../host/vm.js";

const wabt = await wabtInit();

/** Every wabt feature flag, all off. */
const NONE = {
  exceptions: false, mutable_globals: false, sat_float_to_int: false, sign_extension: false, simd: false,
  threads: false, function_references: false, multi_value: false, tail_call: false, bulk_memory: false,
  reference_types: false, annotations: false, code_metadata: false, gc: false, memory64: false,
  multi_memory: false, extended_const: false, relaxed_simd: false,
};

/** The features the VM is allowed to use. */
const ALLOWED = { ...NONE, mutable_globals: true, sat_float_to_int: true, sign_extension: true, bulk_memory: true };

/** Validation error of `bytes` under `features`, or undefined if valid. */
function validationError(bytes: Uint8Array, features: typeof NONE): string | undefined {
  let module: ReturnType<typeof wabt.readWasm> | undefined;
  try {
    module = wabt.readWasm(bytes, { readDebugNames: false, ...features });
    module.validate();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    module?.destroy();
  }
}

for (const file of ["ferry.wasm", "ferry.debug.wasm"]) {
  const path = join(projectRoot(), "build", file);
  describe(`build/${file}`, { skip: existsSync(path) ? false : `${path} is not built` }, () => {
    const bytes = () => new Uint8Array(readFileSync(path));

    it("validates with only MVP + mutable-globals + sat-float-to-int + sign-ext + bulk-memory", () => {
      assert.equal(validationError(bytes(), ALLOWED), undefined);
    });

    it("fails validation with nontrapping float-to-int or bulk memory switched off (the check has teeth)", () => {
      assert.notEqual(validationError(bytes(), { ...ALLOWED, sat_float_to_int: false }), undefined);
      assert.notEqual(validationError(bytes(), { ...ALLOWED, bulk_memory: false }), undefined);
    });

    it("imports nothing and exports its memory and the ABI", () => {
      const module = new WebAssembly.Module(bytes());
      assert.deepEqual(WebAssembly.Module.imports(module), []);
      const names = WebAssembly.Module.exports(module).map((e) => e.name);
      assert.ok(names.includes("memory") && names.includes("ferry_run") && names.includes("ferry_module_load"));
    });
  });
}
