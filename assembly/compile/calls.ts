// The return path of the fast code (docs/performance.md, log entry 5): the
// RETURN the translator emits when folding is on.
// A return of one value whose producer was the instruction just emitted
// retargets that producer to slot 0 (the first parameter's slot, dead once
// the function returns), so the RETURN finds its result in place (src == fp)
// and copies nothing; the interpreter is unchanged. (New call/return opcodes
// and call/return prefix superinstructions were measured and not kept: see
// the log entry.) With folding off (fold = false, the step copies) the
// canonical RETURN is emitted, exactly as before.

import { IOp } from "../ops";
import { op3 } from "./emit";
import { retarget } from "./fold";
import { slot } from "./state";

/** Return from the function with its n results at stack positions [from, from+n). */
export function emitReturn(from: i32, n: i32): void {
  if (n == 1 && slot(from) != 0 && retarget(from, 0)) op3(IOp.RETURN, 0, 1);
  else op3(IOp.RETURN, slot(from), <u32>n);
}
