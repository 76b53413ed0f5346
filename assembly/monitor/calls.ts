// Monitor `calls`: the dynamic call graph, edges caller -> callee with their
// counts, direct (call) and indirect (call_indirect) apart (events.ts).
// Rows: [caller index, callee index, kind (0 direct, 1 indirect), count].

import { put64 } from "./rows";
import { edgeCap, edgeTab } from "./state";

/** The call graph's edge keys and their counts, in the same order. */
export class SortedEdges {
  keys: u64[] = [];
  counts: u64[] = [];
}

/** The edges sorted by key, so reports and snapshots do not depend on the hash table's layout. */
export function sortedEdges(): SortedEdges {
  const out = new SortedEdges();
  const counts = new Map<u64, u64>();
  for (let i: u32 = 0; i < edgeCap; i++) {
    const p = edgeTab + (<usize>i << 4);
    const k = load<u64>(p);
    if (k == 0) continue;
    out.keys.push(k);
    counts.set(k, load<u64>(p, 8));
  }
  out.keys.sort((a: u64, b: u64): i32 => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < out.keys.length; i++) out.counts.push(counts.get(out.keys[i]));
  return out;
}

export function reportCalls(): void {
  const e = sortedEdges();
  for (let i = 0; i < e.keys.length; i++) {
    const k = e.keys[i];
    put64((k >> 33) - 1);
    put64((k >> 1) & 0xffffffff);
    put64(k & 1);
    put64(e.counts[i]);
  }
}
