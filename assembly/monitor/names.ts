// Monitor names and their MonitorBit (kinds.ts), in registry order: the same
// list as the host's instrument/monitors/index.ts. Used by the snapshot's
// monitors section (canon-save.ts, canon-load.ts) and the WASI build's
// --monitor option.

export const MONITOR_NAMES: string[] = ["count", "opcodes", "profile", "coverage", "branches", "calls", "memory", "hotness"];

/** The MonitorBit of monitor `name`, or 0. */
export function monitorBit(name: string): u32 {
  for (let i = 0; i < MONITOR_NAMES.length; i++) if (MONITOR_NAMES[i] == name) return <u32>1 << <u32>i;
  return 0;
}

/** Parses "a,b,..." or "all" into a mask; 0 with `badName` set on an unknown or empty list. */
export let badName: string = "";
export function parseMonitorNames(list: string): u32 {
  let mask: u32 = 0;
  badName = "";
  const parts = list.split(",");
  for (let i = 0; i < parts.length; i++) {
    const n = parts[i].trim();
    if (n.length == 0) continue;
    if (n == "all") {
      mask |= (<u32>1 << <u32>MONITOR_NAMES.length) - 1;
      continue;
    }
    const b = monitorBit(n);
    if (b == 0) {
      badName = n;
      return 0;
    }
    mask |= b;
  }
  return mask;
}
