// Entry of build/ferry-wasi.wasm, the VM as a WASI command (DESIGN.md §3):
// `ferry-wasi.wasm app.wasm [args...]` reads app.wasm from a preopened
// directory, decodes, compiles and instantiates it with the workload's
// wasi_snapshot_preview1 imports as host functions, and runs its start
// function and `_start` with the status loop, forwarding every host call to
// the outer runtime's WASI (forward.ts). Ferry's own errors: one line on
// stderr and exit 2; a workload trap: `ferry: trap: <message>` and its
// backtrace (trap.ts), exit 3.
// Snapshots (options.ts): `--checkpoint-after N --snapshot FILE` stops at the
// last segment boundary at or before N instructions and writes snapshot
// format v1 (snapshot-writer.ts), exit 0; `--resume FILE` continues one
// written by any Ferry (snapshot-reader.ts). The host calls that change the
// fd table are mirrored in shadow-fds.ts, and the monotonic clock runs on
// from the snapshot's (clock.ts). `--trigger-file PATH` checkpoints when PATH
// appears (trigger.ts: looked for every 10,000 instructions and after every
// host call; trigger-wait.ts: waits in fd_read / poll_oneoff interrupted and
// the call rewound, exec/rewind.ts).

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
import { FuncRec, InstRec, InstanceData, instanceData, modules } from "../runtime/store";
import { appArgs, loadArgsEnv, stringAt, vmArgs } from "./args";
import { monotonicOffset } from "./clock";
import { forward } from "./forward";
import { Guest, bindGuest, ptr } from "./guest";
import { applyHostState, hostStateJson, parseHostState, setList } from "./host-state";
import { proc_exit } from "./imports";
import { closeVmPreopens, writeText, readWorkload } from "./io";
import { W, WASI_MODULE, WASI_SIGS, wasiId } from "./names";
import { VmOptions, parseOptions, shown } from "./options";
import { shadowClosed, shadowInit, shadowOpened, shadowRenumbered, shadowSetFlags, shadowSetRights } from "./shadow-fds";
import { decodeSnapshot, restoreSnapshot } from "./snapshot-reader";
import { SnapshotTarget, WriteInfo, encodeSnapshot, snapshotTarget, writeSnapshotFile } from "./snapshot-writer";
import { trapReport } from "./trap";
import { monitorsAttach, monitorsEnable, monitorsInvoke, monitorsReport, monitorsResolve, monitorsTrapped, monitorsWantCanonical } from "./monitors";
import { restoreSnapshotMonitors, snapshotMonitorsEnable } from "./snapshot-monitors";
import { Trigger, armTrigger, runWatched, triggerFired } from "./trigger";
import { INTERRUPTED, blockingCall, needsBlockingCall } from "./trigger-wait";
import { rewindHostCall } from "../exec/rewind";

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

/** The running workload: its module, bytes, instance and memory, and the checkpoint asked for. */
class Workload {
  m: Module;
  bytes: Uint8Array;
  rec: usize = 0;
  d: InstanceData;
  mem: usize = 0;
  /** Machine.fuelUsed at which to checkpoint; u64.MAX_VALUE for none. */
  budgetEnd: u64 = u64.MAX_VALUE;
  snapshot: SnapshotTarget | null = null;
  constructor(m: Module, bytes: Uint8Array, d: InstanceData) {
    this.m = m;
    this.bytes = bytes;
    this.d = d;
  }
}

/** Argument k of the pending host call as u32. */
@inline function arg(args: usize, k: usize): u32 { return load<u32>(args + (k << 3)); }

/** Forwards the pending host call of WASI function `id`, mirroring fd-table changes and the moved monotonic clock. */
function hostCall(w: Workload, id: i32, args: usize): i32 {
  if (id == W.PROC_EXIT) finished(w);
  // Read before forwarding: the call may overwrite the argument slots' memory.
  let path = "";
  if (id == W.PATH_OPEN) {
    const p = ptr(arg(args, 2), <u64>arg(args, 3));
    if (!Guest.fault) path = String.UTF8.decodeUnsafe(p, <usize>arg(args, 3));
  }
  const r = forward(id, args);
  if (r != 0) return r;
  switch (id) {
    case W.PATH_OPEN: {
      const p = ptr(arg(args, 8), 4);
      if (!Guest.fault) shadowOpened(<i32>arg(args, 0), path, load<u64>(args + 40), load<u64>(args + 48), arg(args, 7), load<i32>(p));
      break;
    }
    case W.FD_CLOSE: shadowClosed(<i32>arg(args, 0)); break;
    case W.FD_RENUMBER: shadowRenumbered(<i32>arg(args, 0), <i32>arg(args, 1)); break;
    case W.FD_FDSTAT_SET_FLAGS: shadowSetFlags(<i32>arg(args, 0), arg(args, 1)); break;
    case W.FD_FDSTAT_SET_RIGHTS: shadowSetRights(<i32>arg(args, 0), load<u64>(args + 8), load<u64>(args + 16)); break;
    case W.CLOCK_TIME_GET: {
      if (arg(args, 0) == 1 && monotonicOffset != 0) {
        const p = ptr(arg(args, 2), 8);
        if (!Guest.fault) store<i64>(p, load<i64>(p) + monotonicOffset);
      }
      break;
    }
  }
  return r;
}

/** Takes the checkpoint of the suspended workload, writes it and exits 0 (`why`: "on TRIGGER " and `late`, a note after the count, for a trigger). */
function checkpoint(w: Workload, why: string = "", late: string = ""): void {
  // The budget may end just after an answered host call: step to the segment start that follows it.
  if (runSliced(0) != Status.YIELD) die("cannot checkpoint: the workload did not stop at a resume point", 2);
  const info = new WriteInfo();
  const bytes = encodeSnapshot(w.d, w.bytes, hostStateJson(), info);
  writeSnapshotFile(w.snapshot!, bytes);
  writeText(2, "ferry: checkpoint " + why + "after " + info.instructions.toString() + " instructions" + late + ": wrote " + w.snapshot!.path + " (" + info.bytes.toString()
    + " bytes; " + info.frames.toString() + " frames, " + info.stored.toString() + " of " + info.pages.toString() + " pages stored)\n");
  proc_exit(0);
}

/** Runs the current invocation to DONE, answering host calls and taking the checkpoint; exits 3 on a trap. */
function runLoop(w: Workload): void {
  while (true) {
    let fuel = i64.MAX_VALUE;
    if (w.budgetEnd != u64.MAX_VALUE) {
      if (Machine.fuelUsed >= w.budgetEnd) {
        checkpoint(w);
        return;
      }
      fuel = <i64>(w.budgetEnd - Machine.fuelUsed);
    }
    const before = Machine.fuelUsed;
    const status = Trigger.armed ? runWatched(fuel) : runSliced(fuel);
    if (status == Status.DONE) return;
    if (status == Status.HOSTCALL) {
      const args = Machine.hostArgs;
      bindGuest(w.mem);
      const id = <i32>load<u32>(Machine.hostFunc, FuncRec.INDEX);
      let r = needsBlockingCall() ? blockingCall(id, args) : -1;
      if (r == INTERRUPTED) {
        // Nothing consumed: back to the call instruction, which a resumed run issues again.
        if (!rewindHostCall()) die("cannot checkpoint inside this host call: " + errorMessage(), 2);
        checkpoint(w, "on " + Trigger.name + " ", " (waiting in a host call, rewound to its call)");
        return;
      }
      if (r < 0) r = hostCall(w, id, args);
      store<u64>(args, <u64><u32>r);
      if (triggerFired()) checkpoint(w, "on " + Trigger.name + " ", " (at most " + (Machine.fuelUsed - Trigger.clearAt).toString() + " after the trigger)");
      continue;
    }
    if (status == Status.YIELD && triggerFired()) {
      checkpoint(w, "on " + Trigger.name + " ", " (at most " + (Machine.fuelUsed - Trigger.clearAt).toString() + " after the trigger)");
      return;
    }
    if (status == Status.YIELD) {
      // No progress with the whole remaining budget: the next segment does not fit.
      if (w.budgetEnd != u64.MAX_VALUE && Machine.fuelUsed == before) {
        checkpoint(w);
        return;
      }
      continue;
    }
    monitorsTrapped();
    monitorsReport(w.m);
    writeText(2, trapReport(w.m));
    proc_exit(3);
    return;
  }
}

/** Runs wasm FuncInst `func` (no arguments) to completion. */
function runToEnd(w: Workload, func: usize): void {
  if (beginInvocation(func) == 0) {
    die("trap: " + errorMessage(), 3);
    return;
  }
  monitorsInvoke(func);
  runLoop(w);
}

/** Decodes, compiles and instantiates `bytes` (named `path`) with WASI imports; null after exiting on an error. */
function loadWorkload(bytes: Uint8Array, path: string): Workload | null {
  clearError();
  const m = decodeModule(bytes);
  if (m == null) {
    die(path + ": malformed module: " + errorMessage(), 2);
    return null;
  }
  // The branches monitor needs code without fused compare+branch instructions (as assembly/index.ts).
  const cm = compileModule(m, !monitorsWantCanonical());
  if (cm == null) {
    die(path + ": invalid module: " + errorMessage(), 2);
    return null;
  }
  modules.push(cm);
  const n = m.imports.length;
  const imports = heap.alloc(n > 0 ? <usize>n << 2 : 4);
  for (let i = 0; i < n; i++) {
    const im = m.imports[i];
    const id = im.kind == ExternKind.FUNC && im.module == WASI_MODULE ? wasiId(im.name) : -1;
    if (id < 0) {
      die("unknown import " + im.module + "." + im.name, 2);
      return null;
    }
    store<u32>(imports + (<usize>i << 2), <u32>wasiHostFunc(id));
  }
  const rec = instantiate(cm, modules.length - 1, imports, <u32>n);
  if (rec == 0) {
    if (errorKind() == ErrorKind.TRAP) die("trap: " + errorMessage(), 3);
    else die(errorMessage(), 2);
    return null;
  }
  const d = instanceData(rec);
  if (d == null) return null;
  monitorsAttach(d);
  const w = new Workload(m, bytes, d);
  w.rec = rec;
  w.mem = <usize>load<u32>(rec, InstRec.MEM0);
  return w;
}

/** `--resume FILE`: rebuilds the workload from the snapshot and continues it. */
function resume(o: VmOptions): void {
  const err: string[] = [""];
  const file = readWorkload(o.resume, err);
  if (file == null) {
    die(err[0].replace(o.resume, shown(o.resume)), 2);
    return;
  }
  const target = o.snapshot != "" ? snapshotTarget(o.snapshot) : null;
  for (let i = 0; i < o.triggerFiles.length; i++) armTrigger(o.triggerFiles[i], shown(o.triggerFiles[i]));
  const snap = decodeSnapshot(file, o.resume);
  const host = parseHostState(snap.host);
  snapshotMonitorsEnable(snap, o.monitorOut);
  monitorsResolve();
  const w = loadWorkload(snap.module, shown(o.resume) + " (module section)");
  if (w == null) return;
  restoreSnapshot(snap, w.rec, w.d);
  restoreSnapshotMonitors(snap);
  applyHostState(host);
  if (target != null) {
    if (o.checkpointAfter > 0) w.budgetEnd = Machine.fuelUsed + <u64>o.checkpointAfter;
    w.snapshot = target;
    Trigger.clearAt = Machine.fuelUsed;
  }
  runLoop(w);
  finished(w);
}

/** Says so when the workload ended before its checkpoint; writes the monitors' report. */
function finished(w: Workload): void {
  monitorsReport(w.m);
  if (w.snapshot != null) writeText(2, "ferry: the workload finished after " + Machine.fuelUsed.toString() + " instructions, before the checkpoint; no snapshot written\n");
}

/** Reads, compiles, instantiates and runs the workload (or resumes a snapshot). */
export function _start(): void {
  loadArgsEnv();
  const o = parseOptions(vmArgs);
  if (o.monitors != 0) monitorsEnable(o.monitors, o.monitorOut);
  if (o.resume != "") {
    resume(o);
    return;
  }
  const workloadArgs: string[] = [];
  for (let i = o.app; i < vmArgs.offs.length; i++) workloadArgs.push(stringAt(vmArgs, i));
  setList(appArgs, workloadArgs);
  shadowInit();
  const path = workloadArgs[0];
  const err: string[] = [""];
  const bytes = readWorkload(path, err);
  if (bytes == null) {
    die(err[0], 2);
    return;
  }
  closeVmPreopens(); // the workload sees only the user's preopens
  const w = loadWorkload(bytes, path);
  if (w == null) return;
  monitorsResolve();
  if (o.checkpointAfter > 0) w.budgetEnd = Machine.fuelUsed + <u64>o.checkpointAfter;
  if (o.snapshot != "") w.snapshot = snapshotTarget(o.snapshot);
  for (let i = 0; i < o.triggerFiles.length; i++) armTrigger(o.triggerFiles[i], shown(o.triggerFiles[i]));
  const d = w.d;
  let main: usize = 0;
  for (let i = 0; i < w.m.exports.length; i++) {
    const e = w.m.exports[i];
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
  if (d.start != 0) {
    if (w.snapshot != null) die(path + ": a module with a start function cannot be checkpointed (snapshot format v1)", 2);
    runToEnd(w, d.start);
  }
  runToEnd(w, main);
  finished(w);
}
