// Monitors and a host call rewound to before its `call` (exec/rewind.ts): the
// call was recorded when it was issued (its call event, and its fast segment
// if the call opens it), and the resumed run issues it again from the step
// copy, whose STEP records the same things again (step-events.ts). So the
// rewind takes them back, as the fuel of the call is taken back: the report of
// a run checkpointed while blocked in a host call is that of the uninterrupted
// run. The call is the last instruction of its segment (a resume site follows
// it), so nothing else of the segment is left unrun.

import { IOp } from "../ops";
import { siteWord } from "../exec/sites-map";
import { StepCopy } from "../exec/step";
import { MonitorBit } from "./kinds";
import { callsTab, edgeAdd, funcIndexOf, monitorMask } from "./state";
import { CallKind } from "./events";

/** Takes back what was recorded for the `call` at original offset `callOff` of `sc`'s function, from it to FuncInst `callee`. */
export function monRewindCall(sc: StepCopy, callOff: u32, callee: usize): void {
  const mask = monitorMask;
  if (mask == 0) return;
  // The fast segment the call opens: counted at its M_FUEL, and again by the STEP at the call.
  const fw = siteWord(sc.fast, callOff);
  if (fw >= 0) {
    const fast = sc.fastCode + (<usize>fw << 2);
    if (load<i32>(fast) == IOp.M_FUEL) {
      const s = (fast << 1) + <usize>load<u32>(sc.fastCode - 4);
      store<u64>(s, load<u64>(s) - 1);
    }
  }
  // The call event (events.ts monCall): the edge and, for profile, the callee's call count.
  const ci = funcIndexOf(callee);
  if (ci < 0) return;
  if (mask & MonitorBit.CALLS) {
    const fi = funcIndexOf(sc.func);
    // The edge is there (added by the call): adding 2^64 - 1 takes 1 from its count.
    edgeAdd(((<u64>(fi + 1)) << 33) | (<u64>ci << 1) | <u64>CallKind.DIRECT, u64.MAX_VALUE);
  }
  // A host function has no activation (events.ts enter): only its call count.
  if (mask & MonitorBit.PROFILE) {
    const c = callsTab + (<usize>ci << 3);
    store<u64>(c, load<u64>(c) - 1);
  }
}
