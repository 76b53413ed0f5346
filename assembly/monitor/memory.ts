// Monitor `memory`: loads and stores of linear memory 0 (M_MEM, events.ts),
// per 64 KiB page, and the lowest and highest byte accessed. Bulk operations
// (memory.fill/copy/init) are not counted.
// Rows: [min address, max address, pages], then per page touched
// [page, loads, stores, bytes loaded, bytes stored].

import { put64 } from "./rows";
import { MAX_PAGES, maxAddr, minAddr, pageTab } from "./state";

export function reportMemory(): void {
  if (pageTab == 0) return;
  let pages: u64 = 0;
  for (let g: u32 = 0; g < MAX_PAGES; g++) {
    const p = pageTab + (<usize>g << 5);
    if (load<u64>(p) != 0 || load<u64>(p, 8) != 0) pages++;
  }
  put64(minAddr);
  put64(maxAddr);
  put64(pages);
  for (let g: u32 = 0; g < MAX_PAGES; g++) {
    const p = pageTab + (<usize>g << 5);
    if (load<u64>(p) == 0 && load<u64>(p, 8) == 0) continue;
    put64(<u64>g);
    put64(load<u64>(p));
    put64(load<u64>(p, 8));
    put64(load<u64>(p, 16));
    put64(load<u64>(p, 24));
  }
}
