// Monitor `count`: executed Wasm instructions (the VM's fuel, exact at traps).

import type { Monitor } from "./monitor.js";

export interface CountData {
  instructions: number;
}

export const count: Monitor<CountData> = {
  name: "count",
  help: "executed Wasm instructions (free: the VM counts them as fuel)",
  bit: 1,
  decode: (rows) => ({ instructions: rows[0] ?? 0 }),
  table: (d) => `instructions  ${d.instructions}`,
};
