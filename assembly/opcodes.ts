// The WebAssembly opcode table: every 2.0 opcode with its mnemonic, immediate
// kind and, for plain numeric instructions, its stack signature. Read by the
// decoder (to skip immediates in constant expressions), the validator/translator,
// the tracer and the monitors. Names are greppable: Op.I32_ADD is `i32.add`.

/** Kind of immediate that follows an opcode in the binary format. */
export const enum Imm {
  NONE = 0,
  BLOCKTYPE = 1,   // s33 block type: 0x40 empty, a valtype, or a type index
  LABEL = 2,       // u32 label index
  BR_TABLE = 3,    // vec(u32) + u32 default
  FUNC = 4,        // u32 function index
  CALL_INDIRECT = 5, // u32 type index, u32 table index
  SELECT_T = 6,    // vec(valtype)
  LOCAL = 7,       // u32 local index
  GLOBAL = 8,      // u32 global index
  TABLE = 9,       // u32 table index
  MEMARG = 10,     // u32 align, u32 offset
  MEMORY = 11,     // one 0x00 byte (memory index, must be 0 in 2.0)
  I32 = 12,        // s32 LEB
  I64 = 13,        // s64 LEB
  F32 = 14,        // 4 bytes
  F64 = 15,        // 8 bytes
  REFTYPE = 16,    // one reftype byte
  // 0xFC-prefixed forms
  DATA_MEMORY = 17,  // memory.init: u32 data index, 0x00
  DATA = 18,         // data.drop: u32 data index
  MEMORY_MEMORY = 19,// memory.copy: 0x00 0x00
  ELEM_TABLE = 20,   // table.init: u32 elem index, u32 table index
  ELEM = 21,         // elem.drop: u32 elem index
  TABLE_TABLE = 22,  // table.copy: u32 dst table, u32 src table
  UNKNOWN = 255,
}

/** Value type codes as they appear in the binary format. */
export const enum ValType {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FUNCREF = 0x70,
  EXTERNREF = 0x6f,
}

/** Single-byte opcodes. */
export const enum Op {
  UNREACHABLE = 0x00, NOP = 0x01, BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05,
  END = 0x0b, BR = 0x0c, BR_IF = 0x0d, BR_TABLE = 0x0e, RETURN = 0x0f,
  CALL = 0x10, CALL_INDIRECT = 0x11,
  DROP = 0x1a, SELECT = 0x1b, SELECT_T = 0x1c,
  LOCAL_GET = 0x20, LOCAL_SET = 0x21, LOCAL_TEE = 0x22, GLOBAL_GET = 0x23, GLOBAL_SET = 0x24,
  TABLE_GET = 0x25, TABLE_SET = 0x26,
  I32_LOAD = 0x28, I64_LOAD = 0x29, F32_LOAD = 0x2a, F64_LOAD = 0x2b,
  I32_LOAD8_S = 0x2c, I32_LOAD8_U = 0x2d, I32_LOAD16_S = 0x2e, I32_LOAD16_U = 0x2f,
  I64_LOAD8_S = 0x30, I64_LOAD8_U = 0x31, I64_LOAD16_S = 0x32, I64_LOAD16_U = 0x33,
  I64_LOAD32_S = 0x34, I64_LOAD32_U = 0x35,
  I32_STORE = 0x36, I64_STORE = 0x37, F32_STORE = 0x38, F64_STORE = 0x39,
  I32_STORE8 = 0x3a, I32_STORE16 = 0x3b, I64_STORE8 = 0x3c, I64_STORE16 = 0x3d, I64_STORE32 = 0x3e,
  MEMORY_SIZE = 0x3f, MEMORY_GROW = 0x40,
  I32_CONST = 0x41, I64_CONST = 0x42, F32_CONST = 0x43, F64_CONST = 0x44,
  I32_EQZ = 0x45, I32_EQ = 0x46, I32_NE = 0x47, I32_LT_S = 0x48, I32_LT_U = 0x49,
  I32_GT_S = 0x4a, I32_GT_U = 0x4b, I32_LE_S = 0x4c, I32_LE_U = 0x4d, I32_GE_S = 0x4e, I32_GE_U = 0x4f,
  I64_EQZ = 0x50, I64_EQ = 0x51, I64_NE = 0x52, I64_LT_S = 0x53, I64_LT_U = 0x54,
  I64_GT_S = 0x55, I64_GT_U = 0x56, I64_LE_S = 0x57, I64_LE_U = 0x58, I64_GE_S = 0x59, I64_GE_U = 0x5a,
  F32_EQ = 0x5b, F32_NE = 0x5c, F32_LT = 0x5d, F32_GT = 0x5e, F32_LE = 0x5f, F32_GE = 0x60,
  F64_EQ = 0x61, F64_NE = 0x62, F64_LT = 0x63, F64_GT = 0x64, F64_LE = 0x65, F64_GE = 0x66,
  I32_CLZ = 0x67, I32_CTZ = 0x68, I32_POPCNT = 0x69, I32_ADD = 0x6a, I32_SUB = 0x6b, I32_MUL = 0x6c,
  I32_DIV_S = 0x6d, I32_DIV_U = 0x6e, I32_REM_S = 0x6f, I32_REM_U = 0x70, I32_AND = 0x71, I32_OR = 0x72,
  I32_XOR = 0x73, I32_SHL = 0x74, I32_SHR_S = 0x75, I32_SHR_U = 0x76, I32_ROTL = 0x77, I32_ROTR = 0x78,
  I64_CLZ = 0x79, I64_CTZ = 0x7a, I64_POPCNT = 0x7b, I64_ADD = 0x7c, I64_SUB = 0x7d, I64_MUL = 0x7e,
  I64_DIV_S = 0x7f, I64_DIV_U = 0x80, I64_REM_S = 0x81, I64_REM_U = 0x82, I64_AND = 0x83, I64_OR = 0x84,
  I64_XOR = 0x85, I64_SHL = 0x86, I64_SHR_S = 0x87, I64_SHR_U = 0x88, I64_ROTL = 0x89, I64_ROTR = 0x8a,
  F32_ABS = 0x8b, F32_NEG = 0x8c, F32_CEIL = 0x8d, F32_FLOOR = 0x8e, F32_TRUNC = 0x8f, F32_NEAREST = 0x90,
  F32_SQRT = 0x91, F32_ADD = 0x92, F32_SUB = 0x93, F32_MUL = 0x94, F32_DIV = 0x95, F32_MIN = 0x96,
  F32_MAX = 0x97, F32_COPYSIGN = 0x98,
  F64_ABS = 0x99, F64_NEG = 0x9a, F64_CEIL = 0x9b, F64_FLOOR = 0x9c, F64_TRUNC = 0x9d, F64_NEAREST = 0x9e,
  F64_SQRT = 0x9f, F64_ADD = 0xa0, F64_SUB = 0xa1, F64_MUL = 0xa2, F64_DIV = 0xa3, F64_MIN = 0xa4,
  F64_MAX = 0xa5, F64_COPYSIGN = 0xa6,
  I32_WRAP_I64 = 0xa7, I32_TRUNC_F32_S = 0xa8, I32_TRUNC_F32_U = 0xa9, I32_TRUNC_F64_S = 0xaa,
  I32_TRUNC_F64_U = 0xab, I64_EXTEND_I32_S = 0xac, I64_EXTEND_I32_U = 0xad, I64_TRUNC_F32_S = 0xae,
  I64_TRUNC_F32_U = 0xaf, I64_TRUNC_F64_S = 0xb0, I64_TRUNC_F64_U = 0xb1,
  F32_CONVERT_I32_S = 0xb2, F32_CONVERT_I32_U = 0xb3, F32_CONVERT_I64_S = 0xb4, F32_CONVERT_I64_U = 0xb5,
  F32_DEMOTE_F64 = 0xb6, F64_CONVERT_I32_S = 0xb7, F64_CONVERT_I32_U = 0xb8, F64_CONVERT_I64_S = 0xb9,
  F64_CONVERT_I64_U = 0xba, F64_PROMOTE_F32 = 0xbb,
  I32_REINTERPRET_F32 = 0xbc, I64_REINTERPRET_F64 = 0xbd, F32_REINTERPRET_I32 = 0xbe, F64_REINTERPRET_I64 = 0xbf,
  I32_EXTEND8_S = 0xc0, I32_EXTEND16_S = 0xc1, I64_EXTEND8_S = 0xc2, I64_EXTEND16_S = 0xc3, I64_EXTEND32_S = 0xc4,
  REF_NULL = 0xd0, REF_IS_NULL = 0xd1, REF_FUNC = 0xd2,
  PREFIX_FC = 0xfc, PREFIX_SIMD = 0xfd,
}

/** Sub-opcodes after the 0xFC prefix (u32 LEB). */
export const enum OpFC {
  I32_TRUNC_SAT_F32_S = 0, I32_TRUNC_SAT_F32_U = 1, I32_TRUNC_SAT_F64_S = 2, I32_TRUNC_SAT_F64_U = 3,
  I64_TRUNC_SAT_F32_S = 4, I64_TRUNC_SAT_F32_U = 5, I64_TRUNC_SAT_F64_S = 6, I64_TRUNC_SAT_F64_U = 7,
  MEMORY_INIT = 8, DATA_DROP = 9, MEMORY_COPY = 10, MEMORY_FILL = 11,
  TABLE_INIT = 12, ELEM_DROP = 13, TABLE_COPY = 14, TABLE_GROW = 15, TABLE_SIZE = 16, TABLE_FILL = 17,
}

/** Immediate kind of a single-byte opcode; Imm.UNKNOWN if the byte is not an opcode. */
export function immOf(op: u32): Imm {
  if (op >= 0x45 && op <= 0xc4) return Imm.NONE; // numeric instructions
  if (op >= 0x28 && op <= 0x3e) return Imm.MEMARG;
  switch (op) {
    case 0x00: case 0x01: case 0x05: case 0x0b: case 0x0f: case 0x1a: case 0x1b: case 0xd1:
      return Imm.NONE;
    case 0x02: case 0x03: case 0x04: return Imm.BLOCKTYPE;
    case 0x0c: case 0x0d: return Imm.LABEL;
    case 0x0e: return Imm.BR_TABLE;
    case 0x10: case 0xd2: return Imm.FUNC;
    case 0x11: return Imm.CALL_INDIRECT;
    case 0x1c: return Imm.SELECT_T;
    case 0x20: case 0x21: case 0x22: return Imm.LOCAL;
    case 0x23: case 0x24: return Imm.GLOBAL;
    case 0x25: case 0x26: return Imm.TABLE;
    case 0x3f: case 0x40: return Imm.MEMORY;
    case 0x41: return Imm.I32;
    case 0x42: return Imm.I64;
    case 0x43: return Imm.F32;
    case 0x44: return Imm.F64;
    case 0xd0: return Imm.REFTYPE;
  }
  return Imm.UNKNOWN;
}

/** Immediate kind of a 0xFC sub-opcode; Imm.UNKNOWN if unknown. */
export function immOfFC(sub: u32): Imm {
  if (sub <= 7) return Imm.NONE;
  switch (sub) {
    case 8: return Imm.DATA_MEMORY;
    case 9: return Imm.DATA;
    case 10: return Imm.MEMORY_MEMORY;
    case 11: return Imm.MEMORY;
    case 12: return Imm.ELEM_TABLE;
    case 13: return Imm.ELEM;
    case 14: return Imm.TABLE_TABLE;
    case 15: case 16: case 17: return Imm.TABLE;
  }
  return Imm.UNKNOWN;
}

// Stack signatures of the numeric opcodes 0x45..0xc4 and 0xFC 0..7, three
// characters each: operand 1, operand 2 ('_' if unary), result. Letters:
// i = i32, I = i64, f = f32, F = f64.
const NUMERIC_SIGS =
  // 0x45 i32.eqz .. 0x4f
  "i_i" + "iii".repeat(10) +
  // 0x50 i64.eqz .. 0x5a
  "I_i" + "IIi".repeat(10) +
  // 0x5b f32 compares (6), 0x61 f64 compares (6)
  "ffi".repeat(6) + "FFi".repeat(6) +
  // 0x67 i32 clz ctz popcnt, 0x6a..0x78 binary (15)
  "i_i".repeat(3) + "iii".repeat(15) +
  // 0x79 i64 clz ctz popcnt, 0x7c..0x8a binary (15)
  "I_I".repeat(3) + "III".repeat(15) +
  // 0x8b f32 unary (7), 0x92 binary (7)
  "f_f".repeat(7) + "fff".repeat(7) +
  // 0x99 f64 unary (7), 0xa0 binary (7)
  "F_F".repeat(7) + "FFF".repeat(7) +
  // 0xa7 i32.wrap_i64, trunc f32 s/u, trunc f64 s/u
  "I_i" + "f_i" + "f_i" + "F_i" + "F_i" +
  // 0xac i64.extend_i32 s/u, 0xae i64.trunc f32 s/u, f64 s/u
  "i_I" + "i_I" + "f_I" + "f_I" + "F_I" + "F_I" +
  // 0xb2 f32.convert i32 s/u, i64 s/u, demote
  "i_f" + "i_f" + "I_f" + "I_f" + "F_f" +
  // 0xb7 f64.convert i32 s/u, i64 s/u, promote
  "i_F" + "i_F" + "I_F" + "I_F" + "f_F" +
  // 0xbc reinterprets
  "f_i" + "F_I" + "i_f" + "I_F" +
  // 0xc0 sign extension
  "i_i" + "i_i" + "I_I" + "I_I" + "I_I";

const SAT_SIGS = "f_i" + "f_i" + "F_i" + "F_i" + "f_I" + "f_I" + "F_I" + "F_I";

function sigType(c: i32): u8 {
  if (c == 0x69) return <u8>ValType.I32;      // 'i'
  if (c == 0x49) return <u8>ValType.I64;      // 'I'
  if (c == 0x66) return <u8>ValType.F32;      // 'f'
  if (c == 0x46) return <u8>ValType.F64;      // 'F'
  return 0;                               // '_': no operand
}

/** For numeric opcode 0x45..0xc4: type of operand k (0 or 1; 0 if absent) or of the result (k = 2). */
export function numericSig(op: u32, k: i32): u8 {
  return sigType(NUMERIC_SIGS.charCodeAt(<i32>(op - 0x45) * 3 + k));
}

/** For 0xFC sub-opcodes 0..7 (saturating truncations): like numericSig. */
export function satSig(sub: u32, k: i32): u8 {
  return sigType(SAT_SIGS.charCodeAt(<i32>sub * 3 + k));
}

const NAMES_00: string[] = [
  "unreachable", "nop", "block", "loop", "if", "else", "", "", "", "", "", "end",
  "br", "br_if", "br_table", "return", "call", "call_indirect", "", "", "", "", "", "", "", "",
  "drop", "select", "select", "", "", "",
  "local.get", "local.set", "local.tee", "global.get", "global.set", "table.get", "table.set", "",
  "i32.load", "i64.load", "f32.load", "f64.load", "i32.load8_s", "i32.load8_u", "i32.load16_s",
  "i32.load16_u", "i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u", "i64.load32_s",
  "i64.load32_u", "i32.store", "i64.store", "f32.store", "f64.store", "i32.store8", "i32.store16",
  "i64.store8", "i64.store16", "i64.store32", "memory.size", "memory.grow",
  "i32.const", "i64.const", "f32.const", "f64.const",
  "i32.eqz", "i32.eq", "i32.ne", "i32.lt_s", "i32.lt_u", "i32.gt_s", "i32.gt_u", "i32.le_s", "i32.le_u",
  "i32.ge_s", "i32.ge_u",
  "i64.eqz", "i64.eq", "i64.ne", "i64.lt_s", "i64.lt_u", "i64.gt_s", "i64.gt_u", "i64.le_s", "i64.le_u",
  "i64.ge_s", "i64.ge_u",
  "f32.eq", "f32.ne", "f32.lt", "f32.gt", "f32.le", "f32.ge",
  "f64.eq", "f64.ne", "f64.lt", "f64.gt", "f64.le", "f64.ge",
  "i32.clz", "i32.ctz", "i32.popcnt", "i32.add", "i32.sub", "i32.mul", "i32.div_s", "i32.div_u",
  "i32.rem_s", "i32.rem_u", "i32.and", "i32.or", "i32.xor", "i32.shl", "i32.shr_s", "i32.shr_u",
  "i32.rotl", "i32.rotr",
  "i64.clz", "i64.ctz", "i64.popcnt", "i64.add", "i64.sub", "i64.mul", "i64.div_s", "i64.div_u",
  "i64.rem_s", "i64.rem_u", "i64.and", "i64.or", "i64.xor", "i64.shl", "i64.shr_s", "i64.shr_u",
  "i64.rotl", "i64.rotr",
  "f32.abs", "f32.neg", "f32.ceil", "f32.floor", "f32.trunc", "f32.nearest", "f32.sqrt", "f32.add",
  "f32.sub", "f32.mul", "f32.div", "f32.min", "f32.max", "f32.copysign",
  "f64.abs", "f64.neg", "f64.ceil", "f64.floor", "f64.trunc", "f64.nearest", "f64.sqrt", "f64.add",
  "f64.sub", "f64.mul", "f64.div", "f64.min", "f64.max", "f64.copysign",
  "i32.wrap_i64", "i32.trunc_f32_s", "i32.trunc_f32_u", "i32.trunc_f64_s", "i32.trunc_f64_u",
  "i64.extend_i32_s", "i64.extend_i32_u", "i64.trunc_f32_s", "i64.trunc_f32_u", "i64.trunc_f64_s",
  "i64.trunc_f64_u", "f32.convert_i32_s", "f32.convert_i32_u", "f32.convert_i64_s", "f32.convert_i64_u",
  "f32.demote_f64", "f64.convert_i32_s", "f64.convert_i32_u", "f64.convert_i64_s", "f64.convert_i64_u",
  "f64.promote_f32", "i32.reinterpret_f32", "i64.reinterpret_f64", "f32.reinterpret_i32",
  "f64.reinterpret_i64", "i32.extend8_s", "i32.extend16_s", "i64.extend8_s", "i64.extend16_s",
  "i64.extend32_s",
];

const NAMES_FC: string[] = [
  "i32.trunc_sat_f32_s", "i32.trunc_sat_f32_u", "i32.trunc_sat_f64_s", "i32.trunc_sat_f64_u",
  "i64.trunc_sat_f32_s", "i64.trunc_sat_f32_u", "i64.trunc_sat_f64_s", "i64.trunc_sat_f64_u",
  "memory.init", "data.drop", "memory.copy", "memory.fill", "table.init", "elem.drop", "table.copy",
  "table.grow", "table.size", "table.fill",
];

/** Mnemonic of a single-byte opcode ("" if unknown). */
export function opName(op: u32): string {
  if (op < <u32>NAMES_00.length) return NAMES_00[op];
  if (op == 0xd0) return "ref.null";
  if (op == 0xd1) return "ref.is_null";
  if (op == 0xd2) return "ref.func";
  return "";
}

/** Mnemonic of a 0xFC sub-opcode ("" if unknown). */
export function opNameFC(sub: u32): string {
  return sub < <u32>NAMES_FC.length ? NAMES_FC[sub] : "";
}
