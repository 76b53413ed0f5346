// Monitor `branches`: per br_if / if / br_table site, how often each way was
// taken (M_BR_IF, M_BR_IF_NOT, M_BR_TABLE counters in the shadow). br_if is a
// BR_IF (jump = taken) or, when values move, a BR_IF_NOT around the moves
// (jump = not taken); `if` is a BR_IF_NOT (jump = else arm).
// Rows: [function index, offset, opcode, n, n counts]: br_if and if have
// n = 2 (taken / then, not taken / else); br_table n = targets + default.

import { IOp } from "../ops";
import { instrWords } from "./lengths";
import { put64 } from "./rows";
import { shadowAt } from "./shadow";
import { lastEntryAtOrBefore, watchedFuncs } from "./segments";
import { watched } from "./state";

/**
 * Every branch site of the watched functions, in code order, as flat records
 * [function index, original offset, n, n counts]: br_if and if have n = 2
 * (taken / then, not taken / else); br_table n = targets + default. The
 * report and snapshot section 11 (canon-save.ts) both read this.
 */
export function branchSites(): Array<u64> {
  const out = new Array<u64>();
  const fs = watchedFuncs();
  for (let i = 0; i < fs.length; i++) {
    const v = fs[i];
    const code = v.code;
    const end = code + (<usize>v.cf.code.length << 2);
    let p = code;
    while (p < end) {
      const op = load<i32>(p);
      const n = instrWords(p);
      if (n == 0) break;
      if (op == IOp.M_BR_IF || op == IOp.M_BR_IF_NOT || op == IOp.M_BR_TABLE) {
        const j = lastEntryAtOrBefore(v.cf, <u32>((p - code) >> 2));
        const s = shadowAt(p, v.func);
        if (j >= 0) {
          out.push(<u64>v.index);
          out.push(<u64>v.offset(j));
          if (op == IOp.M_BR_TABLE) {
            const targets = load<u32>(p, 8) + 1;
            out.push(<u64>targets);
            for (let t: u32 = 0; t < targets; t++) out.push(load<u64>(s + (<usize>t << 3)));
          } else {
            const jumped = load<u64>(s), fell = load<u64>(s, 8);
            const jumpIsTaken = op == IOp.M_BR_IF;
            out.push(2);
            out.push(jumpIsTaken ? jumped : fell);
            out.push(jumpIsTaken ? fell : jumped);
          }
        }
      }
      p += <usize>n << 2;
    }
  }
  return out;
}

export function reportBranches(): void {
  const d = watched;
  if (d == null) return;
  const bytes = d.compiled.module.bytes;
  const sites = branchSites();
  for (let k = 0; k < sites.length;) {
    const off = sites[k + 1];
    const n = <i32>sites[k + 2];
    put64(sites[k]);
    put64(off);
    put64(<u64>bytes[<i32>off]);
    put64(<u64>n);
    for (let t = 0; t < n; t++) put64(sites[k + 3 + t]);
    k += 3 + n;
  }
}
