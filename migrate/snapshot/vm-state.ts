// Captures a workload suspended in the Ferry VM as a canonical Snapshot and
// rebuilds one in a freshly instantiated module, through the state ABI of
// assembly/exec/state.ts (docs/internals.md, "Snapshot state"). Reference
// values are translated between FuncInst addresses and function indices;
// i32/f32 slots are canonicalised (high half zero).

import { Buffer } from "node:buffer";
import type { FerryEngine, FerryInstance } from "../../host/ferry-engine.js";
import type { Wasi } from "../../host/wasi/index.js";
import { SnapshotError, sha256 } from "./format.js";
import type { FrameState, GlobalState, MemoryState, Snapshot, TableState } from "./model.js";
import { NULL_REF, PAGE, VALTYPE } from "./model.js";
import type { MemorySource, MemoryTarget } from "./memory-source.js";

/** The state ABI exports (assembly/exec/state.ts via assembly/index.ts). */
interface StateAbi {
  ferry_state_frames(): number;
  ferry_state_frame_func(i: number): number;
  ferry_state_frame_pc(i: number): number;
  ferry_state_frame_fp(i: number): number;
  ferry_state_frame_locals(i: number): number;
  ferry_state_frame_height(i: number): number;
  ferry_state_frame_types(i: number): number;
  ferry_state_push_frame(inst: number, index: number, pc: number, height: number, typesPtr: number, nTypes: number): number;
  ferry_state_restore_end(): number;
  ferry_state_restore_reset(): void;
  ferry_state_item_count(inst: number, kind: number): number;
  ferry_state_item(inst: number, kind: number, i: number): number;
  ferry_state_memory_set_pages(mem: number, pages: number): number;
  ferry_state_table_set_size(table: number, size: number): number;
  ferry_state_set_fuel_used(n: number): void;
}

const enum Kind { FUNC = 0, TABLE = 1, MEMORY = 2, GLOBAL = 3, DATA = 4, ELEM = 5 }

function abiOf(engine: FerryEngine): StateAbi {
  const abi = engine.vm.abi as unknown as StateAbi;
  if (typeof abi.ferry_state_frames !== "function") throw new SnapshotError("build/ferry.wasm has no snapshot support (rebuild the VM)");
  return abi;
}

function items(abi: StateAbi, inst: number, kind: Kind): number[] {
  const n = abi.ferry_state_item_count(inst, kind);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(abi.ferry_state_item(inst, kind, i));
  return out;
}

const LOW32 = 0xffffffffn;

/** Canonical value of the raw slot `bits` of type `t` (refs as function index). */
function toCanonical(t: number, bits: bigint, funcIndex: Map<number, number>, where: string): bigint {
  switch (t) {
    case VALTYPE.i32: case VALTYPE.f32: return bits & LOW32;
    case VALTYPE.i64: case VALTYPE.f64: return bits;
    case VALTYPE.funcref: {
      const addr = Number(bits & LOW32);
      if (addr === 0) return BigInt(NULL_REF);
      const i = funcIndex.get(addr);
      if (i === undefined) throw new SnapshotError(`${where}: a funcref to a function of another instance cannot be snapshotted`);
      return BigInt(i);
    }
    default:
      if ((bits & LOW32) !== 0n) throw new SnapshotError(`${where}: externref values cannot be snapshotted`);
      return BigInt(NULL_REF);
  }
}

/** Raw slot of canonical value `v` of type `t`. */
function toRaw(t: number, v: bigint, funcs: number[], where: string): bigint {
  switch (t) {
    case VALTYPE.i32: case VALTYPE.f32:
      if (v > LOW32) throw new SnapshotError(`${where}: 32-bit value out of range`);
      return v;
    case VALTYPE.i64: case VALTYPE.f64: return v;
    default: {
      if (v === BigInt(NULL_REF)) return 0n;
      if (t === VALTYPE.externref) throw new SnapshotError(`${where}: non-null externref`);
      const addr = v < BigInt(funcs.length) ? funcs[Number(v)] : undefined;
      if (addr === undefined || addr === 0) throw new SnapshotError(`${where}: function index ${v} out of range`);
      return BigInt(addr);
    }
  }
}

/** One page of zeros, to compare pages with. */
const ZERO_PAGE = new Uint8Array(PAGE);

/** The non-zero pages of the `pages` pages at `base` of `u8`, as views (not copies); compared with memcmp (Buffer.compare), 5-20x a JS word loop. */
function nonZeroPages(u8: Uint8Array, base: number, pages: number): MemoryState["chunks"] {
  const chunks: MemoryState["chunks"] = [];
  for (let p = 0; p < pages; p++) {
    const bytes = u8.subarray(base + p * PAGE, base + (p + 1) * PAGE);
    if (Buffer.compare(bytes, ZERO_PAGE) !== 0) chunks.push({ page: p, bytes });
  }
  return chunks;
}

/** SHA-256 of module bytes, remembered per byte array (module bytes are never modified). */
const moduleHashes = new WeakMap<Uint8Array, Uint8Array>();
function moduleHashOf(bytes: Uint8Array): Uint8Array {
  let h = moduleHashes.get(bytes);
  if (h === undefined) moduleHashes.set(bytes, h = sha256(bytes));
  return h.slice();
}

/**
 * Snapshot of the workload suspended (at a yield) in `engine`; SnapshotError
 * if it cannot be described. Memory pages are views of the VM's memory, not
 * copies: write the snapshot (or copyPages) before the VM runs again.
 */
export function captureSnapshot(engine: FerryEngine, instance: FerryInstance, wasi: Wasi, moduleBytes: Uint8Array): Snapshot {
  const vm = engine.vm;
  const abi = abiOf(engine);
  const inst = instance.handle;
  const funcs = items(abi, inst, Kind.FUNC);
  const funcIndex = new Map<number, number>();
  funcs.forEach((addr, i) => { if (!funcIndex.has(addr)) funcIndex.set(addr, i); });
  const n = abi.ferry_state_frames();
  if (n < 0) throw new SnapshotError(vm.lastError().message);
  const frames: FrameState[] = [];
  for (let i = 0; i < n; i++) {
    const func = abi.ferry_state_frame_func(i);
    const index = funcIndex.get(func);
    if (index === undefined) throw new SnapshotError(`frame ${i} is in a function of another instance`);
    const types = [...vm.strBytes(abi.ferry_state_frame_types(i))];
    const fp = abi.ferry_state_frame_fp(i);
    const numLocals = abi.ferry_state_frame_locals(i);
    if (types.length !== numLocals + abi.ferry_state_frame_height(i)) throw new SnapshotError(`frame ${i}: inconsistent state`);
    const values = types.map((t, k) => toCanonical(t, vm.u64(fp + 8 * k), funcIndex, `frame ${i}`));
    frames.push({ funcIndex: index, pc: abi.ferry_state_frame_pc(i), numLocals, types, values });
  }
  const globals: GlobalState[] = items(abi, inst, Kind.GLOBAL).map((g, i) => {
    const type = vm.u32(g + 8);
    return { type, value: toCanonical(type, vm.u64(g), funcIndex, `global ${i}`) };
  });
  const tables: TableState[] = items(abi, inst, Kind.TABLE).map((t, i) => {
    const elems = vm.u32(t), size = vm.u32(t + 4), elemType = vm.u32(t + 12);
    const out: number[] = [];
    for (let k = 0; k < size; k++) out.push(Number(toCanonical(elemType, BigInt(vm.u32(elems + 4 * k)), funcIndex, `table ${i}`)));
    return { elemType, elems: out };
  });
  const memories: MemoryState[] = items(abi, inst, Kind.MEMORY).map((m) => {
    const base = vm.u32(m), pages = vm.u32(m + 4);
    return { pages, chunks: nonZeroPages(vm.u8, base, pages) };
  });
  const dropped = (kind: Kind) => items(abi, inst, kind).map((s) => vm.u32(s + 4) === 0);
  return {
    moduleHash: moduleHashOf(moduleBytes),
    moduleBytes,
    frames,
    globals,
    tables,
    memories,
    droppedData: dropped(Kind.DATA),
    droppedElem: dropped(Kind.ELEM),
    wasi: wasi.state(),
    instructions: BigInt(Math.round(vm.fuelUsed())),
  };
}

/** Copies the stored pages of `ms` into `t` and clears the others that may be dirty, one `set` per page. */
function copyChunks(t: MemoryTarget, ms: MemoryState): void {
  let next = 0;
  for (const c of ms.chunks) {
    if (c.page > next && next < t.dirtyPages) t.u8.fill(0, t.base + next * PAGE, t.base + Math.min(c.page, t.dirtyPages) * PAGE);
    t.u8.set(c.bytes, t.base + c.page * PAGE);
    next = c.page + 1;
  }
  if (next < t.dirtyPages) t.u8.fill(0, t.base + next * PAGE, t.base + Math.min(ms.pages, t.dirtyPages) * PAGE);
}

/** `s` with its memory pages copied out of the VM (keep it while the VM runs on). */
export function copyPages(s: Snapshot): Snapshot {
  return { ...s, memories: s.memories.map((m) => ({ pages: m.pages, chunks: m.chunks.map((c) => ({ page: c.page, bytes: c.bytes.slice() })) })) };
}

/**
 * Rebuilds the state of `s` in `instance`, freshly instantiated from the same
 * module bytes: memory, globals, tables, dropped segments, the frames and the
 * instruction counter. With `memory` (openSnapshotFile), the pages are
 * streamed from the file instead of taken from `s.memories[i].chunks`. Afterwards FerryEngine.resumeRestored() continues it.
 * SnapshotError (nothing runs) if the snapshot does not fit the module.
 */
export function restoreSnapshot(engine: FerryEngine, instance: FerryInstance, s: Snapshot, memory?: MemorySource): void {
  const vm = engine.vm;
  const abi = abiOf(engine);
  const inst = instance.handle;
  const funcs = items(abi, inst, Kind.FUNC);
  const fail = (msg: string): never => { throw new SnapshotError(`snapshot does not fit the module: ${msg}`); };

  try {
    const mems = items(abi, inst, Kind.MEMORY);
    if (mems.length !== s.memories.length) fail(`${s.memories.length} memories, the module has ${mems.length}`);
    // Pages that existed before growing may hold data-segment bytes; grown ones are zero (memGrow clears them).
    const dirty = mems.map((m, i) => {
      const before = vm.u32(m + 4);
      if (abi.ferry_state_memory_set_pages(m, s.memories[i]!.pages) !== 0) fail(`memory ${i}: ${vm.lastError().message}`);
      return before;
    });
    const targets = mems.map((m, i): MemoryTarget => ({ u8: vm.u8, base: vm.u32(m), dirtyPages: dirty[i]! }));
    if (memory !== undefined) memory.streamInto(targets);
    else targets.forEach((t, i) => copyChunks(t, s.memories[i]!));
  } finally {
    memory?.close();
  }

  const globals = items(abi, inst, Kind.GLOBAL);
  if (globals.length !== s.globals.length) fail(`${s.globals.length} globals, the module has ${globals.length}`);
  globals.forEach((g, i) => {
    const gs = s.globals[i]!;
    if (vm.u32(g + 8) !== gs.type) fail(`global ${i} has a different type`);
    vm.setU64(g, toRaw(gs.type, gs.value, funcs, `global ${i}`));
  });

  const tables = items(abi, inst, Kind.TABLE);
  if (tables.length !== s.tables.length) fail(`${s.tables.length} tables, the module has ${tables.length}`);
  tables.forEach((t, i) => {
    const ts = s.tables[i]!;
    if (vm.u32(t + 12) !== ts.elemType) fail(`table ${i} has a different element type`);
    if (abi.ferry_state_table_set_size(t, ts.elems.length) !== 0) fail(`table ${i}: ${vm.lastError().message}`);
    const raw = ts.elems.map((e) => Number(toRaw(ts.elemType, BigInt(e), funcs, `table ${i}`)));
    const elems = vm.u32(t);
    raw.forEach((a, k) => vm.setU32(elems + 4 * k, a));
  });

  const segs = (kind: Kind, flags: boolean[], what: string) => {
    const recs = items(abi, inst, kind);
    if (recs.length !== flags.length) fail(`${flags.length} ${what} segments, the module has ${recs.length}`);
    recs.forEach((r, i) => { if (flags[i]) vm.setU32(r + 4, 0); });
  };
  segs(Kind.DATA, s.droppedData, "data");
  segs(Kind.ELEM, s.droppedElem, "element");

  let pushed = 0;
  try {
    s.frames.forEach((f, i) => {
      const height = f.types.length - f.numLocals;
      const raw = f.types.map((t, k) => toRaw(t, f.values[k]!, funcs, `frame ${i}`));
      const ptr = vm.copyIn(new Uint8Array(f.types));
      const fp = abi.ferry_state_push_frame(inst, f.funcIndex, f.pc, height, ptr, f.types.length);
      vm.free(ptr);
      if (fp === 0) fail(`frame ${i} (function ${f.funcIndex}, pc ${f.pc}): ${vm.lastError().message}`);
      pushed++;
      raw.forEach((v, k) => vm.setU64(fp + 8 * k, v));
    });
    if (abi.ferry_state_restore_end() !== 0) fail(vm.lastError().message);
  } catch (e) {
    abi.ferry_state_restore_reset();
    if (pushed > 0) vm.trapUnwind();
    throw e;
  }
  abi.ferry_state_set_fuel_used(Number(s.instructions));
}
