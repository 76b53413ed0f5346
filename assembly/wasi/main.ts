// Entry of build/ferry-wasi.wasm, the VM as a WASI command (DESIGN.md §3):
// `ferry-wasi.wasm app.wasm [args...]` reads app.wasm from a preopened
// directory, decodes, compiles and instantiates it with the workload's
// wasi_snapshot_preview1 imports as host functions, and runs its start
// function and `_start` with the status loop, forwarding every host call to
// the outer runtime's WASI (forward.ts). Ferry's own errors: one line on
// stderr and exit 2; a workload trap: `ferry: trap: <message>` and its
// backtrace (trap.ts), exit 3.

// index.ts holds ferryAbort, the abort handler asconfig.json installs ("use").
import "../index";
import { decodeModule } from "../binary/decode";
import { compileModule } from "../compile/index";
import { ErrorKind, clearError, errorKind, errorMessage } from "../errors";
import { ExternKind, Module } from "../module";
import { ValType } from "../opcodes";
import { Machine, beginInvocation } from "../exec/frames";
import { runSliced } from "../exec/driver";
import { Status } from "../exec/status";
import { hostFuncNew } from "../runtime/func";
import { instantiate } from "../runtime/instance";
import { FuncRec, InstRec, instanceData, modules } from "../runtime/store";
import { loadArgsEnv, stringAt, vmArgs } from "./args";
import { forward } from "./forward";
import { bindGuest } from "./guest";
import { proc_exit } from "./imports";
import { closeVmPreopens, writeText, readWorkload } from "./io";
import { W, WASI_MODULE, WASI_SIGS, wasiId } from "./names";
import { trapReport } from "./trap";

/** Writes `ferry: msg` on stderr and exits with `code`. */
function die(msg: string, code: i32): void {
  writeText(2, "ferry: " + msg + "\n");
  proc_exit(code);
}

/** The host function for WASI function `id` (its canonical preview1 signature). */
function wasiHostFunc(id: i32): usize {
  const sig = WASI_SIGS[id];
  const params = new Array<u8>(sig.length);
  for (let i = 0; i < sig.length; i++) params[i] = sig.charCodeAt(i) == 0x49 ? <u8>ValType.I64 : <u8>ValType.I32;
  const results: u8[] = id == W.PROC_EXIT ? [] : [<u8>ValType.I32];
  return hostFuncNew(params, results, <u32>id);
}

/** Runs wasm FuncInst `func` (no arguments) of module m to completion, answering host calls; exits 3 on a trap. */
function runToEnd(m: Module, func: usize, mem: usize): void {
  if (beginInvocation(func) == 0) {
    die("trap: " + errorMessage(), 3);
    return;
  }
  while (true) {
    const status = runSliced(i64.MAX_VALUE);
    if (status == Status.DONE) return;
    if (status == Status.HOSTCALL) {
      const args = Machine.hostArgs;
      bindGuest(mem);
      const r = forward(<i32>load<u32>(Machine.hostFunc, FuncRec.INDEX), args);
      store<u64>(args, <u64><u32>r);
      continue;
    }
    if (status == Status.YIELD) continue;
    writeText(2, trapReport(m));
    proc_exit(3);
    return;
  }
}

/** Reads, compiles, instantiates and runs the workload named by argv[1]. */
export function _start(): void {
  loadArgsEnv();
  if (vmArgs.offs.length < 2) {
    die("usage: ferry-wasi.wasm app.wasm [args...]", 2);
    return;
  }
  const path = stringAt(vmArgs, 1);
  const err: string[] = [""];
  const bytes = readWorkload(path, err);
  if (bytes == null) {
    die(err[0], 2);
    return;
  }
  closeVmPreopens(); // the workload sees only the user's preopens (wasi3)
  clearError();
  const m = decodeModule(bytes);
  if (m == null) {
    die(path + ": malformed module: " + errorMessage(), 2);
    return;
  }
  const cm = compileModule(m);
  if (cm == null) {
    die(path + ": invalid module: " + errorMessage(), 2);
    return;
  }
  modules.push(cm);
  const n = m.imports.length;
  const imports = heap.alloc(n > 0 ? <usize>n << 2 : 4);
  for (let i = 0; i < n; i++) {
    const im = m.imports[i];
    const id = im.kind == ExternKind.FUNC && im.module == WASI_MODULE ? wasiId(im.name) : -1;
    if (id < 0) {
      die("unknown import " + im.module + "." + im.name, 2);
      return;
    }
    store<u32>(imports + (<usize>i << 2), <u32>wasiHostFunc(id));
  }
  const rec = instantiate(cm, modules.length - 1, imports, <u32>n);
  if (rec == 0) {
    if (errorKind() == ErrorKind.TRAP) die("trap: " + errorMessage(), 3);
    else die(errorMessage(), 2);
    return;
  }
  const d = instanceData(rec);
  if (d == null) return;
  const mem = <usize>load<u32>(rec, InstRec.MEM0);
  let main: usize = 0;
  for (let i = 0; i < m.exports.length; i++) {
    const e = m.exports[i];
    if (e.name == "_start" && e.kind == ExternKind.FUNC && e.index < <u32>d.funcs.length) main = d.funcs[e.index];
  }
  if (main == 0) {
    die(path + ": the module has no _start function (not a WASI command)", 2);
    return;
  }
  if (load<u32>(main, FuncRec.CODE) == 0) {
    die(path + ": _start is an imported function", 2);
    return;
  }
  if (d.start != 0) runToEnd(m, d.start, mem);
  runToEnd(m, main, mem);
}
