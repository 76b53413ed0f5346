// Formats a trap backtrace for the terminal: one `at` line per frame,
// innermost first, runs of identical frames (deep recursion) folded into one
// line with a count, and the middle of a very long trace elided.

import type { BacktraceFrame } from "../errors.js";

function frameLine(f: BacktraceFrame): string {
  const name = f.name || `func[${f.funcIndex}]`;
  const pc = f.pc >= 0 ? `, pc 0x${f.pc.toString(16)}` : "";
  return `  at ${name} (func ${f.funcIndex}${pc})`;
}

/** The backtrace as text: at most `maxLines` lines, repeated frames folded. */
export function formatBacktrace(frames: readonly BacktraceFrame[], maxLines = 24): string {
  const lines: string[] = [];
  for (let i = 0; i < frames.length;) {
    const f = frames[i]!;
    let j = i + 1;
    while (j < frames.length && frames[j]!.funcIndex === f.funcIndex && frames[j]!.pc === f.pc && frames[j]!.name === f.name) j++;
    lines.push(j - i > 1 ? `${frameLine(f)} x ${j - i}` : frameLine(f));
    i = j;
  }
  if (lines.length <= maxLines) return lines.join("\n");
  const head = lines.slice(0, maxLines - 4);
  const tail = lines.slice(lines.length - 3);
  return [...head, `  ... ${lines.length - head.length - tail.length} more`, ...tail].join("\n");
}
