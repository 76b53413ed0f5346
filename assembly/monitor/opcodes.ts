// Monitor `opcodes`: executions per Wasm opcode = segment counts x the static
// opcodes of each segment. Rows: [key, count] with key = the opcode byte, or
// 0x100 + sub-opcode for 0xFC-prefixed ones (ferry_opcode_name names them).

import { put64 } from "./rows";
import { FuncView, watchedFuncs } from "./segments";
import { watched } from "./state";

/** The opcode key of the instruction at module offset `off`. */
export function opcodeKey(bytes: Uint8Array, off: u32): u32 {
  const op = <u32>bytes[off];
  if (op != 0xfc) return op;
  let sub: u32 = 0, shift: u32 = 0, i = off + 1;
  while (i < <u32>bytes.length) {
    const b = <u32>bytes[i++];
    sub |= (b & 0x7f) << shift;
    if ((b & 0x80) == 0) break;
    shift += 7;
  }
  return 0x100 + sub;
}

export function reportOpcodes(): void {
  const d = watched;
  if (d == null) return;
  const bytes = d.compiled.module.bytes;
  const hist = new Array<u64>(0x200).fill(0);
  const fs = watchedFuncs();
  for (let i = 0; i < fs.length; i++) {
    const v: FuncView = fs[i];
    const c = v.instrCounts();
    for (let j = 0; j < c.length; j++) {
      if (c[j] == 0) continue;
      const k = opcodeKey(bytes, v.offset(j));
      if (k < 0x200) hist[k] += c[j];
    }
  }
  for (let k = 0; k < 0x200; k++) {
    if (hist[k] == 0) continue;
    put64(<u64>k);
    put64(hist[k]);
  }
}
