// Monitor `coverage`: which original instructions ran, per function, from
// segment counts. Rows per function: [index, executed, total, nRanges,
// then nRanges pairs (start, end) of original byte offsets, end exclusive].

import { put64 } from "./rows";
import { watchedFuncs } from "./segments";

export function reportCoverage(): void {
  const fs = watchedFuncs();
  for (let i = 0; i < fs.length; i++) {
    const v = fs[i];
    const c = v.instrCounts();
    let executed: u64 = 0;
    const ranges = new Array<u32>();
    for (let j = 0; j < c.length; j++) {
      if (c[j] == 0) continue;
      executed++;
      const s = v.offset(j), e = v.endOffset(j);
      const n = ranges.length;
      if (n > 0 && ranges[n - 1] == s) ranges[n - 1] = e;
      else {
        ranges.push(s);
        ranges.push(e);
      }
    }
    put64(<u64>v.index);
    put64(executed);
    put64(<u64>c.length);
    put64(<u64>(ranges.length >> 1));
    for (let k = 0; k < ranges.length; k++) put64(<u64>ranges[k]);
  }
}
