// Monitor `count`: executed Wasm instructions. Free: it is the fuel the VM
// charges per segment anyway, less what a trap left unrun.
// Row: [instructions].

import { Machine } from "../exec/frames";
import { put64 } from "./rows";
import { trapRemainder, trapView } from "./segments";

export function reportCount(): void {
  const v = trapView();
  const r: u64 = v == null ? 0 : trapRemainder(v).fuel;
  put64(Machine.fuelUsed - r);
}
