// End to end through the ABI (assembly/index.ts): a module decoded, validated
// and translated by ferry_module_load, introspected, instantiated with a host
// function and an imported memory, then run: fuel slices, call_indirect, host
// calls, exhaustion, bounds and a trap's backtrace in module offsets.
import { ErrorKind } from "../../assembly/errors";
import {
  ferry_alloc, ferry_backtrace_count, ferry_backtrace_func, ferry_backtrace_pc, ferry_call_begin, ferry_error_kind,
  ferry_error_message, ferry_free, ferry_host_func_new, ferry_hostcall_args, ferry_hostcall_func, ferry_instance_export,
  ferry_instance_memory, ferry_instance_module, ferry_instance_new, ferry_memory_new, ferry_module_export_count,
  ferry_module_export_index, ferry_module_export_kind, ferry_module_export_name, ferry_module_func_name,
  ferry_module_func_type, ferry_module_import_count, ferry_module_import_desc, ferry_module_import_kind,
  ferry_module_import_module, ferry_module_import_name, ferry_module_load, ferry_module_type_count,
  ferry_module_type_params, ferry_module_type_results, ferry_run, ferry_str_len, ferry_trap_unwind,
} from "../../assembly/index";

/*
(module
  (type $t (func (param i32) (result i32)))
  (import "env" "twice" (func $twice (type $t)))
  (import "env" "mem" (memory 1 2))
  (global $g (mut i32) (i32.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $sum $twice)
  (func $sum (export "sum") (type $t) (local $acc i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set $acc (i32.add (local.get $acc) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get $acc))
  (func $calls (export "calls") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0)))
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))))
  (func (export "store") (param i32 i32) (i32.store offset=4 (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1))))
compiled by wabt with names; the i32.div_u is at module offset 209.
*/
const HEX =
    "0061736d0100000001110360017f017f60027f7f017f60027f7f0002190203656e76057477696365" +
    "000003656e76036d656d0201010203060500010002010404017000020606017f0141000b07240503" +
    "73756d00010563616c6c730002046465657000030573746f72650004036469760005090801004100" +
    "0b0201000a55052101017f024003402000450d01200120006a2101200041016b21000c000b0b2001" +
    "0b0900200120001100000b1500200045047f4100054101200041016b10036a0b0b09002000200136" +
    "02040b0700200020016e0b0041046e616d65011a0400057477696365010373756d020563616c6c73" +
    "0304646565700212060000010101036163630200030004000500040401000174070401000167";
const DIV_OFFSET: u32 = 209;

const DONE = 0;
const TRAP = 1;
const HOSTCALL = 2;
const YIELD = 3;

/** The str result at ptr as a string. */
function str(ptr: u32): string {
  return String.UTF8.decodeUnsafe(ptr, ferry_str_len());
}

/** Loads HEX through the ABI; returns the module handle. */
function load_(): i32 {
  const n = HEX.length >> 1;
  const p = ferry_alloc(n);
  for (let i = 0; i < n; i++) store<u8>(p + i, <u8>I32.parseInt(HEX.substr(2 * i, 2), 16));
  const m = ferry_module_load(p, n);
  ferry_free(p);
  return m;
}

let m: i32 = -1;
let inst: i32 = -1;
let mem: u32 = 0;
let twice: u32 = 0;

function setup(): void {
  if (inst != -1) return;
  m = load_();
  expect(m).toBeGreaterThanOrEqual(0, str(ferry_error_message()));
  const t = ferry_alloc(1);
  store<u8>(t, 0x7f);
  twice = ferry_host_func_new(t, 1, t, 1, 9);
  mem = ferry_memory_new(1, 2, 1);
  const imps = ferry_alloc(8);
  store<u32>(imps, twice);
  store<u32>(imps, mem, 4);
  inst = ferry_instance_new(m, imps, 2);
  expect(inst).not.toBe(-1, str(ferry_error_message()));
}

/** FuncInst of export i. */
function fn(i: i32): u32 {
  setup();
  return ferry_instance_export(<u32>inst, i);
}

let args: u32 = 0;

function begin(f: u32, a: u32[]): void {
  args = ferry_call_begin(f);
  expect(args).not.toBe(0);
  for (let i = 0; i < a.length; i++) store<u64>(args + 8 * i, <u64>a[i]);
}

describe("module introspection", () => {
  it("lists imports with their descriptors", () => {
    setup();
    expect(ferry_module_import_count(m)).toBe(2);
    expect(str(ferry_module_import_module(m, 0))).toBe("env");
    expect(str(ferry_module_import_name(m, 0))).toBe("twice");
    expect(ferry_module_import_kind(m, 0)).toBe(0);
    expect(ferry_module_import_desc(m, 0, 0)).toBe(0);
    expect(str(ferry_module_import_name(m, 1))).toBe("mem");
    expect(ferry_module_import_kind(m, 1)).toBe(2);
    expect(ferry_module_import_desc(m, 1, 1)).toBe(1);
    expect(ferry_module_import_desc(m, 1, 2)).toBe(2);
    expect(ferry_module_import_desc(m, 1, 3)).toBe(1);
  });
  it("lists exports, types and names", () => {
    setup();
    expect(ferry_module_export_count(m)).toBe(5);
    expect(str(ferry_module_export_name(m, 4))).toBe("div");
    expect(ferry_module_export_kind(m, 4)).toBe(0);
    expect(ferry_module_export_index(m, 4)).toBe(5);
    expect(ferry_module_type_count(m)).toBe(3);
    const p = ferry_module_type_params(m, 1);
    expect(ferry_str_len()).toBe(2);
    expect(load<u16>(p)).toBe(0x7f7f);
    ferry_module_type_results(m, 2);
    expect(ferry_str_len()).toBe(0);
    expect(ferry_module_func_type(m, 2)).toBe(1);
    expect(str(ferry_module_func_name(m, 3))).toBe("deep");
    expect(str(ferry_module_func_name(m, 5))).toBe("");
    expect(ferry_instance_module(<u32>inst)).toBe(m);
    expect(ferry_instance_memory(<u32>inst)).toBe(mem);
  });
  it("reports a malformed module with its kind", () => {
    const p = ferry_alloc(4);
    store<u32>(p, 0x6d736100);
    expect(ferry_module_load(p, 4)).toBe(-1);
    expect(ferry_error_kind()).toBe(ErrorKind.MALFORMED);
  });
});

describe("running compiled code", () => {
  it("runs a loop to the same result in one go and in small fuel slices", () => {
    const sum = fn(0);
    begin(sum, [1000]);
    expect(ferry_run(-1)).toBe(DONE);
    expect(load<u32>(args)).toBe(500500);
    begin(sum, [1000]);
    let status = ferry_run(10);
    let yields = 0;
    while (status == YIELD) {
      yields++;
      expect(ferry_backtrace_count()).toBe(1);
      expect(ferry_backtrace_func(0)).toBe(sum);
      status = ferry_run(10);
    }
    expect(status).toBe(DONE);
    expect(load<u32>(args)).toBe(500500);
    expect(yields).toBeGreaterThan(100);
  });
  it("calls through the table, into wasm and into the host", () => {
    begin(fn(1), [0, 10]);
    expect(ferry_run(-1)).toBe(DONE);
    expect(load<u32>(args)).toBe(55);
    begin(fn(1), [1, 21]);
    expect(ferry_run(-1)).toBe(HOSTCALL);
    expect(ferry_hostcall_func()).toBe(twice);
    const p = ferry_hostcall_args();
    expect(load<u32>(p)).toBe(21);
    store<u64>(p, 42);
    expect(ferry_run(-1)).toBe(DONE);
    expect(load<u32>(args)).toBe(42);
  });
  it("recurses deeply and traps runaway depth as exhaustion", () => {
    begin(fn(2), [1000]);
    expect(ferry_run(-1)).toBe(DONE);
    expect(load<u32>(args)).toBe(1000);
    begin(fn(2), [1000000]);
    expect(ferry_run(-1)).toBe(TRAP);
    expect(ferry_error_kind()).toBe(ErrorKind.EXHAUSTION);
    expect(str(ferry_error_message())).toBe("call stack exhausted");
    ferry_trap_unwind();
  });
  it("writes the imported memory and traps past its end", () => {
    begin(fn(3), [8, 0xabcd]);
    expect(ferry_run(-1)).toBe(DONE);
    expect(load<u32>(load<u32>(mem) + 12)).toBe(0xabcd);
    begin(fn(3), [65532, 1]);
    expect(ferry_run(-1)).toBe(TRAP);
    expect(str(ferry_error_message())).toBe("out of bounds memory access");
    ferry_trap_unwind();
  });
  it("traps with the instruction's module offset in the backtrace", () => {
    begin(fn(4), [7, 0]);
    expect(ferry_run(-1)).toBe(TRAP);
    expect(ferry_error_kind()).toBe(ErrorKind.TRAP);
    expect(str(ferry_error_message())).toBe("integer divide by zero");
    expect(ferry_backtrace_count()).toBe(1);
    expect(ferry_backtrace_func(0)).toBe(fn(4));
    expect(ferry_backtrace_pc(0)).toBe(DIV_OFFSET);
    // The next call unwinds the trapped one by itself.
    begin(fn(4), [7, 2]);
    expect(ferry_run(-1)).toBe(DONE);
    expect(load<u32>(args)).toBe(3);
  });
});
