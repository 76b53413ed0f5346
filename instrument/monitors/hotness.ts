// Monitor `hotness`: the hottest loops, by executions of their header
// (entries plus back edges), with the `loop` instruction's original offset.

import type { Monitor } from "./monitor.js";
import { byCost, columns, TABLE_ROWS } from "./monitor.js";

export interface LoopHeat {
  func: number;
  name: string;
  offset: number;
  iterations: number;
}

export const hotness: Monitor<LoopHeat[]> = {
  name: "hotness",
  help: "hottest loops: loop header offsets by iterations",
  bit: 128,
  decode(rows, ctx) {
    const out: LoopHeat[] = [];
    for (let i = 0; i + 2 < rows.length; i += 3) {
      out.push({ func: rows[i]!, name: ctx.funcName(rows[i]!), offset: rows[i + 1]!, iterations: rows[i + 2]! });
    }
    return byCost(out, (l) => l.iterations, (l) => l.offset);
  },
  table(d) {
    return columns(["function", "loop at", "iterations"], d.slice(0, TABLE_ROWS).map((l) => [
      l.name, `0x${l.offset.toString(16)}`, l.iterations,
    ]));
  },
};
