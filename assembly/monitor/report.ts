// Builds the raw rows of one monitor (ferry_monitor_report): dispatches to
// the monitor's own file. The host (instrument/monitors/) decodes the rows.

import { MonitorBit } from "./kinds";
import { rowsReset } from "./rows";
import { monitorMask } from "./state";
import { reportCount } from "./count";
import { reportOpcodes } from "./opcodes";
import { reportProfile } from "./profile";
import { reportCoverage } from "./coverage";
import { reportBranches } from "./branches";
import { reportCalls } from "./calls";
import { reportMemory } from "./memory";
import { reportHotness } from "./hotness";

/** Fills the rows of monitor `bit` (a single MonitorBit); false if it is not enabled. */
export function monitorReport(bit: u32): bool {
  rowsReset();
  if ((monitorMask & bit) == 0) return false;
  switch (bit) {
    case MonitorBit.COUNT: reportCount(); break;
    case MonitorBit.OPCODES: reportOpcodes(); break;
    case MonitorBit.PROFILE: reportProfile(); break;
    case MonitorBit.COVERAGE: reportCoverage(); break;
    case MonitorBit.BRANCHES: reportBranches(); break;
    case MonitorBit.CALLS: reportCalls(); break;
    case MonitorBit.MEMORY: reportMemory(); break;
    case MonitorBit.HOTNESS: reportHotness(); break;
    default: return false;
  }
  return true;
}
