// Reads the instruction at a module byte offset (instrument/): its opcode and
// the immediates the probe kinds present (memarg, function and label indices,
// br_table labels). The offsets come from the VM (ferry_func_offsets), so only
// the instructions of interest are decoded, never a whole body.

/** Opcode at `off`; for the 0xFC prefix, 0xFC00 | the LEB sub-opcode. */
export function opcodeAt(bytes: Uint8Array, off: number): number {
  const b = bytes[off]!;
  if (b !== 0xfc) return b;
  return 0xfc00 | readU32(bytes, off + 1)[0];
}

/** Unsigned LEB128 at `pos`: [value, next position]. */
export function readU32(bytes: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    if (b === undefined) throw new RangeError("LEB128 past the end of the module");
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
  }
}

/** The first u32 immediate of the instruction at `off` (call f, br l, br_if l, table or memory index...). */
export function indexAt(bytes: Uint8Array, off: number): number {
  return readU32(bytes, off + 1)[0];
}

/** The memarg offset of a load or store at `off`. */
export function memOffsetAt(bytes: Uint8Array, off: number): number {
  const [, p] = readU32(bytes, off + 1); // alignment
  return readU32(bytes, p)[0];
}

/** br_table's labels at `off`: the n targets then the default. */
export function brTableAt(bytes: Uint8Array, off: number): { labels: number[]; defaultLabel: number } {
  let [n, p] = readU32(bytes, off + 1);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const [l, q] = readU32(bytes, p);
    labels.push(l);
    p = q;
  }
  return { labels, defaultLabel: readU32(bytes, p)[0] };
}

/** call_indirect's type index and table index at `off`. */
export function callIndirectAt(bytes: Uint8Array, off: number): { typeIndex: number; table: number } {
  const [typeIndex, p] = readU32(bytes, off + 1);
  return { typeIndex, table: readU32(bytes, p)[0] };
}

/** A memory access instruction: direction, bytes accessed, sign extension of loads, value type. */
export interface MemOp {
  name: string;
  store: boolean;
  size: 1 | 2 | 4 | 8;
  signed: boolean;
  type: "i32" | "i64" | "f32" | "f64";
}

const MEM_OPS: Record<number, MemOp> = {};
function memOp(code: number, name: string, store: boolean, size: 1 | 2 | 4 | 8, signed: boolean, type: MemOp["type"]): void {
  MEM_OPS[code] = { name, store, size, signed, type };
}
memOp(0x28, "i32.load", false, 4, false, "i32");
memOp(0x29, "i64.load", false, 8, false, "i64");
memOp(0x2a, "f32.load", false, 4, false, "f32");
memOp(0x2b, "f64.load", false, 8, false, "f64");
memOp(0x2c, "i32.load8_s", false, 1, true, "i32");
memOp(0x2d, "i32.load8_u", false, 1, false, "i32");
memOp(0x2e, "i32.load16_s", false, 2, true, "i32");
memOp(0x2f, "i32.load16_u", false, 2, false, "i32");
memOp(0x30, "i64.load8_s", false, 1, true, "i64");
memOp(0x31, "i64.load8_u", false, 1, false, "i64");
memOp(0x32, "i64.load16_s", false, 2, true, "i64");
memOp(0x33, "i64.load16_u", false, 2, false, "i64");
memOp(0x34, "i64.load32_s", false, 4, true, "i64");
memOp(0x35, "i64.load32_u", false, 4, false, "i64");
memOp(0x36, "i32.store", true, 4, false, "i32");
memOp(0x37, "i64.store", true, 8, false, "i64");
memOp(0x38, "f32.store", true, 4, false, "f32");
memOp(0x39, "f64.store", true, 8, false, "f64");
memOp(0x3a, "i32.store8", true, 1, false, "i32");
memOp(0x3b, "i32.store16", true, 2, false, "i32");
memOp(0x3c, "i64.store8", true, 1, false, "i64");
memOp(0x3d, "i64.store16", true, 2, false, "i64");
memOp(0x3e, "i64.store32", true, 4, false, "i64");

/** The memory access of opcode `op`, or undefined. */
export function memOpOf(op: number): MemOp | undefined {
  return MEM_OPS[op];
}

/** Wasm opcodes the probe kinds look for. */
export const OP = {
  BLOCK: 0x02, LOOP: 0x03, IF: 0x04, ELSE: 0x05, END: 0x0b, BR: 0x0c, BR_IF: 0x0d, BR_TABLE: 0x0e,
  RETURN: 0x0f, CALL: 0x10, CALL_INDIRECT: 0x11, MEMORY_GROW: 0x40,
} as const;
