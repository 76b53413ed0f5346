// The VM's own argv and environ, read once from the outer runtime, and the
// workload's: argv without the VM's argv[0] (so the workload's argv[0] is the
// app path as given), environ as is. args_get / environ_get write pointers,
// so the VM answers them itself with workload-relative pointers.

import { args_get, args_sizes_get, environ_get, environ_sizes_get } from "./imports";
import { EFAULT, Guest, ptr } from "./guest";

/** A list of NUL-terminated strings packed in one buffer, as args_get/environ_get write them. */
export class StringList {
  /** Packed strings, each followed by a NUL. */
  buf: Uint8Array = new Uint8Array(0);
  /** Offset of each string in buf. */
  offs: u32[] = [];
}

/** Reads argv (env = false) or environ (env = true) from the outer runtime. */
function readOuter(env: bool): StringList {
  const out = new StringList();
  const counts = heap.alloc(8);
  store<u64>(counts, 0);
  const e1 = env ? environ_sizes_get(counts, counts + 4) : args_sizes_get(counts, counts + 4);
  const n = e1 == 0 ? load<u32>(counts) : 0;
  const size = e1 == 0 ? load<u32>(counts, 4) : 0;
  heap.free(counts);
  if (n == 0) return out;
  const ptrs = heap.alloc(<usize>n << 2);
  const buf = new Uint8Array(size > 0 ? <i32>size : 1);
  const e2 = env ? environ_get(ptrs, buf.dataStart) : args_get(ptrs, buf.dataStart);
  if (e2 == 0) {
    out.buf = buf;
    for (let i: u32 = 0; i < n; i++) out.offs.push(load<u32>(ptrs + (<usize>i << 2)) - <u32>buf.dataStart);
  }
  heap.free(ptrs);
  return out;
}

/** Drops the first string of list l (the VM's own argv[0]). */
function dropFirst(l: StringList): StringList {
  const out = new StringList();
  if (l.offs.length < 2) return out;
  const start = l.offs[1];
  out.buf = l.buf.slice(<i32>start);
  for (let i = 1; i < l.offs.length; i++) out.offs.push(l.offs[i] - start);
  return out;
}

/** The VM's own argv (argv[0] = the VM, argv[1] = the app path). */
export let vmArgs = new StringList();
/** The workload's argv. */
export let appArgs = new StringList();
/** The environment (the VM's and the workload's). */
export let envList = new StringList();

/** Reads argv and environ from the outer runtime. */
export function loadArgsEnv(): void {
  vmArgs = readOuter(false);
  appArgs = dropFirst(vmArgs);
  envList = readOuter(true);
}

/** String i of l as text (i in range). */
export function stringAt(l: StringList, i: i32): string {
  const start = <i32>l.offs[i];
  let end = start;
  while (end < l.buf.length && l.buf[end] != 0) end++;
  return String.UTF8.decodeUnsafe(l.buf.dataStart + <usize>start, <usize>(end - start));
}

/** args_sizes_get / environ_sizes_get for the workload: count and buffer size at workload addresses. */
export function sizesGet(l: StringList, countPtr: u32, sizePtr: u32): i32 {
  const c = ptr(countPtr, 4);
  const s = ptr(sizePtr, 4);
  if (Guest.fault) return EFAULT;
  store<u32>(c, <u32>l.offs.length);
  store<u32>(s, <u32>l.buf.length);
  return 0;
}

/** args_get / environ_get for the workload: pointers (workload-relative) and packed strings. */
export function listGet(l: StringList, ptrsPtr: u32, bufPtr: u32): i32 {
  const n = l.offs.length;
  const p = ptr(ptrsPtr, <u64>n << 2);
  const b = ptr(bufPtr, <u64>l.buf.length);
  if (Guest.fault) return EFAULT;
  for (let i = 0; i < n; i++) store<u32>(p + (<usize>i << 2), bufPtr + l.offs[i]);
  if (l.buf.length > 0) memory.copy(b, l.buf.dataStart, <usize>l.buf.length);
  return 0;
}
