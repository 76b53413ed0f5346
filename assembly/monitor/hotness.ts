// Monitor `hotness`: loop header executions (entries + back edges). A loop
// header is a segment start (compile/func.ts), so its count is the count of
// the segment its `loop` maps to. Rows: [function index, loop offset, count].

import { put64 } from "./rows";
import { watchedFuncs } from "./segments";
import { watched } from "./state";

export function reportHotness(): void {
  const d = watched;
  if (d == null) return;
  const bytes = d.compiled.module.bytes;
  const fs = watchedFuncs();
  for (let i = 0; i < fs.length; i++) {
    const v = fs[i];
    const pm = v.cf.pcmap;
    for (let j = 0; j < pm.length; j += 2) {
      const off = unchecked(pm[j]);
      if (bytes[off] != 0x03) continue;
      const c = v.segCount(unchecked(pm[j + 1]));
      if (c == 0) continue;
      put64(<u64>v.index);
      put64(<u64>off);
      put64(c);
    }
  }
}
