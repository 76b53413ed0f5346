// The WASI build's own command line, before the workload's:
//   ferry-wasi.wasm [--host-dir HOST::GUEST]... [--checkpoint-after N --snapshot FILE] app.wasm [args...]
//   ferry-wasi.wasm [--host-dir HOST::GUEST]... [--checkpoint-after N --snapshot FILE] --resume FILE
// --trigger-file PATH (with --snapshot FILE) checkpoints as soon as PATH, a
// file inside a preopened directory, exists (trigger.ts).
// --label PATH::SHOWN names a snapshot PATH as SHOWN in messages (the
// user's own path, not the guest one). --host-dir gives the host path of the preopened directory named GUEST (the
// snapshot's host section records host paths, which a WASI program cannot
// see); FILE paths are inside preopened directories. "--" ends the options.
// --monitor LIST (names, or all) computes the in-VM monitors; --monitor-out
// PATH writes their rows as JSON (wasi/monitors.ts; with --resume: the
// monitors the snapshot carries).

import { StringList, stringAt } from "./args";
import { refuse } from "./refuse";
import { MONITOR_NAMES, badName, parseMonitorNames } from "../monitor/names";
import { hostDirGuest, hostDirHost } from "./shadow-fds";

export const USAGE = "usage: ferry-wasi.wasm [--host-dir HOST::GUEST]... [--label PATH::SHOWN]... [--checkpoint-after N] [--trigger-file PATH]... [--snapshot FILE] [--monitor LIST] [--monitor-out PATH] (app.wasm [args...] | --resume FILE)";

const labelPath: string[] = [];
const labelShown: string[] = [];

/** How messages name snapshot path `p` (--label). */
export function shown(p: string): string {
  for (let i = 0; i < labelPath.length; i++) if (labelPath[i] == p) return labelShown[i];
  return p;
}

/** The parsed options. */
export class VmOptions {
  /** Instructions before the checkpoint, -1 for none. */
  checkpointAfter: i64 = -1;
  snapshot: string = "";
  /** Checkpoint when one of these files exists (trigger.ts). */
  triggerFiles: string[] = [];
  /** Snapshot to resume, "" to run app.wasm. */
  resume: string = "";
  /** --monitor LIST as a MonitorBit mask (0: none); --monitor-out PATH. */
  monitors: u32 = 0;
  monitorOut: string = "";
  /** Index in argv of the workload's path (its argv[0]); -1 when resuming. */
  app: i32 = -1;
}

function isDecimal(s: string): bool {
  if (s.length == 0 || s.length > 18) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Parses the VM's argv (argv[0] is the VM); refuses with the usage on anything wrong. */
export function parseOptions(argv: StringList): VmOptions {
  const o = new VmOptions();
  const n = argv.offs.length;
  let i = 1;
  while (i < n) {
    const a = stringAt(argv, i);
    if (a == "--") { i++; break; }
    if (!a.startsWith("--")) break;
    if (i + 1 >= n) refuse(a + " needs a value (" + USAGE + ")");
    const v = stringAt(argv, i + 1);
    if (a == "--checkpoint-after") {
      if (!isDecimal(v) || I64.parseInt(v, 10) < 1) refuse("--checkpoint-after expects an integer >= 1, got " + v);
      o.checkpointAfter = I64.parseInt(v, 10);
    } else if (a == "--snapshot") o.snapshot = v;
    else if (a == "--trigger-file") o.triggerFiles.push(v);
    else if (a == "--resume") o.resume = v;
    else if (a == "--monitor") {
      const mask = parseMonitorNames(v);
      if (mask == 0) refuse(badName != "" ? "unknown monitor \"" + badName + "\" (monitors: " + MONITOR_NAMES.join(", ") + ")" : "--monitor needs at least one monitor name");
      o.monitors |= mask;
    } else if (a == "--monitor-out") o.monitorOut = v;
    else if (a == "--host-dir") {
      const k = v.indexOf("::");
      if (k < 0) refuse("--host-dir expects HOST::GUEST, got " + v);
      hostDirHost.push(v.slice(0, k));
      hostDirGuest.push(v.slice(k + 2));
    } else if (a == "--label") {
      const k = v.indexOf("::");
      if (k < 0) refuse("--label expects PATH::SHOWN, got " + v);
      labelPath.push(v.slice(0, k));
      labelShown.push(v.slice(k + 2));
    } else refuse("unknown option " + a + " (" + USAGE + ")");
    i += 2;
  }
  if (o.monitorOut != "" && o.monitors == 0 && o.resume == "") refuse("--monitor-out needs --monitor LIST");
  if ((o.checkpointAfter < 0 && o.triggerFiles.length == 0) != (o.snapshot == "")) refuse("--snapshot goes with --checkpoint-after or --trigger-file (" + USAGE + ")");
  if (o.resume != "") {
    if (i < n) refuse("--resume takes no workload (" + USAGE + ")");
    if (o.monitors != 0) refuse("--resume takes its monitors from the snapshot (--monitor-out PATH writes their report)");
  } else {
    if (i >= n) refuse(USAGE);
    o.app = i;
  }
  return o;
}
