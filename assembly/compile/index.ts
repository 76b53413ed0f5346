// Validation + translation of a decoded module (docs/internals.md, layer
// assembly/compile/): module-level checks (validate-module.ts), then each
// function body in one pass (func.ts) into a CompiledModule (compiled.ts).
//
// Error precedence follows the spec, which decodes the whole module before
// validating it: when validation fails, every body is still decoded
// (scan.ts), and a malformed body wins over the validation error.

import { CompiledModule } from "../compiled";
import { hasError } from "../errors";
import { Module } from "../module";
import { buildContext } from "./context";
import { translateFunc } from "./func";
import { buildNumericTables } from "./numeric";
import { scanBodies } from "./scan";
import { commitInvalid, statusReset } from "./status";
import { validateModule } from "./validate-module";

/**
 * Validates module m and translates its functions. Returns null after
 * recording the error (errors.ts): INVALID with the spec's message, or
 * MALFORMED for a body whose instructions cannot be decoded. `fold`: see
 * Context.fold (false for one internal instruction per Wasm instruction).
 */
export function compileModule(m: Module, fold: bool = true): CompiledModule | null {
  statusReset();
  buildNumericTables();
  const c = buildContext(m);
  c.fold = fold;
  const out = new CompiledModule(m);
  let ok = validateModule(m, c);
  if (ok) {
    const n = m.bodies.length;
    for (let i = 0; i < n; i++) {
      const f = translateFunc(m, c, i);
      if (f == null) {
        ok = false;
        break;
      }
      out.funcs.push(f);
    }
  }
  if (ok) return out;
  if (hasError()) return null; // malformed or unsupported: already recorded
  if (!scanBodies(m)) return null;
  commitInvalid();
  return null;
}
