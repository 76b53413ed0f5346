// Ferry's internal instruction set: what the translator (assembly/compile/)
// emits and the interpreter loop (assembly/exec/) dispatches on. See
// docs/internals.md for the frame and record layouts these operands refer to.
//
// Encoding: a function's internal code is a sequence of little-endian u32
// words. An instruction is its opcode word followed by its operand words, in
// the order listed on each opcode below. Operand kinds:
//   S    slot: byte offset from fp of an 8-byte stack slot (locals first, then
//        the operand stack; slot i is at fp + 8*i). i32/f32/refs use the low 4
//        bytes; the high 4 bytes of such a slot are unspecified.
//   K    32-bit immediate. K64 = two words, low then high.
//   T    branch target: i32 byte offset relative to the first word (the opcode
//        word) of this instruction.
//   R:x  relocated immediate. The translator writes the module-level index;
//        instantiation (assembly/runtime/) rewrites it to an absolute VM
//        address: R:FUNC -> FuncInst, R:GLOBAL -> the global's 8-byte cell,
//        R:TABLE -> TableInst, R:TYPE -> canonical type id (not an address),
//        R:DATA -> DataInst, R:ELEM -> ElemInst. Memory ops always use memory 0
//        of the current instance (2.0 has at most one memory).
//
// The opcodes are dense from 0 so the dispatch `switch` compiles to one
// br_table. Numeric opcodes keep the Wasm mnemonic; f32/f64 loads, stores and
// reinterprets reuse the integer forms because slots hold raw bits.

export const enum IOp {
  // ---- control --------------------------------------------------------------
  /** Trap "unreachable". */
  UNREACHABLE = 0,
  /** FUEL K(cost): start of a straight-line segment of `cost` original
   * instructions. If fewer than `cost` units of fuel remain, yield with pc at
   * this instruction (nothing of the segment executed); else subtract. */
  FUEL,
  /** BR T */
  BR,
  /** BR_IF S(cond) T: jump if the i32 at cond is not zero. */
  BR_IF,
  /** BR_IF_NOT S(cond) T: jump if the i32 at cond is zero (used for `if`). */
  BR_IF_NOT,
  /** BR_TABLE S(index) K(n) T0 .. T(n-1) Tdefault: n+1 targets, all relative
   * to this instruction's opcode word. Targets needing value moves point at a
   * stub of COPYs ending in BR. */
  BR_TABLE,
  /** RETURN S(src) K(n): copy n slots from fp+src to fp+0 (ascending order),
   * then return to the caller (or finish the invocation). */
  RETURN,
  /** CALL R:FUNC S(base): call; the callee's frame starts at fp+base, where the
   * caller placed the arguments; results are left there. */
  CALL,
  /** CALL_INDIRECT R:TABLE R:TYPE S(index) S(base): traps "undefined element"
   * (index out of table), "uninitialized element" (null), "indirect call type
   * mismatch" (canonical type ids differ). */
  CALL_INDIRECT,
  /** COPY S(dst) S(src): 8-byte slot move (local.get/set/tee, branch values,
   * reinterprets). */
  COPY,
  /** SELECT S(dst) S(a) S(b) S(cond): dst = cond != 0 ? a : b (8 bytes). */
  SELECT,

  // ---- variables and constants ---------------------------------------------
  /** GLOBAL_GET S(dst) R:GLOBAL */
  GLOBAL_GET,
  /** GLOBAL_SET R:GLOBAL S(src) */
  GLOBAL_SET,
  /** CONST32 S(dst) K: also ref.null (0). */
  CONST32,
  /** CONST64 S(dst) K64 */
  CONST64,
  /** REF_FUNC S(dst) R:FUNC: stores the FuncInst address as the funcref. */
  REF_FUNC,

  // ---- memory: loads are OP S(dst) S(addr) K(offset); stores OP S(addr) S(value) K(offset)
  // Out of bounds traps "out of bounds memory access".
  I32_LOAD,      // also f32.load
  I64_LOAD,      // also f64.load
  I32_LOAD8_S, I32_LOAD8_U, I32_LOAD16_S, I32_LOAD16_U,
  I64_LOAD8_S, I64_LOAD8_U, I64_LOAD16_S, I64_LOAD16_U, I64_LOAD32_S, I64_LOAD32_U,
  STORE8,        // i32.store8, i64.store8
  STORE16,       // i32.store16, i64.store16
  STORE32,       // i32.store, f32.store, i64.store32
  STORE64,       // i64.store, f64.store
  /** MEMORY_SIZE S(dst) */
  MEMORY_SIZE,
  /** MEMORY_GROW S(dst) S(delta) (dst may equal delta) */
  MEMORY_GROW,
  /** MEMORY_FILL S(d) S(value) S(n) */
  MEMORY_FILL,
  /** MEMORY_COPY S(d) S(s) S(n) */
  MEMORY_COPY,
  /** MEMORY_INIT R:DATA S(d) S(s) S(n) */
  MEMORY_INIT,
  /** DATA_DROP R:DATA */
  DATA_DROP,

  // ---- tables (out of range traps "out of bounds table access") ------------
  /** TABLE_GET S(dst) R:TABLE S(index) */
  TABLE_GET,
  /** TABLE_SET R:TABLE S(index) S(value) */
  TABLE_SET,
  /** TABLE_SIZE S(dst) R:TABLE */
  TABLE_SIZE,
  /** TABLE_GROW S(dst) R:TABLE S(init) S(n) */
  TABLE_GROW,
  /** TABLE_FILL R:TABLE S(i) S(value) S(n) */
  TABLE_FILL,
  /** TABLE_COPY R:TABLE(dst) R:TABLE(src) S(d) S(s) S(n) */
  TABLE_COPY,
  /** TABLE_INIT R:TABLE R:ELEM S(d) S(s) S(n) */
  TABLE_INIT,
  /** ELEM_DROP R:ELEM */
  ELEM_DROP,

  // ---- numeric: unary OP S(dst) S(a); binary OP S(dst) S(a) S(b) -----------
  // ref.is_null is emitted as I32_EQZ; reinterprets as COPY.
  I32_EQZ, I32_EQ, I32_NE, I32_LT_S, I32_LT_U, I32_GT_S, I32_GT_U, I32_LE_S, I32_LE_U, I32_GE_S, I32_GE_U,
  I64_EQZ, I64_EQ, I64_NE, I64_LT_S, I64_LT_U, I64_GT_S, I64_GT_U, I64_LE_S, I64_LE_U, I64_GE_S, I64_GE_U,
  F32_EQ, F32_NE, F32_LT, F32_GT, F32_LE, F32_GE,
  F64_EQ, F64_NE, F64_LT, F64_GT, F64_LE, F64_GE,
  I32_CLZ, I32_CTZ, I32_POPCNT, I32_ADD, I32_SUB, I32_MUL, I32_DIV_S, I32_DIV_U, I32_REM_S, I32_REM_U,
  I32_AND, I32_OR, I32_XOR, I32_SHL, I32_SHR_S, I32_SHR_U, I32_ROTL, I32_ROTR,
  I64_CLZ, I64_CTZ, I64_POPCNT, I64_ADD, I64_SUB, I64_MUL, I64_DIV_S, I64_DIV_U, I64_REM_S, I64_REM_U,
  I64_AND, I64_OR, I64_XOR, I64_SHL, I64_SHR_S, I64_SHR_U, I64_ROTL, I64_ROTR,
  F32_ABS, F32_NEG, F32_CEIL, F32_FLOOR, F32_TRUNC, F32_NEAREST, F32_SQRT,
  F32_ADD, F32_SUB, F32_MUL, F32_DIV, F32_MIN, F32_MAX, F32_COPYSIGN,
  F64_ABS, F64_NEG, F64_CEIL, F64_FLOOR, F64_TRUNC, F64_NEAREST, F64_SQRT,
  F64_ADD, F64_SUB, F64_MUL, F64_DIV, F64_MIN, F64_MAX, F64_COPYSIGN,
  I32_WRAP_I64, I32_TRUNC_F32_S, I32_TRUNC_F32_U, I32_TRUNC_F64_S, I32_TRUNC_F64_U,
  I64_EXTEND_I32_S, I64_EXTEND_I32_U, I64_TRUNC_F32_S, I64_TRUNC_F32_U, I64_TRUNC_F64_S, I64_TRUNC_F64_U,
  F32_CONVERT_I32_S, F32_CONVERT_I32_U, F32_CONVERT_I64_S, F32_CONVERT_I64_U, F32_DEMOTE_F64,
  F64_CONVERT_I32_S, F64_CONVERT_I32_U, F64_CONVERT_I64_S, F64_CONVERT_I64_U, F64_PROMOTE_F32,
  I32_EXTEND8_S, I32_EXTEND16_S, I64_EXTEND8_S, I64_EXTEND16_S, I64_EXTEND32_S,
  I32_TRUNC_SAT_F32_S, I32_TRUNC_SAT_F32_U, I32_TRUNC_SAT_F64_S, I32_TRUNC_SAT_F64_U,
  I64_TRUNC_SAT_F32_S, I64_TRUNC_SAT_F32_U, I64_TRUNC_SAT_F64_S, I64_TRUNC_SAT_F64_U,

  // ---- fused instructions (compile/fold.ts) ----------------------------------
  /** Binary op with a constant right operand: OP_K S(dst) S(a) K. For i64 the K
   * is sign-extended to 64 bits. Same order as the plain compares (EQ..GE_U),
   * then ADD, SUB, MUL, AND, OR, XOR, SHL, SHR_S, SHR_U. */
  I32_EQ_K, I32_NE_K, I32_LT_S_K, I32_LT_U_K, I32_GT_S_K, I32_GT_U_K, I32_LE_S_K, I32_LE_U_K, I32_GE_S_K, I32_GE_U_K,
  I32_ADD_K, I32_SUB_K, I32_MUL_K, I32_AND_K, I32_OR_K, I32_XOR_K, I32_SHL_K, I32_SHR_S_K, I32_SHR_U_K,
  I64_EQ_K, I64_NE_K, I64_LT_S_K, I64_LT_U_K, I64_GT_S_K, I64_GT_U_K, I64_LE_S_K, I64_LE_U_K, I64_GE_S_K, I64_GE_U_K,
  I64_ADD_K, I64_SUB_K, I64_MUL_K, I64_AND_K, I64_OR_K, I64_XOR_K, I64_SHL_K, I64_SHR_S_K, I64_SHR_U_K,
  /** Compare and branch: BR_<cmp> S(a) S(b) T jumps if `a cmp b`; BR_<cmp>_K
   * S(a) K T compares with the (sign-extended) constant K. Compares in Wasm
   * order EQ..GE_U. */
  BR_I32_EQ, BR_I32_NE, BR_I32_LT_S, BR_I32_LT_U, BR_I32_GT_S, BR_I32_GT_U, BR_I32_LE_S, BR_I32_LE_U, BR_I32_GE_S, BR_I32_GE_U,
  BR_I32_EQ_K, BR_I32_NE_K, BR_I32_LT_S_K, BR_I32_LT_U_K, BR_I32_GT_S_K, BR_I32_GT_U_K, BR_I32_LE_S_K, BR_I32_LE_U_K, BR_I32_GE_S_K, BR_I32_GE_U_K,
  BR_I64_EQ, BR_I64_NE, BR_I64_LT_S, BR_I64_LT_U, BR_I64_GT_S, BR_I64_GT_U, BR_I64_LE_S, BR_I64_LE_U, BR_I64_GE_S, BR_I64_GE_U,
  BR_I64_EQ_K, BR_I64_NE_K, BR_I64_LT_S_K, BR_I64_LT_U_K, BR_I64_GT_S_K, BR_I64_GT_U_K, BR_I64_LE_S_K, BR_I64_LE_U_K, BR_I64_GE_S_K, BR_I64_GE_U_K,

  // ---- step mode and probes (exec/step.ts, exec/probe.ts) -----------------
  /** STEP K(cost = 1) K(fastCost) A(fastTarget): the FUEL of a step-mode
   * copy, where every original instruction is its own one-instruction segment
   * (compile/sites.ts stepMode). If fastTarget (an absolute address in the
   * function's fast code, 0 if none) is set and at least fastCost units remain,
   * continue there (the fast FUEL charges its segment); else if no fuel is
   * left, yield with pc here; else charge 1 and run the instruction. */
  STEP,
  /** PROBE K K K: a STEP whose opcode word was replaced by a probe
   * (exec/probe.ts). With fuel left it exits with status PROBE, pc here; the
   * next run passes it once (charge 1, run the instruction). */
  PROBE,
  // ---- monitors (assembly/monitor/): only in a function's monitor copy -----
  // Same operands (and length) as the plain instruction; each keeps its
  // counters in the copy's shadow area (monitor/shadow.ts: 8 bytes per code
  // word, at (pc << 1) + the u32 stored just before the code).
  /** M_FUEL K: FUEL, then shadow u64 +0 += 1 (segment executions). */
  M_FUEL,
  /** M_BR_IF S T: BR_IF; shadow u64 +0 counts jumps, +8 fall-throughs. */
  M_BR_IF,
  /** M_BR_IF_NOT S T: BR_IF_NOT; shadow u64 +0 counts jumps, +8 fall-throughs. */
  M_BR_IF_NOT,
  /** M_BR_TABLE S K(n) T..: BR_TABLE; shadow u64 +8i counts target i (n = default). */
  M_BR_TABLE,
  /** M_CALL: monitor/events.ts monCall, then CALL. */
  M_CALL,
  /** M_CALL_INDIRECT: monitor/events.ts monCallIndirect, then CALL_INDIRECT. */
  M_CALL_INDIRECT,
  /** M_RETURN: monitor/events.ts monReturn, then RETURN. */
  M_RETURN,
  /** M_MEM S S K: a load or store (its IOp in the shadow u32 +0) done by monitor/events.ts monMem. */
  M_MEM,

  // ---- perf (issue 5): superinstructions of the fast code (compile/fold.ts,
  // compile/instrs.ts); never in step or monitor copies (canonical code). ----
  /** Float binary op with a constant operand: OP S(dst) S(a) K64. F64_<op>_K:
   * dst = a op K; F64_KSUB / F64_KDIV: dst = K - a / K / a. */
  F64_ADD_K, F64_SUB_K, F64_MUL_K, F64_DIV_K, F64_KSUB, F64_KDIV,
  /** Float compare with a constant right operand: OP S(dst) S(a) K64 (i32 result). */
  F64_EQ_K, F64_NE_K, F64_LT_K, F64_GT_K, F64_LE_K, F64_GE_K,
  /** Float compare and branch: BR_F64_<cmp>_K S(a) K64 T jumps if `a cmp K`;
   * BR_F64_N<cmp>_K S(a) K64 T jumps if not (for `if`; NaN makes every
   * compare but NE false, so the negation is a separate opcode). */
  BR_F64_EQ_K, BR_F64_NE_K, BR_F64_LT_K, BR_F64_GT_K, BR_F64_LE_K, BR_F64_GE_K,
  BR_F64_NEQ_K, BR_F64_NNE_K, BR_F64_NLT_K, BR_F64_NGT_K, BR_F64_NLE_K, BR_F64_NGE_K,
  /** Load from `a + K` (an `i32.add` with a constant feeding the load):
   * OP S(dst) S(a) K(add) K(offset), effective address u32(a + add) + offset
   * (the add wraps at 32 bits, the offset does not, as in Wasm). Same order
   * as the plain loads I32_LOAD..I64_LOAD32_U. */
  I32_LOAD_A, I64_LOAD_A, I32_LOAD8_S_A, I32_LOAD8_U_A, I32_LOAD16_S_A, I32_LOAD16_U_A,
  I64_LOAD8_S_A, I64_LOAD8_U_A, I64_LOAD16_S_A, I64_LOAD16_U_A, I64_LOAD32_S_A, I64_LOAD32_U_A,
  /** Load from `(y << s) + K` (a static array's element): OP S(dst) S(y) K(s)
   * K(add) K(offset), effective address u32((y << s) + add) + offset. */
  I32_LOAD_SA, I64_LOAD_SA,
  /** Rotate by a constant: OP_K S(dst) S(a) K, like the OP_K forms above. */
  I32_ROTL_K, I32_ROTR_K, I64_ROTL_K, I64_ROTR_K,
  /** Add and branch (a loop's `i += K` followed by its exit test): ADDK_BR_<cmp>
   * S(dst) S(a) K(add) S(x) S(y) T: dst = a + K (i32), then jump if `x cmp y`
   * (read after the add: x is often dst); ADDK_BR_<cmp>_K S(dst) S(a) K(add)
   * S(x) K(y) T compares with a constant. Compares in Wasm order EQ..GE_U. */
  ADDK_BR_EQ, ADDK_BR_NE, ADDK_BR_LT_S, ADDK_BR_LT_U, ADDK_BR_GT_S, ADDK_BR_GT_U, ADDK_BR_LE_S, ADDK_BR_LE_U, ADDK_BR_GE_S, ADDK_BR_GE_U,
  ADDK_BR_EQ_K, ADDK_BR_NE_K, ADDK_BR_LT_S_K, ADDK_BR_LT_U_K, ADDK_BR_GT_S_K, ADDK_BR_GT_U_K, ADDK_BR_LE_S_K, ADDK_BR_LE_U_K, ADDK_BR_GE_S_K, ADDK_BR_GE_U_K,
  /** ADDK_BR_NZ / ADDK_BR_Z S(dst) S(a) K(add) S(c) T: dst = a + K, then jump if the i32 at c != 0 / == 0. */
  ADDK_BR_NZ, ADDK_BR_Z,
  // ---- end of perf block ----------------------------------------------------

  /** Number of internal opcodes (not an instruction). Fused instructions for
   * speed are added before this line by later work. */
  COUNT,
}

/** Relocation kinds, recorded by the translator next to each R: operand. */
export const enum Reloc {
  FUNC = 0,
  GLOBAL = 1,
  TABLE = 2,
  TYPE = 3,
  DATA = 4,
  ELEM = 5,
}
