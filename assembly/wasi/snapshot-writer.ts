// Checkpoint of the WASI build: the workload suspended at a yield of its one
// invocation, captured with the state hooks of assembly/exec/state.ts and
// encoded in snapshot format v1 (docs/snapshot-format.md: the same bytes the
// JS host's migrate/snapshot/format.ts writes), then written atomically in a
// preopened directory: a temporary file next to the target, synced, renamed
// over it with path_rename.

import { errorMessage } from "../errors";
import { Machine } from "../exec/frames";
import { frameFp, frameFunc, frameHeight, frameLocals, framePc, frameTypes, stateCapture } from "../exec/state";
import { GlobalRec, InstanceData, MemRec, SegRec, TableRec } from "../runtime/store";
import { ByteWriter } from "./bytes";
import { crc32 } from "./crc32";
import { fd_close, fd_sync, fd_write, path_open, path_rename, path_unlink_file } from "./imports";
import { resolve } from "./io";
import { shown } from "./options";
import { refuse } from "./refuse";
import { MONITORS_SECTION, monitorsPayload } from "./snapshot-monitors";
import { outLen, outPtr } from "../monitor/canon-bytes";
import { sha256 } from "./sha256";
import { MAGIC, NULL_REF, PAGE, SECTION_COUNT, Sec, T_EXTERNREF, T_F64, T_FUNCREF, T_I64, VERSION } from "./snapshot-format";

/** What the last checkpoint wrote (for the stderr line). */
export class WriteInfo {
  bytes: usize = 0;
  frames: u32 = 0;
  pages: u32 = 0;
  stored: u32 = 0;
  instructions: u64 = 0;
}

/** Function index of FuncInst addresses of the instance (first index of each). */
class FuncIndex {
  addrs: u32[];
  map: Map<u32, u32> = new Map();
  constructor(d: InstanceData) {
    this.addrs = d.funcs;
    for (let i = 0; i < d.funcs.length; i++) if (!this.map.has(d.funcs[i])) this.map.set(d.funcs[i], <u32>i);
  }
}

/** The canonical value of raw slot `bits` of type t (docs/snapshot-format.md "Values"). */
function canonical(t: u32, bits: u64, fi: FuncIndex, where: string): u64 {
  if (t == T_I64 || t == T_F64) return bits;
  if (t == T_FUNCREF) {
    const addr = <u32>bits;
    if (addr == 0) return NULL_REF;
    if (!fi.map.has(addr)) refuse("cannot checkpoint: " + where + ": a funcref to a function of another instance");
    return fi.map.get(addr);
  }
  if (t == T_EXTERNREF) {
    if (<u32>bits != 0) refuse("cannot checkpoint: " + where + ": externref values cannot be snapshotted");
    return NULL_REF;
  }
  return bits & 0xffffffff;
}

/** Starts section `id` in w; returns the offset of its header. */
function begin(w: ByteWriter, id: Sec): usize {
  const at = w.len;
  w.u32(<u32>id);
  w.u32(0);
  w.u32(0);
  return at;
}

/** Fills in the length and CRC of the section begun at `at`. */
function finish(w: ByteWriter, at: usize): void {
  const start = at + 12;
  const len = w.len - start;
  w.patchU32(at + 4, <u32>len);
  w.patchU32(at + 8, crc32(w.buf + start, len));
}

/** The snapshot of the suspended workload of instance `d` (module `module`), with host section JSON `host`. */
export function encodeSnapshot(d: InstanceData, module: Uint8Array, host: string, info: WriteInfo): ByteWriter {
  const n = stateCapture();
  if (n < 0) refuse("cannot checkpoint: " + errorMessage());
  const fi = new FuncIndex(d);
  const w = new ByteWriter(1 << 16);
  w.u64(MAGIC);
  w.u32(VERSION);
  w.u32(SECTION_COUNT);

  let at = begin(w, Sec.MODULE);
  const hash = sha256(module.dataStart, <usize>module.length);
  w.bytes(hash.dataStart, 32);
  w.u32(<u32>module.length);
  w.bytes(module.dataStart, <usize>module.length);
  finish(w, at);

  at = begin(w, Sec.FRAMES);
  w.u32(<u32>n);
  for (let i: u32 = 0; i < <u32>n; i++) {
    const func = frameFunc(i);
    if (!fi.map.has(func)) refuse("cannot checkpoint: frame " + i.toString() + " is in a function of another instance");
    const types = frameTypes(i);
    const nl = frameLocals(i);
    if (<u32>types.length != nl + frameHeight(i)) refuse("cannot checkpoint: frame " + i.toString() + ": inconsistent state");
    w.u32(fi.map.get(func));
    w.u32(framePc(i));
    w.u32(nl);
    w.u32(frameHeight(i));
    for (let k = 0; k < types.length; k++) w.u8(types[k]);
    const fp = <usize>frameFp(i);
    for (let k = 0; k < types.length; k++) w.u64(canonical(types[k], load<u64>(fp + (<usize>k << 3)), fi, "frame " + i.toString()));
  }
  finish(w, at);

  at = begin(w, Sec.GLOBALS);
  w.u32(<u32>d.globals.length);
  for (let i = 0; i < d.globals.length; i++) {
    const g = <usize>d.globals[i];
    const t = load<u32>(g, GlobalRec.VAL_TYPE);
    w.u8(t);
    w.u64(canonical(t, load<u64>(g, GlobalRec.VALUE), fi, "global " + i.toString()));
  }
  finish(w, at);

  at = begin(w, Sec.TABLES);
  w.u32(<u32>d.tables.length);
  for (let i = 0; i < d.tables.length; i++) {
    const t = <usize>d.tables[i];
    const elems = <usize>load<u32>(t, TableRec.ELEMS);
    const size = load<u32>(t, TableRec.LEN);
    const et = load<u32>(t, TableRec.ELEM_TYPE);
    w.u8(et);
    w.u32(size);
    for (let k: u32 = 0; k < size; k++) w.u32(<u32>canonical(et, <u64>load<u32>(elems + (<usize>k << 2)), fi, "table " + i.toString()));
  }
  finish(w, at);

  at = begin(w, Sec.MEMORY);
  w.u32(<u32>d.mems.length);
  for (let i = 0; i < d.mems.length; i++) {
    const m = <usize>d.mems[i];
    const base = <usize>load<u32>(m, MemRec.BASE);
    const pages = load<u32>(m, MemRec.PAGES);
    w.u32(pages);
    const countAt = w.len;
    w.u32(0);
    let stored: u32 = 0;
    for (let p: u32 = 0; p < pages; p++) {
      const start = base + <usize>p * PAGE;
      let nonZero = false;
      for (let k: usize = 0; k < PAGE; k += 8) {
        if (load<u64>(start + k) != 0) { nonZero = true; break; }
      }
      if (!nonZero) continue;
      w.u32(p);
      w.bytes(start, PAGE);
      stored++;
    }
    w.patchU32(countAt, stored);
    info.pages += pages;
    info.stored += stored;
  }
  finish(w, at);

  at = begin(w, Sec.SEGMENTS);
  w.u32(<u32>d.datas.length);
  for (let i = 0; i < d.datas.length; i++) w.u8(load<u32>(<usize>d.datas[i], SegRec.LEN) == 0 ? 1 : 0);
  w.u32(<u32>d.elems.length);
  for (let i = 0; i < d.elems.length; i++) w.u8(load<u32>(<usize>d.elems[i], SegRec.LEN) == 0 ? 1 : 0);
  finish(w, at);

  at = begin(w, Sec.HOST);
  w.text(host);
  finish(w, at);

  at = begin(w, Sec.COUNTER);
  w.u64(Machine.fuelUsed);
  finish(w, at);

  if (monitorsPayload()) {
    at = begin(w, <Sec>MONITORS_SECTION);
    w.bytes(outPtr(), <usize>outLen);
    finish(w, at);
    w.patchU32(12, load<u32>(w.buf + 12) + 1); // one more section
  }

  info.bytes = w.len;
  info.frames = <u32>n;
  info.instructions = Machine.fuelUsed;
  return w;
}

/** Where a snapshot goes: a preopened directory fd and the path below it. */
export class SnapshotTarget {
  constructor(public path: string, public dir: i32, public rel: string) {}
}

/**
 * The target of snapshot `path` (inside a preopened directory), found now:
 * call it before the workload's fds are restored or opened (the outer
 * preopens are enumerated until the first fd that is not one).
 */
export function snapshotTarget(path: string): SnapshotTarget {
  const dirOut: i32[] = [0];
  const rel = resolve(path, dirOut);
  if (rel == null) refuse("cannot write snapshot " + shown(path) + ": not inside a preopened directory");
  return new SnapshotTarget(shown(path), dirOut[0], rel!);
}

/** Writes w's bytes to target `t` atomically; refuses on failure. */
export function writeSnapshotFile(t: SnapshotTarget, w: ByteWriter): void {
  const path = t.path;
  const dir = t.dir;
  const rel: string | null = t.rel;
  const slash = rel!.lastIndexOf("/");
  const tmp = rel!.slice(0, slash + 1) + "." + rel!.slice(slash + 1) + ".tmp";
  const tmpB = String.UTF8.encode(tmp);
  const relB = String.UTF8.encode(rel!);
  const scratch = heap.alloc(16);
  // oflags creat | trunc; rights fd_datasync | fd_sync | fd_write | fd_filestat_get.
  const rights: i64 = 1 | (1 << 4) | (1 << 6) | (1 << 21);
  let e = path_open(dir, 0, changetype<usize>(tmpB), tmpB.byteLength, 1 | 8, rights, 0, 0, scratch);
  if (e != 0) refuse("cannot write snapshot " + path + ": cannot create " + tmp + " (WASI errno " + e.toString() + ")");
  const fd = load<i32>(scratch);
  let off: usize = 0;
  while (off < w.len && e == 0) {
    store<u32>(scratch, <u32>(w.buf + off));
    store<u32>(scratch, <u32>(w.len - off), 4);
    e = fd_write(fd, scratch, 1, scratch + 8);
    const n = <usize>load<u32>(scratch, 8);
    if (e == 0 && n == 0) e = 29; // EIO: no progress
    off += n;
  }
  if (e == 0) e = fd_sync(fd);
  fd_close(fd);
  if (e == 0) e = path_rename(dir, changetype<usize>(tmpB), tmpB.byteLength, dir, changetype<usize>(relB), relB.byteLength);
  heap.free(scratch);
  if (e != 0) {
    path_unlink_file(dir, changetype<usize>(tmpB), tmpB.byteLength);
    refuse("cannot write snapshot " + path + " (WASI errno " + e.toString() + ")");
  }
}
