// The `spectest` module every spec script imports from, with the reference
// interpreter's values (../shared/spec/README.md): no-op print functions,
// globals 666 / 666.6, a funcref table 10..20 and a memory of 1..2 pages.

import type { Engine, Extern } from "../../host/engine.js";
import type { FuncType, Value } from "../../host/values.js";
import { f32Bits, f64Bits } from "../../host/values.js";

const PRINTS: Record<string, FuncType> = {
  print: { params: [], results: [] },
  print_i32: { params: ["i32"], results: [] },
  print_i64: { params: ["i64"], results: [] },
  print_f32: { params: ["f32"], results: [] },
  print_f64: { params: ["f64"], results: [] },
  print_i32_f32: { params: ["i32", "f32"], results: [] },
  print_f64_f64: { params: ["f64", "f64"], results: [] },
};

/** Creates the exports of the `spectest` module in `engine`. */
export function spectestModule(engine: Engine): Record<string, Extern> {
  const exports: Record<string, Extern> = {};
  for (const [name, type] of Object.entries(PRINTS)) exports[name] = engine.hostFunction(type, () => [], `spectest.${name}`);
  const g = (v: Value) => engine.global(v.type, false, v);
  exports.global_i32 = g({ type: "i32", bits: 666n });
  exports.global_i64 = g({ type: "i64", bits: 666n });
  exports.global_f32 = g({ type: "f32", bits: f32Bits(666.6) });
  exports.global_f64 = g({ type: "f64", bits: f64Bits(666.6) });
  exports.table = engine.table("funcref", { min: 10, max: 20 });
  exports.memory = engine.memory({ min: 1, max: 2 });
  return exports;
}
