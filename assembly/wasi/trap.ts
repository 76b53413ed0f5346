// The report of a workload trap on stderr, as `ferry run` prints it:
// `ferry: trap: <message>` and one `at` line per frame, innermost first
// (names from the name section), repeated frames folded into one line.

import { errorMessage } from "../errors";
import { Module } from "../module";
import { backtraceFunc, backtracePc, collectBacktrace } from "../exec/backtrace";
import { FuncRec } from "../runtime/store";

/** Most `at` lines printed. */
const MAX_LINES = 24;

/** The `at` line of frame i. */
function frameLine(m: Module, i: u32): string {
  const f = <usize>backtraceFunc(i);
  const idx = f == 0 ? 0 : load<u32>(f, FuncRec.INDEX);
  const name = m.funcNames.has(idx) ? m.funcNames.get(idx) : "func[" + idx.toString() + "]";
  return "  at " + name + " (func " + idx.toString() + ", pc 0x" + backtracePc(i).toString(16) + ")";
}

/** The trap message and backtrace of the trapped invocation of module m, ending with a newline. */
export function trapReport(m: Module): string {
  let out = "ferry: trap: " + errorMessage() + "\n";
  const n = collectBacktrace();
  let lines = 0;
  for (let i: u32 = 0; i < n && lines < MAX_LINES;) {
    const line = frameLine(m, i);
    let j = i + 1;
    while (j < n && frameLine(m, j) == line) j++;
    out += (j - i > 1 ? line + " x " + (j - i).toString() : line) + "\n";
    lines++;
    i = j;
  }
  if (lines == MAX_LINES && n > 0) out += "  ...\n";
  return out;
}
