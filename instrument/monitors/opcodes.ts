// Monitor `opcodes`: executions per Wasm opcode mnemonic (segment counts x
// the static opcodes of each segment, in the VM).

import type { Monitor } from "./monitor.js";
import { byCost, columns, percent, TABLE_ROWS } from "./monitor.js";

export interface OpcodeCount {
  opcode: string;
  count: number;
}

export const opcodes: Monitor<OpcodeCount[]> = {
  name: "opcodes",
  help: "histogram of executed instructions by Wasm opcode",
  bit: 2,
  decode(rows, ctx) {
    const out: OpcodeCount[] = [];
    for (let i = 0; i + 1 < rows.length; i += 2) out.push({ opcode: ctx.opcodeName(rows[i]!), count: rows[i + 1]! });
    return byCost(out, (o) => o.count, (o) => o.opcode);
  },
  table(d) {
    const total = d.reduce((s, o) => s + o.count, 0);
    return columns(["opcode", "count", "share"], d.slice(0, TABLE_ROWS).map((o) => [o.opcode, o.count, percent(o.count, total)]));
  },
};
