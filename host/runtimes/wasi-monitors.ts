// `--monitor` on the WASI build (`--runtime wasi|ferry`, runs and resumes):
// gives the VM `--monitor LIST --monitor-out /.ferry-mon/rows.json` with a
// private temporary directory preopened after the workload's own (so the
// workload's preopen scan never reaches it), then turns the VM's raw rows
// into the report (instrument/raw-report.ts): tables on stderr, JSON to
// --monitor-out, byte-identical to the JS hosts'.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { parseRows, reportFromRows } from "../../instrument/raw-report.js";
import { reportJson, reportTables } from "../../instrument/report.js";
import { RunFailure } from "./failure.js";
import type { RunOptions } from "./options.js";
import type { VmInvocation } from "./wasi.js";

const MON_DIR = "/.ferry-mon";
const ROWS = `${MON_DIR}/rows.json`;

/** What to monitor: `list` (--monitor, for a run) or the snapshot's monitors (`list` undefined, a resume); `out`: --monitor-out. */
export interface WasiMonitors {
  list?: string;
  out?: string;
}

/** The monitors of a run's options (--monitor, --monitor-out), or undefined. */
export function wasiMonitorsOf(o: RunOptions): WasiMonitors | undefined {
  return o.monitors === undefined ? undefined : { list: o.monitors, ...(o.monitorOut !== undefined ? { out: o.monitorOut } : {}) };
}

/**
 * Runs `inv` (args[0] is the VM, its options follow) through `run` with the
 * monitors of `m`, and reports them when the VM wrote rows (not after a
 * checkpoint: the monitors then travel in the snapshot).
 */
export function runWithWasiMonitors(inv: VmInvocation, m: WasiMonitors | undefined, run: (inv: VmInvocation) => number): number;
export function runWithWasiMonitors(
  inv: VmInvocation, m: WasiMonitors | undefined, run: (inv: VmInvocation) => number | Promise<number>,
): number | Promise<number>;
export function runWithWasiMonitors(
  inv: VmInvocation, m: WasiMonitors | undefined, run: (inv: VmInvocation) => number | Promise<number>,
): number | Promise<number> {
  if (m === undefined) return run(inv);
  const dir = mkdtempSync(join(tmpdir(), "ferry-mon-"));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  const report = (code: number): number => {
    try {
      const rows = join(dir, "rows.json");
      if (existsSync(rows)) reportRows(readFileSync(rows, "utf8"), m.out);
      return code;
    } finally {
      cleanUp();
    }
  };
  let result: number | Promise<number>;
  try {
    const [vm, ...rest] = inv.args;
    const opts = m.list !== undefined ? ["--monitor", m.list, "--monitor-out", ROWS] : ["--monitor-out", ROWS];
    result = run({ ...inv, args: [vm!, ...opts, ...rest], preopens: [...inv.preopens, { host: dir, guest: MON_DIR }] });
  } catch (e) {
    cleanUp();
    throw e;
  }
  // A run with signal triggers goes through a child process and resolves later (wasi-trigger.ts).
  if (typeof result === "number") return report(result);
  return result.then(report, (e: unknown) => {
    cleanUp();
    throw e;
  });
}

/** Prints the tables of a raw report and writes its JSON to `out`. */
export function reportRows(text: string, out: string | undefined): void {
  let r;
  try {
    r = reportFromRows(parseRows(text));
  } catch (e) {
    throw new RunFailure((e as Error).message);
  }
  process.stderr.write(reportTables(r.report, r.list));
  if (out === undefined) return;
  try {
    writeFileSync(out, reportJson(r.report));
  } catch (e) {
    throw new RunFailure(`--monitor-out ${out}: ${(e as Error).message}`);
  }
}

/** True if snapshot file bytes have a monitors section (id 11); false if they cannot be parsed (the VM then refuses them). */
export function hasMonitorsSection(bytes: Uint8Array): boolean {
  if (bytes.length < 16) return false;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = v.getUint32(12, true);
  let pos = 16;
  for (let i = 0; i < n && pos + 12 <= bytes.length; i++) {
    if (v.getUint32(pos, true) === 11) return true;
    pos += 12 + v.getUint32(pos + 4, true);
  }
  return false;
}
