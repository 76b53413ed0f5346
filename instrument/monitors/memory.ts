// Monitor `memory`: loads and stores and their bytes per 64 KiB page of
// memory 0, and the lowest and highest byte accessed (bulk memory operations
// are not counted).

import type { Monitor } from "./monitor.js";
import { byCost, columns, TABLE_ROWS } from "./monitor.js";

export interface PageAccess {
  page: number;
  loads: number;
  stores: number;
  bytesLoaded: number;
  bytesStored: number;
}

export interface MemoryData {
  loads: number;
  stores: number;
  minAddress: number | null;
  maxAddress: number | null;
  pages: PageAccess[];
}

export const memory: Monitor<MemoryData> = {
  name: "memory",
  help: "loads/stores and bytes per 64 KiB page, lowest and highest address",
  bit: 64,
  decode(rows) {
    const pages: PageAccess[] = [];
    const n = rows[2] ?? 0;
    for (let k = 0, i = 3; k < n; k++, i += 5) {
      pages.push({ page: rows[i]!, loads: rows[i + 1]!, stores: rows[i + 2]!, bytesLoaded: rows[i + 3]!, bytesStored: rows[i + 4]! });
    }
    return {
      loads: pages.reduce((s, p) => s + p.loads, 0),
      stores: pages.reduce((s, p) => s + p.stores, 0),
      minAddress: n > 0 ? rows[0]! : null,
      maxAddress: n > 0 ? rows[1]! : null,
      pages,
    };
  },
  table(d) {
    const head = `${d.loads} loads, ${d.stores} stores` +
      (d.minAddress === null ? "" : `, addresses 0x${d.minAddress.toString(16)}..0x${d.maxAddress!.toString(16)}`);
    const rows = byCost(d.pages, (p) => p.loads + p.stores, (p) => p.page).slice(0, TABLE_ROWS);
    return `${head}\n${columns(["page", "loads", "stores", "bytes loaded", "bytes stored"], rows.map((p) => [
      p.page, p.loads, p.stores, p.bytesLoaded, p.bytesStored,
    ]))}`;
  },
};
