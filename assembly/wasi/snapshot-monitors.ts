// Section 11 "monitors" in the WASI build's snapshots (docs/snapshot-format.md):
// the writer appends the VM's canonical monitor state (monitor/canon-save.ts),
// the same bytes the JS host writes; on --resume the section's monitors are
// enabled before the workload is compiled and their counters loaded after the
// restore (monitor/canon-load.ts validates them). Anything wrong: one line
// `ferry: <snapshot>: monitors section: ...`, exit 2.

import { errorMessage } from "../errors";
import { monitorSave } from "../monitor/canon-save";
import { canonMask, monitorLoad } from "../monitor/canon-load";
import { monitorsEnable } from "./monitors";
import { refuse } from "./refuse";
import { SnapshotRef } from "./snapshot-reader";

/** The section id. */
export const MONITORS_SECTION: u32 = 11;

/** Serialises the monitors' state (monitor/canon-bytes.ts outPtr/outLen); false when no monitors run. */
export function monitorsPayload(): bool {
  return monitorSave();
}

/** Enables the monitors the snapshot carries (before the workload is compiled); `out`: --monitor-out. */
export function snapshotMonitorsEnable(s: SnapshotRef, out: string): void {
  if (s.monitorsAt == 0) {
    if (out != "") refuse("--monitor-out: " + s.name + " carries no monitors (checkpoint a run with --monitor LIST)");
    return;
  }
  const mask = canonMask(s.monitorsAt, s.monitorsLen);
  if (mask == 0) refuse(s.name + ": " + errorMessage());
  monitorsEnable(mask, out);
}

/** Loads the monitors' counters into the restored workload. */
export function restoreSnapshotMonitors(s: SnapshotRef): void {
  if (s.monitorsAt == 0) return;
  if (!monitorLoad(s.monitorsAt, s.monitorsLen)) refuse(s.name + ": " + errorMessage());
}
