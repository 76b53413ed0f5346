// The interpreter loop (assembly/exec/) on internal code assembled by hand,
// independent of the decoder and the translator: arithmetic and every trap
// message, fuel yielding and resuming, calls, recursion and exhaustion, host
// calls (also calling back into the VM), memory bounds and growth, tables and
// call_indirect, and backtraces in original offsets.
import { CompiledFunc, CompiledModule } from "../../assembly/compiled";
import { ErrorKind, errorKind, errorMessage } from "../../assembly/errors";
import { ExternKind, Export, FuncType, Import, Limits, Module, TableType, ElemSegment, ConstExpr } from "../../assembly/module";
import { IOp, Reloc } from "../../assembly/ops";
import { Machine, RunState } from "../../assembly/exec/frames";
import { run } from "../../assembly/exec/interp";
import {
  ferry_backtrace_count, ferry_backtrace_func, ferry_backtrace_pc, ferry_call_begin, ferry_fuel_used,
  ferry_hostcall_args, ferry_hostcall_func, ferry_run, ferry_set_limits, ferry_trap_unwind,
} from "../../assembly/index";
import { hostFuncNew } from "../../assembly/runtime/func";
import { instantiate } from "../../assembly/runtime/instance";
import { InstanceData, instanceData, modules, FuncRec } from "../../assembly/runtime/store";

const I32: u8 = 0x7f;
const I64: u8 = 0x7e;
const F32: u8 = 0x7d;
const F64: u8 = 0x7c;

const DONE = 0;
const TRAP = 1;
const HOSTCALL = 2;
const YIELD = 3;

/** Slot operand: byte offset of slot i from fp. */
function S(i: u32): u32 {
  return i << 3;
}

// ---- a tiny assembler -----------------------------------------------------------

/** One function being assembled: code words, relocations, and a pc map with fake original offsets 1000 + 10*k. */
class Asm {
  cf: CompiledFunc = new CompiledFunc();
  count: u32 = 0;

  constructor(index: u32, numParams: u32, numResults: u32, numLocals: u32, maxHeight: u32) {
    this.cf.funcIndex = index;
    this.cf.numParams = numParams;
    this.cf.numResults = numResults;
    this.cf.numLocals = numLocals;
    this.cf.maxHeight = maxHeight;
  }

  /** Word index of the next instruction. */
  here(): i32 {
    return this.cf.code.length;
  }

  /** Appends an instruction; `relocs` pairs (operand index, Reloc kind). Returns its word index. */
  i(op: IOp, operands: u32[] = [], relocs: u32[] = []): i32 {
    const at = this.here();
    this.cf.pcmap.push(1000 + 10 * this.count++);
    this.cf.pcmap.push(<u32>at);
    this.cf.code.push(<u32>op);
    for (let k = 0; k < operands.length; k++) this.cf.code.push(operands[k]);
    for (let k = 0; k + 1 < relocs.length; k += 2) {
      this.cf.relocs.push(<u32>at + 1 + relocs[k]);
      this.cf.relocs.push(relocs[k + 1]);
    }
    return at;
  }

  /** Sets the branch target operand (word `word`) of the instruction at `insn` to jump to word `target` (a byte offset). */
  patch(insn: i32, word: i32, target: i32): void {
    this.cf.code[insn + word] = <u32>((target - insn) << 2);
  }
}

/** A module of defined functions with the given types; returns it with its compiled form. */
function moduleOf(types: FuncType[], funcTypes: u32[], fns: Asm[]): CompiledModule {
  const m = new Module();
  m.types = types;
  m.funcs = funcTypes;
  const cm = new CompiledModule(m);
  for (let i = 0; i < fns.length; i++) cm.funcs.push(fns[i].cf);
  for (let i = 0; i < fns.length; i++) {
    const e = new Export();
    e.name = "f" + i.toString();
    e.kind = ExternKind.FUNC;
    e.index = m.numImportedFuncs + <u32>i;
    m.exports.push(e);
  }
  return cm;
}

function sig(params: u8[], results: u8[]): FuncType {
  const t = new FuncType();
  t.params = params;
  t.results = results;
  return t;
}

/** Instantiates cm with the given import addresses; returns its InstanceData. */
function inst(cm: CompiledModule, imports: u32[] = []): InstanceData {
  modules.push(cm);
  const p = heap.alloc(4 * (imports.length + 1));
  for (let i = 0; i < imports.length; i++) store<u32>(p + 4 * i, imports[i]);
  const rec = instantiate(cm, modules.length - 1, p, <u32>imports.length);
  heap.free(p);
  expect(rec).not.toBe(0, errorMessage());
  return instanceData(rec)!;
}

let args: u32 = 0;

/** Begins a call of FuncInst f with 64-bit args; returns the args pointer. */
function begin(f: u32, a: u64[]): u32 {
  args = ferry_call_begin(f);
  expect(args).not.toBe(0, errorMessage());
  for (let i = 0; i < a.length; i++) store<u64>(args + 8 * i, a[i]);
  return args;
}

/** Calls f to completion with unlimited fuel; returns the status (results at `args`). */
function call(f: u32, a: u64[]): i32 {
  begin(f, a);
  const status = ferry_run(-1);
  if (status == TRAP && errorKind() == ErrorKind.INTERNAL) {
    const code = load<u32>(Machine.func);
    trace("internal error: " + errorMessage(), 3, <f64>(Machine.pc - code), <f64>load<u32>(Machine.pc), <f64>Machine.func);
  }
  return status;
}

// ---- fixtures --------------------------------------------------------------------

const T_II_I = sig([I32, I32], [I32]);
const T_LL_L = sig([I64, I64], [I64]);

/** fn(a, b) = a OP b for a binary op with results in slot 2. */
function binop(index: u32, op: IOp): Asm {
  const a = new Asm(index, 2, 1, 0, 1);
  a.i(op, [S(2), S(0), S(1)]);
  a.i(IOp.RETURN, [S(2), 1]);
  return a;
}

/** fn(a) = OP a for a unary op. */
function unop(index: u32, op: IOp): Asm {
  const a = new Asm(index, 1, 1, 0, 1);
  a.i(op, [S(1), S(0)]);
  a.i(IOp.RETURN, [S(1), 1]);
  return a;
}

/** Runs a fresh one-function module built around `op` and returns the status. */
function runBin(op: IOp, x: u64, y: u64, wide: bool = false): i32 {
  const d = inst(moduleOf([wide ? T_LL_L : T_II_I], [0], [binop(0, op)]));
  return call(d.funcs[0], [x, y]);
}

function runUn(op: IOp, paramType: u8, resultType: u8, x: u64): i32 {
  const d = inst(moduleOf([sig([paramType], [resultType])], [0], [unop(0, op)]));
  return call(d.funcs[0], [x]);
}

function expectTrap(status: i32, msg: string): void {
  expect(status).toBe(TRAP);
  expect(errorKind()).toBe(ErrorKind.TRAP);
  expect(errorMessage()).toBe(msg);
  ferry_trap_unwind();
  expect(Machine.invDepth).toBe(0);
}

function f32bits(x: f32): u64 {
  return <u64>reinterpret<u32>(x);
}

function f64bits(x: f64): u64 {
  return reinterpret<u64>(x);
}

// ---- tests -----------------------------------------------------------------------

describe("arithmetic", () => {
  it("adds and returns through slot 0", () => {
    expect(runBin(IOp.I32_ADD, 40, 2)).toBe(DONE);
    expect(load<u32>(args)).toBe(42);
    expect(Machine.state).toBe(RunState.NONE);
  });
  it("keeps rem_s of INT_MIN by -1 at 0 and divides signed", () => {
    expect(runBin(IOp.I32_REM_S, 0x80000000, 0xffffffff)).toBe(DONE);
    expect(load<i32>(args)).toBe(0);
    expect(runBin(IOp.I64_REM_S, 0x8000000000000000, 0xffffffffffffffff, true)).toBe(DONE);
    expect(load<i64>(args)).toBe(0);
    expect(runBin(IOp.I32_DIV_S, <u64><u32>-7, 2)).toBe(DONE);
    expect(load<i32>(args)).toBe(-3);
    expect(runBin(IOp.I64_DIV_U, 0xffffffffffffffff, 2, true)).toBe(DONE);
    expect(load<u64>(args)).toBe(0x7fffffffffffffff);
  });
  it("shifts and rotates by the count modulo the width", () => {
    expect(runBin(IOp.I32_SHL, 1, 33)).toBe(DONE);
    expect(load<u32>(args)).toBe(2);
    expect(runBin(IOp.I32_ROTR, 1, 1)).toBe(DONE);
    expect(load<u32>(args)).toBe(0x80000000);
    expect(runBin(IOp.I64_SHR_S, 0x8000000000000000, 63, true)).toBe(DONE);
    expect(load<i64>(args)).toBe(-1);
  });
  it("keeps NaN payloads through neg, abs and copysign", () => {
    expect(runUn(IOp.F32_NEG, F32, F32, 0x7fa00001)).toBe(DONE);
    expect(load<u32>(args)).toBe(0xffa00001);
    expect(runUn(IOp.F64_ABS, F64, F64, 0xfff4000000000001)).toBe(DONE);
    expect(load<u64>(args)).toBe(0x7ff4000000000001);
  });
  it("computes min, nearest and conversions bit-exactly", () => {
    const d = inst(moduleOf([sig([F32, F32], [F32])], [0], [binop(0, IOp.F32_MIN)]));
    expect(call(d.funcs[0], [f32bits(0.0), f32bits(-0.0)])).toBe(DONE);
    expect(load<u32>(args)).toBe(0x80000000); // -0 < +0 for min
    expect(runUn(IOp.F64_NEAREST, F64, F64, f64bits(2.5))).toBe(DONE);
    expect(load<f64>(args)).toBe(2.0);
    expect(runUn(IOp.F32_CONVERT_I64_U, I64, F32, 0xffffffffffffffff)).toBe(DONE);
    expect(load<f32>(args)).toBe(<f32>18446744073709551616.0);
    expect(runUn(IOp.I64_EXTEND_I32_S, I32, I64, 0xfffffffe)).toBe(DONE);
    expect(load<i64>(args)).toBe(-2);
    expect(runUn(IOp.I32_EXTEND8_S, I32, I32, 0x180)).toBe(DONE);
    expect(load<i32>(args)).toBe(-128);
  });
  it("saturates trunc_sat and truncates in range", () => {
    expect(runUn(IOp.I32_TRUNC_SAT_F32_S, F32, I32, f32bits(3e9))).toBe(DONE);
    expect(load<i32>(args)).toBe(i32.MAX_VALUE);
    expect(runUn(IOp.I64_TRUNC_SAT_F64_U, F64, I64, f64bits(-5.0))).toBe(DONE);
    expect(load<u64>(args)).toBe(0);
    expect(runUn(IOp.I32_TRUNC_SAT_F64_S, F64, I32, f64bits(NaN))).toBe(DONE);
    expect(load<i32>(args)).toBe(0);
    expect(runUn(IOp.I32_TRUNC_F64_S, F64, I32, f64bits(-2147483648.9))).toBe(DONE);
    expect(load<i32>(args)).toBe(i32.MIN_VALUE);
    expect(runUn(IOp.I64_TRUNC_F32_U, F32, I64, f32bits(1.8446743e19))).toBe(DONE);
    expect(load<u64>(args)).toBe(18446742974197923840);
  });
});

describe("traps", () => {
  it("traps on unreachable", () => {
    const a = new Asm(0, 0, 0, 0, 0);
    a.i(IOp.UNREACHABLE);
    const d = inst(moduleOf([sig([], [])], [0], [a]));
    expectTrap(call(d.funcs[0], []), "unreachable");
  });
  it("traps on integer division by zero and overflow", () => {
    expectTrap(runBin(IOp.I32_DIV_S, 1, 0), "integer divide by zero");
    expectTrap(runBin(IOp.I32_DIV_U, 1, 0), "integer divide by zero");
    expectTrap(runBin(IOp.I32_REM_S, 1, 0), "integer divide by zero");
    expectTrap(runBin(IOp.I64_REM_U, 1, 0, true), "integer divide by zero");
    expectTrap(runBin(IOp.I32_DIV_S, 0x80000000, 0xffffffff), "integer overflow");
    expectTrap(runBin(IOp.I64_DIV_S, 0x8000000000000000, 0xffffffffffffffff, true), "integer overflow");
  });
  it("traps on float to int conversions of NaN and out-of-range values", () => {
    expectTrap(runUn(IOp.I32_TRUNC_F32_S, F32, I32, f32bits(NaN)), "invalid conversion to integer");
    expectTrap(runUn(IOp.I64_TRUNC_F64_U, F64, I64, f64bits(NaN)), "invalid conversion to integer");
    expectTrap(runUn(IOp.I32_TRUNC_F32_S, F32, I32, f32bits(2147483648.0)), "integer overflow");
    expectTrap(runUn(IOp.I32_TRUNC_F64_U, F64, I32, f64bits(-1.0)), "integer overflow");
    expectTrap(runUn(IOp.I64_TRUNC_F64_S, F64, I64, f64bits(9223372036854775808.0)), "integer overflow");
    expectTrap(runUn(IOp.I64_TRUNC_F32_U, F32, I64, f32bits(Infinity)), "integer overflow");
  });
});

/** loop(n): acc = 0; while (n != 0) { acc += n; n -= 1 } return acc. FUEL 6 per iteration. */
function sumLoop(): Asm {
  const a = new Asm(0, 1, 1, 1, 1); // slot 0 n, slot 1 acc, slot 2 temp
  const head = a.i(IOp.FUEL, [6]);
  a.i(IOp.I32_EQZ, [S(2), S(0)]);
  const exit = a.i(IOp.BR_IF, [S(2), 0]);
  a.i(IOp.I32_ADD, [S(1), S(1), S(0)]);
  a.i(IOp.CONST32, [S(2), 1]);
  a.i(IOp.I32_SUB, [S(0), S(0), S(2)]);
  const back = a.i(IOp.BR, [0]);
  a.patch(back, 1, head);
  const ret = a.i(IOp.FUEL, [1]);
  a.patch(exit, 2, ret);
  a.i(IOp.RETURN, [S(1), 1]);
  return a;
}

// The FUEL instruction itself (interp.run); ferry_run makes budgets exact on top
// of it with step copies of real Wasm functions (tests/migrate/exact-stop.test.ts).
describe("fuel", () => {
  it("yields at a FUEL instruction and resumes to the same result", () => {
    const d = inst(moduleOf([sig([I32], [I32])], [0], [sumLoop()]));
    const f = d.funcs[0];
    expect(call(f, [1000])).toBe(DONE);
    const expected = load<u32>(args);
    expect(expected).toBe(500500);

    const before = ferry_fuel_used();
    begin(f, [1000]);
    let yields = 0;
    let status = run(7);
    while (status == YIELD) {
      yields++;
      // Suspended on an instruction boundary: the FUEL of the loop head.
      expect(load<u32>(Machine.pc)).toBe(IOp.FUEL);
      status = run(7);
    }
    expect(status).toBe(DONE);
    expect(load<u32>(args)).toBe(expected);
    expect(yields).toBe(1000); // 7 units cover one 6-unit iteration per run
    expect(ferry_fuel_used() - before).toBe(6 * 1000 + 6 + 1);
  });
  it("consumes nothing when a segment costs more than the fuel left", () => {
    const d = inst(moduleOf([sig([I32], [I32])], [0], [sumLoop()]));
    begin(d.funcs[0], [5]);
    const before = ferry_fuel_used();
    expect(run(5)).toBe(YIELD);
    expect(ferry_fuel_used()).toBe(before);
    expect(ferry_run(-1)).toBe(DONE);
    expect(load<u32>(args)).toBe(15);
  });
});

/** fac(n) = n == 0 ? 1 : n * fac(n - 1), i64, recursive through R:FUNC 0. */
function facFn(): Asm {
  // slots: 0 n | 1 cond/result | 2 n-1 (call base) | 3 one
  const a = new Asm(0, 1, 1, 0, 3);
  a.i(IOp.I64_EQZ, [S(1), S(0)]);
  const br = a.i(IOp.BR_IF_NOT, [S(1), 0]);
  a.i(IOp.CONST64, [S(1), 1, 0]);
  a.i(IOp.RETURN, [S(1), 1]);
  const rec = a.here();
  a.patch(br, 2, rec);
  a.i(IOp.CONST64, [S(3), 1, 0]);
  a.i(IOp.I64_SUB, [S(2), S(0), S(3)]);
  a.i(IOp.CALL, [0, S(2)], [0, Reloc.FUNC]);
  a.i(IOp.I64_MUL, [S(1), S(0), S(2)]);
  a.i(IOp.RETURN, [S(1), 1]);
  return a;
}

/** Runaway recursion: f() = f(). */
function runaway(): Asm {
  const a = new Asm(0, 0, 0, 2, 0);
  a.i(IOp.CALL, [0, S(2)], [0, Reloc.FUNC]);
  a.i(IOp.RETURN, [0, 0]);
  return a;
}

describe("calls", () => {
  it("recurses", () => {
    const d = inst(moduleOf([sig([I64], [I64])], [0], [facFn()]));
    expect(call(d.funcs[0], [20])).toBe(DONE);
    expect(load<u64>(args)).toBe(2432902008176640000);
    expect(Machine.csp).toBe(Machine.cstackBase);
  });
  it("zeroes declared locals on entry", () => {
    // f(x) = g(x); g(x) has one declared local it returns; the caller's slot 1 holds junk first.
    const g = new Asm(1, 1, 1, 1, 0);
    g.i(IOp.RETURN, [S(1), 1]);
    const f = new Asm(0, 1, 1, 0, 2);
    f.i(IOp.CONST32, [S(2), 0xdead]);
    f.i(IOp.COPY, [S(1), S(0)]);
    f.i(IOp.CALL, [1, S(1)], [0, Reloc.FUNC]);
    f.i(IOp.RETURN, [S(1), 1]);
    // g's declared local is f's slot 2, which held 0xdead.
    const d = inst(moduleOf([sig([I32], [I32])], [0, 0], [f, g]));
    expect(call(d.funcs[0], [7])).toBe(DONE);
    expect(load<u32>(args)).toBe(0);
  });
  it("traps runaway recursion as call stack exhaustion", () => {
    const d = inst(moduleOf([sig([], [])], [0], [runaway()]));
    expect(call(d.funcs[0], [])).toBe(TRAP);
    expect(errorKind()).toBe(ErrorKind.EXHAUSTION);
    expect(errorMessage()).toBe("call stack exhausted");
    expect(ferry_backtrace_count()).toBeGreaterThan(1000);
    ferry_trap_unwind();
    expect(Machine.csp).toBe(Machine.cstackBase);
  });
  it("honours a smaller depth limit", () => {
    ferry_set_limits(100, 0);
    const d = inst(moduleOf([sig([I64], [I64])], [0], [facFn()]));
    expect(call(d.funcs[0], [90])).toBe(DONE);
    expect(call(d.funcs[0], [200])).toBe(TRAP);
    expect(errorKind()).toBe(ErrorKind.EXHAUSTION);
    ferry_trap_unwind();
    ferry_set_limits(20000, 8 << 20);
  });
  it("reports a backtrace innermost first in original offsets", () => {
    // f(x) calls g(x) at its 2nd instruction; g divides by zero at its 1st.
    const g = new Asm(1, 1, 1, 0, 1);
    g.i(IOp.CONST32, [S(1), 0]);
    g.i(IOp.I32_DIV_U, [S(1), S(0), S(1)]);
    g.i(IOp.RETURN, [S(1), 1]);
    const f = new Asm(0, 1, 1, 0, 1);
    f.i(IOp.COPY, [S(1), S(0)]);
    f.i(IOp.CALL, [1, S(1)], [0, Reloc.FUNC]);
    f.i(IOp.RETURN, [S(1), 1]);
    const d = inst(moduleOf([sig([I32], [I32])], [0, 0], [f, g]));
    expect(call(d.funcs[0], [1])).toBe(TRAP);
    expect(ferry_backtrace_count()).toBe(2);
    expect(ferry_backtrace_func(0)).toBe(d.funcs[1]);
    expect(ferry_backtrace_pc(0)).toBe(1010);
    expect(ferry_backtrace_func(1)).toBe(d.funcs[0]);
    expect(ferry_backtrace_pc(1)).toBe(1010);
    ferry_trap_unwind();
    expect(ferry_backtrace_count()).toBe(0);
  });
});

/** A module importing host function "h"(i32) -> i32 and calling it with x + 1, returning its result * 2. */
function hostCaller(host: u32): InstanceData {
  const t = sig([I32], [I32]);
  const a = new Asm(1, 1, 1, 0, 2);
  a.i(IOp.CONST32, [S(2), 1]);
  a.i(IOp.I32_ADD, [S(1), S(0), S(2)]);
  a.i(IOp.CALL, [0, S(1)], [0, Reloc.FUNC]);
  a.i(IOp.I32_ADD, [S(1), S(1), S(1)]);
  a.i(IOp.RETURN, [S(1), 1]);
  const cm = moduleOf([t], [0], [a]);
  const im = new Import();
  im.module = "env";
  im.name = "h";
  im.kind = ExternKind.FUNC;
  im.typeIdx = 0;
  cm.module.imports.push(im);
  cm.module.numImportedFuncs = 1;
  cm.module.exports[0].index = 1;
  return inst(cm, [host]);
}

describe("host calls", () => {
  it("suspends with HOSTCALL, takes the results at the args pointer and resumes", () => {
    const host = <u32>hostFuncNew([I32], [I32], 7);
    const d = hostCaller(host);
    begin(d.funcs[1], [20]);
    expect(ferry_run(-1)).toBe(HOSTCALL);
    expect(ferry_hostcall_func()).toBe(host);
    expect(load<u32>(host, FuncRec.INDEX)).toBe(7);
    const p = ferry_hostcall_args();
    expect(load<u32>(p)).toBe(21);
    store<u64>(p, 100);
    expect(ferry_run(-1)).toBe(DONE);
    expect(load<u32>(args)).toBe(200);
  });
  it("rejects an import of the wrong type", () => {
    const host = <u32>hostFuncNew([I64], [I32], 1);
    const t = sig([I32], [I32]);
    const cm = moduleOf([t], [], []);
    const im = new Import();
    im.kind = ExternKind.FUNC;
    cm.module.imports.push(im);
    cm.module.numImportedFuncs = 1;
    modules.push(cm);
    const p = heap.alloc(4);
    store<u32>(p, host);
    expect(instantiate(cm, modules.length - 1, p, 1)).toBe(0);
    expect(errorKind()).toBe(ErrorKind.LINK);
    expect(errorMessage()).toBe("incompatible import type");
  });
  it("lets a host function call back into the VM (nested invocations)", () => {
    const host = <u32>hostFuncNew([I32], [I32], 3);
    const d = hostCaller(host);
    const fac = inst(moduleOf([sig([I64], [I64])], [0], [facFn()]));
    const outerArgs = begin(d.funcs[1], [4]);
    expect(ferry_run(-1)).toBe(HOSTCALL);
    const hp = ferry_hostcall_args();
    // The host function computes fac(5) in the VM, then answers with it.
    const innerArgs = begin(fac.funcs[0], [5]);
    expect(innerArgs).toBeGreaterThan(hp); // above the suspended frame
    expect(ferry_run(-1)).toBe(DONE);
    expect(load<u64>(innerArgs)).toBe(120);
    expect(Machine.state).toBe(RunState.HOSTCALL); // the outer call is pending again
    expect(ferry_hostcall_args()).toBe(hp);
    store<u64>(hp, load<u64>(innerArgs));
    expect(ferry_run(-1)).toBe(DONE);
    expect(load<u32>(outerArgs)).toBe(240);
    expect(Machine.invDepth).toBe(0);
  });
  it("abandons a suspended host call with unwind", () => {
    const host = <u32>hostFuncNew([I32], [I32], 3);
    const d = hostCaller(host);
    begin(d.funcs[1], [4]);
    expect(ferry_run(-1)).toBe(HOSTCALL);
    ferry_trap_unwind();
    expect(Machine.state).toBe(RunState.NONE);
    expect(Machine.csp).toBe(Machine.cstackBase);
  });
});

/** A module with memory (1 page, max 2) and load(addr) / store(addr, v) / grow(n) / size(). */
function memModule(): InstanceData {
  const load32 = new Asm(0, 1, 1, 0, 1);
  load32.i(IOp.I32_LOAD, [S(1), S(0), 0]);
  load32.i(IOp.RETURN, [S(1), 1]);
  const store16 = new Asm(1, 2, 0, 0, 0);
  store16.i(IOp.STORE16, [S(0), S(1), 2]); // offset 2
  store16.i(IOp.RETURN, [0, 0]);
  const grow = new Asm(2, 1, 1, 0, 0);
  grow.i(IOp.MEMORY_GROW, [S(0), S(0)]);
  grow.i(IOp.RETURN, [S(0), 1]);
  const size = new Asm(3, 0, 1, 0, 1);
  size.i(IOp.MEMORY_SIZE, [S(0)]);
  size.i(IOp.RETURN, [S(0), 1]);
  const cm = moduleOf([sig([I32], [I32]), sig([I32, I32], []), sig([], [I32])], [0, 1, 0, 2], [load32, store16, grow, size]);
  const l = new Limits();
  l.min = 1;
  l.max = 2;
  l.hasMax = true;
  cm.module.memories.push(l);
  return inst(cm);
}

describe("memory", () => {
  it("stores and loads little-endian with the static offset", () => {
    const d = memModule();
    expect(call(d.funcs[1], [100, 0xbeef])).toBe(DONE);
    expect(call(d.funcs[0], [100])).toBe(DONE);
    expect(load<u32>(args)).toBe(0xbeef0000);
  });
  it("traps out-of-bounds accesses, including offset overflow", () => {
    const d = memModule();
    expect(call(d.funcs[0], [65532])).toBe(DONE);
    expectTrap(call(d.funcs[0], [65533]), "out of bounds memory access");
    expectTrap(call(d.funcs[1], [0xfffffffe, 1]), "out of bounds memory access");
  });
  it("grows with zeroed pages up to the maximum, then returns -1", () => {
    const d = memModule();
    expect(call(d.funcs[2], [1])).toBe(DONE);
    expect(load<i32>(args)).toBe(1);
    expect(call(d.funcs[3], [])).toBe(DONE);
    expect(load<u32>(args)).toBe(2);
    expect(call(d.funcs[0], [131068])).toBe(DONE);
    expect(load<u32>(args)).toBe(0);
    expect(call(d.funcs[2], [1])).toBe(DONE);
    expect(load<i32>(args)).toBe(-1);
    expectTrap(call(d.funcs[0], [131069]), "out of bounds memory access");
  });
});

/** A module with a 3-element table holding [add, sub, null] and dispatch(i, a, b) = call_indirect type 0. */
function tableModule(): InstanceData {
  const add = binop(0, IOp.I32_ADD);
  const sub = binop(1, IOp.I32_SUB);
  // dispatch: slots 0 i, 1 a, 2 b | 3 a', 4 b', 5 i'
  const disp = new Asm(2, 3, 1, 0, 3);
  disp.i(IOp.COPY, [S(3), S(1)]);
  disp.i(IOp.COPY, [S(4), S(2)]);
  disp.i(IOp.COPY, [S(5), S(0)]);
  disp.i(IOp.CALL_INDIRECT, [0, 0, S(5), S(3)], [0, Reloc.TABLE, 1, Reloc.TYPE]);
  disp.i(IOp.RETURN, [S(3), 1]);
  const cm = moduleOf([T_II_I, sig([I32, I32, I32], [I32]), sig([I64, I64], [I32])], [0, 0, 1], [add, sub, disp]);
  const t = new TableType();
  t.limits.min = 3;
  cm.module.tables.push(t);
  const seg = new ElemSegment();
  seg.offset.op = 0x41;
  seg.offset.bits = 0;
  for (let i: u32 = 0; i < 2; i++) {
    const e = new ConstExpr();
    e.op = 0xd2;
    e.index = i;
    seg.items.push(e);
  }
  cm.module.elems.push(seg);
  return inst(cm);
}

describe("tables", () => {
  it("dispatches call_indirect through the table", () => {
    const d = tableModule();
    expect(call(d.funcs[2], [0, 7, 5])).toBe(DONE);
    expect(load<u32>(args)).toBe(12);
    expect(call(d.funcs[2], [1, 7, 5])).toBe(DONE);
    expect(load<u32>(args)).toBe(2);
  });
  it("traps on missing, null and mistyped elements", () => {
    const d = tableModule();
    expectTrap(call(d.funcs[2], [3, 0, 0]), "undefined element 3");
    expectTrap(call(d.funcs[2], [2, 0, 0]), "uninitialized element 2");
    // Put dispatch itself (3 params) at index 2: a signature mismatch.
    store<u32>(load<u32>(d.tables[0]) + 8, d.funcs[2]);
    expectTrap(call(d.funcs[2], [2, 0, 0]), "indirect call type mismatch");
  });
});

/** A module with a 2-element table and memory (1 page): tget(i), tset(i), tgrow(n), mfill(d, n), mcopy(d, s, n). */
function bulkModule(): InstanceData {
  const tget = new Asm(0, 1, 1, 0, 1);
  tget.i(IOp.TABLE_GET, [S(1), 0, S(0)], [1, Reloc.TABLE]);
  tget.i(IOp.RETURN, [S(1), 1]);
  const tset = new Asm(1, 1, 1, 0, 1);
  tset.i(IOp.CONST32, [S(1), 0]);
  tset.i(IOp.TABLE_SET, [0, S(0), S(1)], [0, Reloc.TABLE]);
  tset.i(IOp.RETURN, [S(1), 1]);
  const tgrow = new Asm(2, 1, 1, 0, 2);
  tgrow.i(IOp.CONST32, [S(1), 0]);
  tgrow.i(IOp.TABLE_GROW, [S(2), 0, S(1), S(0)], [1, Reloc.TABLE]);
  tgrow.i(IOp.RETURN, [S(2), 1]);
  const mfill = new Asm(3, 2, 1, 0, 1);
  mfill.i(IOp.CONST32, [S(2), 0xab]);
  mfill.i(IOp.MEMORY_FILL, [S(0), S(2), S(1)]);
  mfill.i(IOp.RETURN, [S(2), 1]);
  const mcopy = new Asm(4, 3, 1, 0, 0);
  mcopy.i(IOp.MEMORY_COPY, [S(0), S(1), S(2)]);
  mcopy.i(IOp.RETURN, [S(0), 1]);
  const t1 = sig([I32], [I32]);
  const cm = moduleOf([t1, sig([I32, I32], [I32]), sig([I32, I32, I32], [I32])], [0, 0, 0, 1, 2], [tget, tset, tgrow, mfill, mcopy]);
  const t = new TableType();
  t.limits.min = 2;
  cm.module.tables.push(t);
  const l = new Limits();
  l.min = 1;
  cm.module.memories.push(l);
  return inst(cm);
}

describe("bulk and table instructions", () => {
  it("bounds table.get and table.set by the current size, which table.grow raises", () => {
    const d = bulkModule();
    expect(call(d.funcs[0], [1])).toBe(DONE);
    expectTrap(call(d.funcs[0], [2]), "out of bounds table access");
    expectTrap(call(d.funcs[1], [2]), "out of bounds table access");
    expect(call(d.funcs[2], [3])).toBe(DONE);
    expect(load<i32>(args)).toBe(2);
    expect(call(d.funcs[1], [4])).toBe(DONE);
    expectTrap(call(d.funcs[0], [5]), "out of bounds table access");
  });
  it("fills and copies memory, writing nothing when out of bounds", () => {
    const d = bulkModule();
    const base = load<u32>(d.mems[0]); // MemInst.base
    expect(call(d.funcs[3], [10, 4])).toBe(DONE);
    expect(load<u32>(base + 10)).toBe(0xabababab);
    expect(call(d.funcs[4], [11, 10, 4])).toBe(DONE); // overlapping, forwards
    expect(load<u8>(base + 14)).toBe(0xab);
    expectTrap(call(d.funcs[3], [65530, 7]), "out of bounds memory access");
    expect(load<u8>(base + 65530)).toBe(0);
    expectTrap(call(d.funcs[4], [0, 65535, 2]), "out of bounds memory access");
    expect(call(d.funcs[3], [65536, 0])).toBe(DONE); // empty at the very end is fine
  });
});
