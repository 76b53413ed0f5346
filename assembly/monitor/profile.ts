// Monitor `profile`: per function, calls (events.ts), self instructions
// (segment counts x costs) and total instructions (inclusive of callees,
// recursion counted once; activations still open, e.g. after a trap or
// proc_exit, end at the current fuel).
// Rows: [function index, calls, self, total] for every function called or run.

import { Machine } from "../exec/frames";
import { put64 } from "./rows";
import { trapRemainder, trapView, watchedFuncs } from "./segments";
import { actBase, actLen, callsTab, numFuncs, totalTab } from "./state";

export function reportProfile(): void {
  const n = numFuncs;
  const self = new Array<u64>(n).fill(0);
  const fs = watchedFuncs();
  for (let i = 0; i < fs.length; i++) {
    const c = fs[i].instrCounts();
    let s: u64 = 0;
    for (let j = 0; j < c.length; j++) s += c[j];
    self[fs[i].index] = s;
  }
  const tv = trapView();
  const now = Machine.fuelUsed - (tv == null ? 0 : trapRemainder(tv).fuel);
  const total = new Array<u64>(n);
  for (let f: u32 = 0; f < n; f++) total[f] = load<u64>(totalTab + (<usize>f << 3));
  // Open activations, outermost first: each function's outermost one counts.
  const seen = new Array<bool>(n).fill(false);
  for (let a: u32 = 0; a < actLen; a++) {
    const p = actBase + (<usize>a << 4);
    const fi = <u32>load<u64>(p);
    if (fi >= n || seen[fi]) continue;
    seen[fi] = true;
    total[fi] += now - load<u64>(p, 8);
  }
  for (let f: u32 = 0; f < n; f++) {
    const calls = load<u64>(callsTab + (<usize>f << 3));
    if (calls == 0 && self[f] == 0) continue;
    put64(<u64>f);
    put64(calls);
    put64(self[f]);
    put64(total[f]);
  }
}
