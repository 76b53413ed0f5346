// Monitor `branches`: per br_if / if / br_table site, how often each way was
// taken (if: then = taken, else = not taken; br_table: per target, the last
// one the default).

import type { Monitor } from "./monitor.js";
import { byCost, columns, TABLE_ROWS } from "./monitor.js";

export interface BranchSite {
  func: number;
  name: string;
  offset: number;
  kind: "br_if" | "if" | "br_table";
  /** br_if, if: [taken, not taken]; br_table: one count per target, default last. */
  counts: number[];
}

const KINDS: Record<number, BranchSite["kind"]> = { 0x0d: "br_if", 0x04: "if", 0x0e: "br_table" };

export const branches: Monitor<BranchSite[]> = {
  name: "branches",
  help: "taken / not taken per br_if and if site, per target for br_table",
  bit: 16,
  decode(rows, ctx) {
    const out: BranchSite[] = [];
    let i = 0;
    while (i + 3 < rows.length) {
      const func = rows[i]!, offset = rows[i + 1]!, op = rows[i + 2]!, n = rows[i + 3]!;
      i += 4;
      out.push({ func, name: ctx.funcName(func), offset, kind: KINDS[op] ?? "br_if", counts: rows.slice(i, i + n) });
      i += n;
    }
    return out;
  },
  table(d) {
    const total = (s: BranchSite) => s.counts.reduce((a, b) => a + b, 0);
    const rows = byCost(d.filter((s) => total(s) > 0), total, (s) => s.offset).slice(0, TABLE_ROWS);
    return columns(["function", "offset", "kind", "executed", "taken / not taken (br_table: per target)"], rows.map((s) => [
      s.name, `0x${s.offset.toString(16)}`, s.kind, total(s), s.counts.join(" / "),
    ]));
  },
};
