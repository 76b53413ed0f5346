// Section 11 "monitors" of a snapshot (docs/snapshot-format.md): the active
// monitors and their complete counter state in the VM's canonical form
// (assembly/monitor/canon-save.ts: keyed by function index and original code
// offset). The VM writes and loads the payload; this side stores it, checks
// its header (version and monitor names) when a file is read, and moves it
// between the VM and a Snapshot.

import type { FerryEngine } from "../../host/ferry-engine.js";
import { findMonitor } from "../../instrument/monitors/index.js";
import { SnapshotError } from "./errors.js";

/** Version of the section's payload this code reads. */
export const MONITORS_VERSION = 1;

/** The section 11 ABI exports (assembly/index.ts). */
interface MonitorAbi {
  ferry_monitor_save(): number;
  ferry_monitor_save_len(): number;
  ferry_monitor_mask_of(ptr: number, len: number): number;
  ferry_monitor_load(ptr: number, len: number): number;
}

function abiOf(engine: FerryEngine): MonitorAbi {
  const abi = engine.vm.abi as unknown as MonitorAbi;
  if (typeof abi.ferry_monitor_save !== "function") throw new SnapshotError("build/ferry.wasm has no monitor snapshot support (rebuild the VM)");
  return abi;
}

/** The monitor names of a section 11 payload, in its order; SnapshotError on a bad header or an unknown monitor. */
export function monitorNames(payload: Uint8Array): string[] {
  const bad = (what: string) => new SnapshotError(`monitors section: ${what}`);
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  let pos = 0;
  const u32 = (): number => {
    if (pos + 4 > payload.length) throw bad("truncated");
    const x = v.getUint32(pos, true);
    pos += 4;
    return x;
  };
  const version = u32();
  if (version !== MONITORS_VERSION) throw bad(`unsupported version ${version}`);
  const n = u32();
  if (n === 0) throw bad("no monitors");
  if (n * 4 > payload.length - pos) throw bad("truncated");
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = u32();
    if (len > payload.length - pos) throw bad("truncated");
    const name = new TextDecoder().decode(payload.subarray(pos, pos + len));
    pos += len;
    if (findMonitor(name) === undefined) throw bad(`unknown monitor ${JSON.stringify(name)}`);
    if (names.includes(name)) throw bad(`monitor ${JSON.stringify(name)} listed twice`);
    names.push(name);
  }
  return names;
}

/** The monitors' state of `engine`'s watched instance as a section 11 payload, or undefined if no monitors run. */
export function captureMonitors(engine: FerryEngine): Uint8Array | undefined {
  const abi = abiOf(engine);
  const ptr = abi.ferry_monitor_save();
  if (ptr === 0) return undefined;
  return engine.vm.u8.slice(ptr, ptr + abi.ferry_monitor_save_len());
}

/** Loads a section 11 payload into the monitors of the restored instance; SnapshotError if it does not fit. */
export function restoreMonitors(engine: FerryEngine, payload: Uint8Array): void {
  const abi = abiOf(engine);
  const ptr = engine.vm.copyIn(payload);
  try {
    if (abi.ferry_monitor_load(ptr, payload.length) !== 0) throw new SnapshotError(engine.vm.lastError().message);
  } finally {
    engine.vm.free(ptr);
  }
}
