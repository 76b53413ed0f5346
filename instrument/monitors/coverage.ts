// Monitor `coverage`: executed original instructions per function, as a
// percentage and as ranges of original byte offsets [start, end).

import type { Monitor } from "./monitor.js";
import { byCost, columns, percent, TABLE_ROWS } from "./monitor.js";

export interface FuncCoverage {
  func: number;
  name: string;
  executed: number;
  instructions: number;
  ranges: Array<[number, number]>;
}

export interface CoverageData {
  executed: number;
  instructions: number;
  functions: FuncCoverage[];
}

export const coverage: Monitor<CoverageData> = {
  name: "coverage",
  help: "executed instructions per function (percentage and original offset ranges)",
  bit: 8,
  decode(rows, ctx) {
    const functions: FuncCoverage[] = [];
    let i = 0;
    while (i + 3 < rows.length) {
      const func = rows[i]!, executed = rows[i + 1]!, instructions = rows[i + 2]!, n = rows[i + 3]!;
      i += 4;
      const ranges: Array<[number, number]> = [];
      for (let k = 0; k < n; k++, i += 2) ranges.push([rows[i]!, rows[i + 1]!]);
      functions.push({ func, name: ctx.funcName(func), executed, instructions, ranges });
    }
    return {
      executed: functions.reduce((s, f) => s + f.executed, 0),
      instructions: functions.reduce((s, f) => s + f.instructions, 0),
      functions,
    };
  },
  table(d) {
    const head = `covered ${d.executed} of ${d.instructions} instructions (${percent(d.executed, d.instructions)}); ` +
      `${d.functions.filter((f) => f.executed > 0).length} of ${d.functions.length} functions entered`;
    const rows = byCost(d.functions.filter((f) => f.executed > 0), (f) => f.executed, (f) => f.func).slice(0, TABLE_ROWS);
    return `${head}\n${columns(["function", "executed", "of", "covered", "ranges"], rows.map((f) => [
      f.name, f.executed, f.instructions, percent(f.executed, f.instructions), f.ranges.length,
    ]))}`;
  },
};
