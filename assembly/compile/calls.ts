// The call path of the fast code (docs/performance.md, log entry 5): the call
// and return instructions the translator emits when folding is on.
// - A return of one value whose producer was the instruction just emitted
//   retargets that producer to slot 0 (the first parameter's slot, dead once
//   the function returns), so the RETURN finds its result in place (src ==
//   fp) and copies nothing. When that producer is an `i32.add`, it becomes
//   I32_ADD_RETURN: the add and the RETURN after it in one dispatch.
// - An `i32.add K` that wrote the last argument just before a call becomes
//   ADDK_CALL: the add and the CALL after it in one dispatch (`f(n - 1)`).
// Both are prefixes: only the producer's opcode word changes, the RETURN /
// CALL words stay as they were, and the interpreter falls from the prefix
// into the RETURN / CALL case with pc at them. So the pc map, return
// addresses (exec/state.ts, exec/rewind.ts) and traps are those of the plain
// instructions. With folding off (step copies, monitor copies, fold = false)
// the canonical CALL / RETURN are emitted, exactly as before.

import { IOp, Reloc } from "../ops";
import { codeLen, op3, reloc, setWord, wordAt } from "./emit";
import { justProduced, retarget } from "./fold";
import { slot } from "./state";

/** call f, its nParams arguments at stack positions [base, base+nParams). */
export function emitCall(f: u32, base: i32, nParams: i32): void {
  const p = nParams > 0 ? justProduced(base + nParams - 1) : -1;
  if (p >= 0 && wordAt(p) == IOp.I32_ADD_K) setWord(p, IOp.ADDK_CALL);
  const w = codeLen;
  op3(IOp.CALL, f, slot(base));
  reloc(w + 1, Reloc.FUNC);
}

/** Return from the function with its n results at stack positions [from, from+n). */
export function emitReturn(from: i32, n: i32): void {
  const p = n == 1 && slot(from) != 0 ? justProduced(from) : -1;
  if (p >= 0 && retarget(from, 0)) {
    if (wordAt(p) == IOp.I32_ADD) setWord(p, IOp.I32_ADD_RETURN);
    op3(IOp.RETURN, 0, 1);
  } else {
    op3(IOp.RETURN, slot(from), <u32>n);
  }
}
