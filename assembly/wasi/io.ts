// The VM's own I/O through the outer runtime's WASI: messages on stderr, and
// reading the workload file from the preopened directory whose guest name
// contains its path ("." for relative paths), or from the VM's own preopen
// (guest name VM_DIR, added by `ferry run`), which is closed before the
// workload starts so that the workload sees only the preopens the user gave.

import { fd_close, fd_filestat_get, fd_prestat_dir_name, fd_prestat_get, fd_read, fd_write, path_open } from "./imports";

/** Writes s to outer fd `fd` (all of it, best effort). */
export function writeText(fd: i32, s: string): void {
  const b = String.UTF8.encode(s);
  const iov = heap.alloc(12);
  let off: usize = 0;
  const len = <usize>b.byteLength;
  while (off < len) {
    store<u32>(iov, <u32>(changetype<usize>(b) + off));
    store<u32>(iov, <u32>(len - off), 4);
    if (fd_write(fd, iov, 1, iov + 8) != 0) break;
    const n = <usize>load<u32>(iov, 8);
    if (n == 0) break;
    off += n;
  }
  heap.free(iov);
}

/** A preopened directory: its fd and guest name. */
export class Preopen {
  constructor(public fd: i32, public name: string) {}
}

/**
 * The outer runtime's preopened directories: fds 3, 4, ... until 16 in a row
 * are not preopens (closeVmPreopens leaves a hole, and the VM's snapshot
 * directory may come after it).
 */
export function preopens(): Preopen[] {
  const out: Preopen[] = [];
  const st = heap.alloc(8);
  let misses = 0;
  for (let fd = 3; fd < 1024 && misses < 16; fd++) {
    if (fd_prestat_get(fd, st) != 0) {
      misses++;
      continue;
    }
    misses = 0;
    if (load<u8>(st) != 0) continue;
    const len = load<u32>(st, 4);
    const buf = heap.alloc(len > 0 ? <usize>len : 1);
    if (fd_prestat_dir_name(fd, buf, <i32>len) == 0) {
      let n = <usize>len;
      while (n > 0 && load<u8>(buf + n - 1) == 0) n--; // some runtimes count a trailing NUL
      out.push(new Preopen(fd, String.UTF8.decodeUnsafe(buf, n)));
    }
    heap.free(buf);
  }
  heap.free(st);
  return out;
}

/** `name` without trailing slashes ("/" stays "/"), "." for "./". */
function trimDir(name: string): string {
  let n = name;
  while (n.length > 1 && n.endsWith("/")) n = n.slice(0, n.length - 1);
  return n;
}

/**
 * Guest name of the VM's own preopen: the workload's directory, preopened by `ferry run` for the VM
 * alone. If present, the workload file is its entry named like the last component of the path.
 */
const VM_DIR = "/.ferry-app";

/** The last component of `path`. */
function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}

/** Closes the VM's own preopens (guest name VM_DIR) so that the workload cannot see them. */
export function closeVmPreopens(): void {
  const dirs = preopens();
  for (let i = 0; i < dirs.length; i++) if (trimDir(dirs[i].name) == VM_DIR) fd_close(dirs[i].fd);
}

/** The preopen fd (in `fdOut[0]`) and the path relative to it for `path`; null if no preopen holds it. */
export function resolve(path: string, fdOut: i32[]): string | null {
  const dirs = preopens();
  for (let i = 0; i < dirs.length; i++) {
    if (trimDir(dirs[i].name) != VM_DIR) continue;
    fdOut[0] = dirs[i].fd;
    return baseName(path);
  }
  let best = -1;
  let bestLen = -1;
  let rel = "";
  let p = path;
  while (p.startsWith("./")) p = p.slice(2);
  for (let i = 0; i < dirs.length; i++) {
    const n = trimDir(dirs[i].name);
    let r: string | null = null;
    if (n == "/" && p.startsWith("/")) r = p.slice(1);
    else if (n == "." && !p.startsWith("/")) r = p;
    else if (p.startsWith(n + "/")) r = p.slice(n.length + 1);
    else if (n.startsWith("./") && p.startsWith(n.slice(2) + "/")) r = p.slice(n.length - 1);
    if (r != null && n.length > bestLen) {
      best = dirs[i].fd;
      bestLen = n.length;
      rel = r;
    }
  }
  if (best < 0) return null;
  fdOut[0] = best;
  return rel;
}

/** Largest workload file the VM reads. */
const MAX_FILE: u64 = 512 << 20;

/** The bytes of file `path` from a preopened directory, or null (the error text in `err[0]`). */
export function readWorkload(path: string, err: string[]): Uint8Array | null {
  const fdOut: i32[] = [0];
  const rel = resolve(path, fdOut);
  if (rel == null) {
    err[0] = path + ": not inside a preopened directory (preopen its directory, e.g. --dir .)";
    return null;
  }
  const relBytes = String.UTF8.encode(rel);
  const scratch = heap.alloc(64);
  // rights: fd_read | fd_seek | fd_tell | fd_filestat_get
  const rights: i64 = (1 << 1) | (1 << 2) | (1 << 5) | (1 << 21);
  const e = path_open(fdOut[0], 1, changetype<usize>(relBytes), relBytes.byteLength, 0, rights, 0, 0, scratch);
  if (e != 0) {
    heap.free(scratch);
    err[0] = path + ": cannot open (WASI errno " + e.toString() + ")";
    return null;
  }
  const fd = load<i32>(scratch);
  let out: Uint8Array | null = null;
  if (fd_filestat_get(fd, scratch) != 0) {
    err[0] = path + ": cannot stat";
  } else if (load<u8>(scratch, 16) != 4) {
    err[0] = path + ": not a regular file";
  } else if (load<u64>(scratch, 32) > MAX_FILE) {
    err[0] = path + ": too large";
  } else {
    const size = <i32>load<u64>(scratch, 32);
    const bytes = new Uint8Array(size);
    let off = 0;
    while (off < size) {
      store<u32>(scratch, <u32>(bytes.dataStart + <usize>off));
      store<u32>(scratch, <u32>(size - off), 4);
      if (fd_read(fd, scratch, 1, scratch + 8) != 0) break;
      const n = load<i32>(scratch, 8);
      if (n <= 0) break;
      off += n;
    }
    if (off == size) out = bytes;
    else err[0] = path + ": read error";
  }
  fd_close(fd);
  heap.free(scratch);
  return out;
}
