// Monitor copies: when monitors are on, every function of the watched
// instance gets a copy of its relocated code in a block with a shadow area
// (shadow.ts), where the instructions the enabled monitors observe are
// replaced by their M_* forms (same operands, same length, so pcs, the pc map
// and resume sites are unchanged). Unwatched code is never touched.

import { IOp } from "../ops";
import { ErrorKind, fail } from "../errors";
import { FuncRec, InstanceData } from "../runtime/store";
import { CALL_MONITORS, COPY_MONITORS, MonitorBit, SEGMENT_MONITORS } from "./kinds";
import { instrWords } from "./lengths";
import { allocPages, monitorMask, watch } from "./state";

/** Starts watching instance `d` and installs monitor copies of its functions; false on an internal error. */
export function monitorAttach(d: InstanceData): bool {
  watch(d);
  const mask = monitorMask;
  if (mask & MonitorBit.MEMORY) allocPages();
  if ((mask & COPY_MONITORS) == 0) return true;
  const cm = d.compiled;
  const nImp = cm.module.numImportedFuncs;
  for (let i = 0; i < cm.funcs.length; i++) {
    const f = <usize>d.funcs[nImp + i];
    if (!copyFunc(f, <usize>cm.funcs[i].code.length, mask)) return false;
  }
  return true;
}

/** The M_* form of `op` under `mask`, or `op` itself. */
function monitored(op: i32, mask: u32): i32 {
  if (op == IOp.FUEL) return mask & SEGMENT_MONITORS ? IOp.M_FUEL : op;
  if (mask & MonitorBit.BRANCHES) {
    if (op == IOp.BR_IF) return IOp.M_BR_IF;
    if (op == IOp.BR_IF_NOT) return IOp.M_BR_IF_NOT;
    if (op == IOp.BR_TABLE) return IOp.M_BR_TABLE;
  }
  if (mask & CALL_MONITORS) {
    if (op == IOp.CALL) return IOp.M_CALL;
    if (op == IOp.CALL_INDIRECT) return IOp.M_CALL_INDIRECT;
  }
  if (op == IOp.RETURN && (mask & MonitorBit.PROFILE)) return IOp.M_RETURN;
  if (op >= IOp.I32_LOAD && op <= IOp.STORE64 && (mask & MonitorBit.MEMORY)) return IOp.M_MEM;
  return op;
}

function copyFunc(f: usize, words: usize, mask: u32): bool {
  const old = <usize>load<u32>(f, FuncRec.CODE);
  const codeBytes = ((words << 2) + 7) & ~<usize>7;
  const blk = heap.alloc(8 + codeBytes + (words << 3));
  const code = blk + 8;
  const shadow = code + codeBytes;
  memory.copy(code, old, words << 2);
  memory.fill(shadow, 0, words << 3);
  // shadowAt(pc) = (pc << 1) + delta = shadow + 8 * word (u32 arithmetic wraps).
  store<u32>(code - 4, <u32>(shadow - (code << 1)));
  const end = code + (words << 2);
  let p = code;
  while (p < end) {
    const n = instrWords(p);
    if (n == 0) {
      heap.free(blk);
      return fail(ErrorKind.INTERNAL, "monitor copy: unknown internal opcode " + load<u32>(p).toString());
    }
    const op = load<i32>(p);
    const m = monitored(op, mask);
    if (m != op) {
      store<i32>(p, m);
      if (m == IOp.M_MEM) store<i32>(shadow + ((p - code) << 1), op);
    }
    p += <usize>n << 2;
  }
  if (p != end) {
    heap.free(blk);
    return fail(ErrorKind.INTERNAL, "monitor copy: code does not end on an instruction boundary");
  }
  // The plain code is kept (not freed): nothing may point into it, but it costs little.
  store<u32>(f, <u32>code, FuncRec.CODE);
  return true;
}
