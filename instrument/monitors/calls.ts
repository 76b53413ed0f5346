// Monitor `calls`: the dynamic call graph, edges caller -> callee with their
// counts, direct and indirect apart.

import type { Monitor } from "./monitor.js";
import { byCost, columns, TABLE_ROWS } from "./monitor.js";

export interface CallEdge {
  caller: number;
  callerName: string;
  callee: number;
  calleeName: string;
  kind: "direct" | "indirect";
  count: number;
}

export const calls: Monitor<CallEdge[]> = {
  name: "calls",
  help: "call graph edges caller -> callee with counts (direct and indirect)",
  bit: 32,
  decode(rows, ctx) {
    const out: CallEdge[] = [];
    for (let i = 0; i + 3 < rows.length; i += 4) {
      const caller = rows[i]!, callee = rows[i + 1]!;
      out.push({
        caller, callerName: ctx.funcName(caller), callee, calleeName: ctx.funcName(callee),
        kind: rows[i + 2] === 1 ? "indirect" : "direct", count: rows[i + 3]!,
      });
    }
    return byCost(out, (e) => e.count, (e) => `${e.caller}:${e.callee}:${e.kind}`);
  },
  table(d) {
    return columns(["caller", "callee", "kind", "count"], d.slice(0, TABLE_ROWS).map((e) => [
      e.callerName, e.calleeName, e.kind, e.count,
    ]));
  },
};
