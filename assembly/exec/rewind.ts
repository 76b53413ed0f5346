// Rewinding a pending host call (docs/snapshot-format.md, "Checkpoints inside
// a host call"): a workload stopped at a HOSTCALL whose host function has not
// consumed or produced anything yet (a read with no input, a sleep) is moved
// back to the instruction boundary *before* its `call`, in the function's step
// copy, with the call's arguments still on the operand stack. That is an
// ordinary resume site: a snapshot taken there describes it with pc = the
// original offset of the `call`, and any reader resumes by running the call
// again; the monitors take back what they recorded for the call
// (monitor/rewind.ts). Only `call` is rewound (call_indirect would need its table index
// back, which folded code may have read from another slot).

import { ErrorKind, fail } from "../errors";
import { IOp } from "../ops";
import { FuncRec } from "../runtime/store";
import { Machine, RunState } from "./frames";
import { siteAt, siteOffset, siteWord } from "./sites-map";
import { findCode, foundCf, foundWord, stepCopy } from "./step";
import { monRewindCall } from "../monitor/rewind";

/** Words of a CALL (op, callee, args base). */
const CALL_BYTES: usize = 12;

/**
 * Moves the innermost frame, suspended at a pending host call made by a
 * `call`, back to that `call` (step copy, arguments on the stack) and
 * un-charges its instruction; with `apply` false, only says whether it could
 * (a host waits interruptibly only then). Returns false after recording an
 * error (the state is then unchanged).
 */
export function rewindHostCall(apply: bool = true): bool {
  if (Machine.state != RunState.HOSTCALL) return fail(ErrorKind.INTERNAL, "rewind: no pending host call");
  const func = Machine.func;
  const next = Machine.pc;
  const at = next - CALL_BYTES;
  const op = load<u32>(at);
  if ((op != IOp.CALL && op != IOp.M_CALL) || <usize>load<u32>(at, 4) != Machine.hostFunc || Machine.fp + <usize>load<u32>(at, 8) != Machine.hostArgs) {
    return fail(ErrorKind.INTERNAL, "rewind: the pending host call was not made by a call instruction");
  }
  if (!findCode(func, next)) return fail(ErrorKind.INTERNAL, "rewind: pc outside the function's code");
  const after = siteOffset(foundCf!, foundWord);
  if (after < 0) return fail(ErrorKind.INTERNAL, "rewind: the call is not followed by a resume site");
  const sc = stepCopy(func);
  if (sc == null) return false;
  // The step copy maps every instruction: the pair before the one after the call is the call.
  const m = sc.cf.pcmap;
  let k = -1;
  for (let i = 0; i < m.length; i += 2) {
    if (unchecked(m[i]) == <u32>after) {
      k = i - 2;
      break;
    }
  }
  if (k < 0) return fail(ErrorKind.INTERNAL, "rewind: no instruction before the call's successor");
  const callOff = unchecked(m[k]);
  const w = siteWord(sc.cf, callOff);
  if (w < 0) return fail(ErrorKind.INTERNAL, "rewind: the call is not a resume site of the step copy");
  // The arguments must be the top of the canonical operand stack at the call.
  const site = siteAt(sc.cf, <u32>w);
  const height = sc.cf.fuelSites[site + 1];
  const params = load<u32>(Machine.hostFunc, FuncRec.NUM_PARAMS);
  const nl = sc.cf.numParams + sc.cf.numLocals;
  if (height < params || Machine.fp + ((<usize>(nl + height - params)) << 3) != Machine.hostArgs) {
    return fail(ErrorKind.INTERNAL, "rewind: the call's arguments are not on top of its operand stack");
  }
  if (!apply) return true;
  monRewindCall(sc, callOff, Machine.hostFunc);
  Machine.pc = sc.code + (<usize>w << 2);
  Machine.hostFunc = 0;
  Machine.hostArgs = 0;
  Machine.state = RunState.READY;
  Machine.fuelUsed -= 1; // the call runs (and is counted) again
  return true;
}
