// Monitor `profile`: per function, calls, self instructions and total
// (inclusive) instructions, recursion counted once.

import type { Monitor } from "./monitor.js";
import { byCost, columns, percent, TABLE_ROWS } from "./monitor.js";

export interface FuncProfile {
  func: number;
  name: string;
  calls: number;
  self: number;
  total: number;
}

export const profile: Monitor<FuncProfile[]> = {
  name: "profile",
  help: "calls, self and total (inclusive) instructions per function",
  bit: 4,
  decode(rows, ctx) {
    const out: FuncProfile[] = [];
    for (let i = 0; i + 3 < rows.length; i += 4) {
      out.push({ func: rows[i]!, name: ctx.funcName(rows[i]!), calls: rows[i + 1]!, self: rows[i + 2]!, total: rows[i + 3]! });
    }
    return byCost(out, (f) => f.self, (f) => f.func);
  },
  table(d) {
    const all = d.reduce((s, f) => s + f.self, 0);
    return columns(
      ["function", "calls", "self", "self%", "total"],
      d.slice(0, TABLE_ROWS).map((f) => [f.name, f.calls, f.self, percent(f.self, all), f.total]),
    );
  },
};
