// The monitors' raw rows as the WASI build writes them (assembly/wasi/monitors.ts,
// `ferry-wasi.wasm --monitor LIST --monitor-out PATH`): per monitor its u64
// rows, plus the function and opcode names the decoders ask for. Turned into
// the same MonitorReport the JS host reads from the VM directly (report.ts),
// with the same decoders, so the JSON is byte-identical across runtimes.

import { findMonitor } from "./monitors/index.js";
import type { Monitor, MonitorContext } from "./monitors/index.js";
import type { MonitorReport } from "./report.js";

/** The WASI build's raw report. */
export interface MonitorRows {
  format: "ferry-monitor-rows/1";
  monitors: Record<string, number[]>;
  /** Name section name of each function index ("" when it has none). */
  funcNames: string[];
  /** Mnemonic of each opcode key found in the opcodes rows. */
  opcodeNames: Record<string, string>;
}

/** Parses the WASI build's raw report text; Error with one line on anything malformed. */
export function parseRows(text: string): MonitorRows {
  let raw: MonitorRows;
  try {
    raw = JSON.parse(text) as MonitorRows;
  } catch {
    throw new Error("the monitors' raw report is not JSON");
  }
  if (raw === null || typeof raw !== "object" || raw.format !== "ferry-monitor-rows/1" || typeof raw.monitors !== "object" ||
    !Array.isArray(raw.funcNames) || typeof raw.opcodeNames !== "object") {
    throw new Error("the monitors' raw report is not in format ferry-monitor-rows/1");
  }
  return raw;
}

/** The report and the monitors (registry order) of a raw report. */
export function reportFromRows(raw: MonitorRows): { report: MonitorReport; list: Array<Monitor<unknown>> } {
  const ctx: MonitorContext = {
    funcName: (i) => raw.funcNames[i] || `func[${i}]`,
    opcodeName: (k) => raw.opcodeNames[String(k)] || `op 0x${k.toString(16)}`,
  };
  const list: Array<Monitor<unknown>> = [];
  const monitors: Record<string, unknown> = {};
  for (const [name, rows] of Object.entries(raw.monitors)) {
    const m = findMonitor(name);
    if (m === undefined || !Array.isArray(rows)) throw new Error(`the monitors' raw report has an unknown monitor ${JSON.stringify(name)}`);
    list.push(m);
  }
  const ordered = list.sort((a, b) => a.bit - b.bit);
  for (const m of ordered) monitors[m.name] = m.decode(raw.monitors[m.name]!, ctx);
  return { report: { format: "ferry-monitors/1", monitors }, list: ordered };
}
