// A monitor report: reads the enabled monitors' raw rows from the VM after a
// run and turns them into (1) deterministic JSON data — numbers, function
// names and original offsets only, no timings and no runtime name, so reports
// from different runtimes compare byte for byte — and (2) readable tables.

import type { FerryVM } from "../host/vm.js";
import type { Monitor, MonitorContext } from "./monitors/index.js";

/** The JSON report: one entry per monitor, in registry order. */
export interface MonitorReport {
  format: "ferry-monitors/1";
  monitors: Record<string, unknown>;
}

/** Decoding context over a VM and the handle of the watched module. */
export function vmContext(vm: FerryVM, moduleHandle: number): MonitorContext {
  const names = new Map<number, string>();
  const opNames = new Map<number, string>();
  return {
    funcName(index) {
      let n = names.get(index);
      if (n === undefined) {
        n = vm.moduleFuncName(moduleHandle, index) || `func[${index}]`;
        names.set(index, n);
      }
      return n;
    },
    opcodeName(key) {
      let n = opNames.get(key);
      if (n === undefined) {
        n = vm.opcodeName(key) || `op 0x${key.toString(16)}`;
        opNames.set(key, n);
      }
      return n;
    },
  };
}

/** Reads the report of `list` (which were enabled before the instance was made). */
export function collectReport(vm: FerryVM, moduleHandle: number, list: ReadonlyArray<Monitor<unknown>>): MonitorReport {
  const ctx = vmContext(vm, moduleHandle);
  const monitors: Record<string, unknown> = {};
  for (const m of list) {
    const rows = vm.monitorRows(m.bit);
    if (rows !== undefined) monitors[m.name] = m.decode(rows, ctx);
  }
  return { format: "ferry-monitors/1", monitors };
}

/** The report as JSON text (two-space indent, trailing newline). */
export function reportJson(report: MonitorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Readable tables, one section per monitor. */
export function reportTables(report: MonitorReport, list: ReadonlyArray<Monitor<unknown>>): string {
  const parts: string[] = [];
  for (const m of list) {
    if (!(m.name in report.monitors)) continue;
    parts.push(`== ${m.name}: ${m.help}\n${m.table(report.monitors[m.name])}`);
  }
  return `${parts.join("\n\n")}\n`;
}
