// Monitors in the WASI build (`--monitor LIST [--monitor-out PATH]`,
// docs/instrumentation.md): enables the in-VM monitors (assembly/monitor/)
// before the workload is compiled, watches its instance, and at the end of the
// run (finished, proc_exit or trap; not at a checkpoint, where the monitors
// travel in the snapshot's section 11) writes their raw rows as JSON, to PATH
// in a preopened directory or else to stderr. The host (instrument/raw-report.ts)
// turns the rows into the same report as every other runtime, with the same
// decoders; the rows carry the function and opcode names the decoders need.

import { Machine } from "../exec/frames";
import { Module } from "../module";
import { opName, opNameFC } from "../opcodes";
import { InstanceData } from "../runtime/store";
import { errorMessage } from "../errors";
import { monitorAttach } from "../monitor/attach";
import { monInvoke } from "../monitor/events";
import { MonitorBit } from "../monitor/kinds";
import { MONITOR_NAMES } from "../monitor/names";
import { monitorReport } from "../monitor/report";
import { rowsLen, rowsPtr } from "../monitor/rows";
import { monitorMask, noteTrap, numFuncs, setMask, watched } from "../monitor/state";
import { ByteWriter } from "./bytes";
import { writeText } from "./io";
import { quote } from "./json";
import { refuse } from "./refuse";
import { SnapshotTarget, snapshotTarget, writeSnapshotFile } from "./snapshot-writer";

/** --monitor-out PATH ("" for stderr) and where it goes (monitorsResolve). */
let outPath = "";
let target: SnapshotTarget | null = null;
let reported = false;

/** Turns the monitors of `mask` on for the workload about to be compiled; `out`: --monitor-out. */
export function monitorsEnable(mask: u32, out: string): void {
  setMask(mask);
  outPath = out;
}

/** Finds --monitor-out's preopened directory now, while the preopens are the user's alone (as snapshotTarget). */
export function monitorsResolve(): void {
  if (monitorMask != 0 && outPath != "") target = snapshotTarget(outPath);
}

/** True when the workload's code must be compiled without fused branches (the branches monitor). */
export function monitorsWantCanonical(): bool {
  return (monitorMask & MonitorBit.BRANCHES) != 0;
}

/** Watches the workload's instance (monitor copies of its code); refuses on an internal error. */
export function monitorsAttach(d: InstanceData): void {
  if (monitorMask == 0 || watched != null) return;
  if (!monitorAttach(d)) refuse("monitors: " + errorMessage());
}

/** A host-started invocation of FuncInst `func` (the profile monitor counts it). */
export function monitorsInvoke(func: usize): void {
  if (monitorMask != 0) monInvoke(func);
}

/** The workload trapped at Machine.pc: the rest of its segment did not run. */
export function monitorsTrapped(): void {
  if (monitorMask != 0) noteTrap(Machine.pc, Machine.func);
}

/** Writes the report once, at the end of the run. */
export function monitorsReport(m: Module): void {
  if (monitorMask == 0 || reported) return;
  reported = true;
  const s = new Array<string>(); // joined once: concatenation in a loop would be quadratic
  s.push("{\"format\":\"ferry-monitor-rows/1\",\"monitors\":{");
  let first = true;
  const opcodeKeys = new Array<u64>();
  for (let i = 0; i < MONITOR_NAMES.length; i++) {
    const bit = <u32>1 << <u32>i;
    if (!monitorReport(bit)) continue;
    const p = rowsPtr();
    const n = rowsLen();
    s.push((first ? "" : ",") + quote(MONITOR_NAMES[i]) + ":[");
    first = false;
    for (let k: u32 = 0; k < n; k++) {
      const v = load<u64>(p + (<usize>k << 3));
      s.push(k > 0 ? "," + v.toString() : v.toString());
      if (bit == MonitorBit.OPCODES && (k & 1) == 0) opcodeKeys.push(v);
    }
    s.push("]");
  }
  s.push("},\"funcNames\":[");
  for (let f: u32 = 0; f < numFuncs; f++) {
    s.push((f > 0 ? "," : "") + quote(m.funcNames.has(f) ? m.funcNames.get(f) : ""));
  }
  s.push("],\"opcodeNames\":{");
  for (let k = 0; k < opcodeKeys.length; k++) {
    const key = <u32>opcodeKeys[k];
    s.push((k > 0 ? "," : "") + quote(key.toString()) + ":" + quote(key >= 0x100 ? opNameFC(key - 0x100) : opName(key)));
  }
  s.push("}}\n");
  const text = s.join("");
  if (outPath == "") {
    writeText(2, text);
    return;
  }
  const bytes = String.UTF8.encode(text);
  const w = new ByteWriter(<usize>bytes.byteLength + 16);
  w.bytes(changetype<usize>(bytes), <usize>bytes.byteLength);
  writeSnapshotFile(target != null ? target! : snapshotTarget(outPath), w);
}
