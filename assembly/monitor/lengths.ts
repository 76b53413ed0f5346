// Length in code words of each internal instruction (ops.ts encoding), so a
// monitor copy of a function can be walked instruction by instruction.

import { IOp } from "../ops";

/** Number of words of the instruction whose opcode word is at `p` (0 for an unknown opcode). */
export function instrWords(p: usize): u32 {
  const op = load<i32>(p);
  switch (op) {
    case IOp.UNREACHABLE: return 1;
    case IOp.FUEL: case IOp.BR: case IOp.MEMORY_SIZE: case IOp.DATA_DROP: case IOp.ELEM_DROP: return 2;
    case IOp.BR_IF: case IOp.BR_IF_NOT: case IOp.RETURN: case IOp.CALL: case IOp.COPY:
    case IOp.GLOBAL_GET: case IOp.GLOBAL_SET: case IOp.CONST32: case IOp.REF_FUNC:
    case IOp.MEMORY_GROW: case IOp.TABLE_SIZE: return 3;
    case IOp.BR_TABLE: return load<u32>(p, 8) + 4;
    case IOp.CALL_INDIRECT: case IOp.SELECT: case IOp.MEMORY_INIT: case IOp.TABLE_GROW: case IOp.TABLE_FILL: return 5;
    case IOp.CONST64: case IOp.MEMORY_FILL: case IOp.MEMORY_COPY: case IOp.TABLE_GET: case IOp.TABLE_SET: return 4;
    case IOp.TABLE_COPY: case IOp.TABLE_INIT: return 6;
    case IOp.M_FUEL: return 2;
    case IOp.M_BR_IF: case IOp.M_BR_IF_NOT: case IOp.M_CALL: case IOp.M_RETURN: return 3;
    case IOp.M_BR_TABLE: return load<u32>(p, 8) + 4;
    case IOp.M_CALL_INDIRECT: return 5;
    case IOp.M_MEM: return 4;
    default: break;
  }
  if (op >= IOp.I32_LOAD && op <= IOp.STORE64) return 4;
  // Fused instructions (compile/fold.ts): OP_K S S K, BR_<cmp> S S T, BR_<cmp>_K S K T.
  if (op >= IOp.I32_EQ_K && op <= IOp.BR_I64_GE_U_K) return 4;
  if (op == IOp.STEP || op == IOp.PROBE) return 4;
  // Superinstructions (perf block of ops.ts): OP S K64 S / OP S K64 T / LOAD_A S S K K.
  if (op >= IOp.F64_ADD_K && op <= IOp.I64_LOAD32_U_A) return 5;
  if (op == IOp.I32_LOAD_SA || op == IOp.I64_LOAD_SA) return 6;
  if (op >= IOp.I32_ROTL_K && op <= IOp.I64_ROTR_K) return 4;
  if (op >= IOp.ADDK_BR_EQ && op <= IOp.ADDK_BR_GE_U_K) return 7;
  if (op == IOp.ADDK_BR_NZ || op == IOp.ADDK_BR_Z) return 6;
  if (op == IOp.I32_EQZ || op == IOp.I64_EQZ) return 3;
  if (op >= IOp.I32_EQ && op <= IOp.F64_GE) return 4;
  if ((op >= IOp.I32_CLZ && op <= IOp.I32_POPCNT) || (op >= IOp.I64_CLZ && op <= IOp.I64_POPCNT)) return 3;
  if (op >= IOp.I32_ADD && op <= IOp.I32_ROTR) return 4;
  if (op >= IOp.I64_ADD && op <= IOp.I64_ROTR) return 4;
  if ((op >= IOp.F32_ABS && op <= IOp.F32_SQRT) || (op >= IOp.F64_ABS && op <= IOp.F64_SQRT)) return 3;
  if ((op >= IOp.F32_ADD && op <= IOp.F32_COPYSIGN) || (op >= IOp.F64_ADD && op <= IOp.F64_COPYSIGN)) return 4;
  if (op >= IOp.I32_WRAP_I64 && op <= IOp.I64_TRUNC_SAT_F64_U) return 3;
  return 0;
}
