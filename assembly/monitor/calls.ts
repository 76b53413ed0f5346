// Monitor `calls`: the dynamic call graph, edges caller -> callee with their
// counts, direct (call) and indirect (call_indirect) apart (events.ts).
// Rows: [caller index, callee index, kind (0 direct, 1 indirect), count].

import { put64 } from "./rows";
import { edgeCap, edgeTab } from "./state";

export function reportCalls(): void {
  // Sorted by key so the report does not depend on the hash table's layout.
  const keys = new Array<u64>();
  const counts = new Map<u64, u64>();
  for (let i: u32 = 0; i < edgeCap; i++) {
    const p = edgeTab + (<usize>i << 4);
    const k = load<u64>(p);
    if (k == 0) continue;
    keys.push(k);
    counts.set(k, load<u64>(p, 8));
  }
  keys.sort((a: u64, b: u64): i32 => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    put64((k >> 33) - 1);
    put64((k >> 1) & 0xffffffff);
    put64(k & 1);
    put64(counts.get(k));
  }
}
