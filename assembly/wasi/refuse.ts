// Ending the VM on bad input or a failed snapshot operation: one line
// `ferry: <message>` on stderr, exit code 2 (never a VM trap).

import { proc_exit } from "./imports";
import { writeText } from "./io";

/** Writes `ferry: msg` on stderr and exits with code 2; does not return. */
export function refuse(msg: string): void {
  writeText(2, "ferry: " + msg + "\n");
  proc_exit(2);
  unreachable();
}
