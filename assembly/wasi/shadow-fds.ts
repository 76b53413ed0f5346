// The workload's fd table as the JS host serialises it (host/wasi/fd-table.ts,
// FdEntry; docs/snapshot-format.md section 7), kept in the shadow of the
// outer runtime's real fds: stdio and the public preopens at start, then every
// successful path_open, fd_close, fd_renumber and fdflags/rights change the
// workload makes. At a checkpoint the offsets are read with fd_tell and the
// table becomes JSON; on resume each file is reopened by path (no creat, trunc
// or excl), renumbered to its recorded fd and seeked to its offset.
// Preopens whose guest name starts with "/.ferry-" are the VM's own (the
// snapshot's directory, the workload's directory when its name is taken,
// placeholders): they are not part of the workload's table.

import { fd_close, fd_fdstat_get, fd_prestat_dir_name, fd_prestat_get, fd_renumber, fd_seek, fd_tell, path_open } from "./imports";
import { preopens } from "./io";
import { J, Json, quote } from "./json";
import { refuse } from "./refuse";

// Rights (host/wasi/constants.ts).
const R_SEEK: u64 = 1 << 2;
const R_TELL: u64 = 1 << 5;
const RIGHTS_ALL: u64 = (1 << 30) - 1;
const RIGHTS_FILE: u64 = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80 | 0x100 | (1 << 21) | (1 << 22) | (1 << 23) | (1 << 27);
const RIGHTS_DIR: u64 = 0x8 | 0x10 | 0x80 | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 15)
  | (1 << 16) | (1 << 17) | (1 << 18) | (1 << 19) | (1 << 20) | (1 << 21) | (1 << 23) | (1 << 24) | (1 << 25) | (1 << 26) | (1 << 27);
const RIGHTS_STREAM: u64 = RIGHTS_FILE & ~(R_SEEK | R_TELL | 0x100 | (1 << 22) | 0x80);
const RIGHTS_WRITE: u64 = 0x1 | 0x40 | 0x100 | (1 << 22);
const RIGHTS_READ: u64 = 0x2 | (1 << 14);
const FT_DIRECTORY: u32 = 3;
const FT_REGULAR: u32 = 4;
/** Highest fd number the table holds (host/wasi/fd-table.ts MAX_FDS). */
const MAX_FDS: i32 = 1024;

/** Guest-name prefix of the VM's own preopens. */
export const PRIVATE_PREFIX = "/.ferry-";

/** One fd entry (the fields of FdEntry). */
export class FdRec {
  fd: i32 = 0;
  kind: string = "file";
  filetype: u32 = 0;
  hostPath: string = "";
  guestPath: string = "";
  preopen: bool = false;
  stdio: i32 = -1;
  offset: u64 = 0;
  fdflags: u32 = 0;
  read: bool = true;
  write: bool = false;
  rightsBase: u64 = 0;
  rightsInheriting: u64 = 0;
}

/** Host paths of the public preopens, by guest name (the VM's --host-dir options). */
export const hostDirGuest: string[] = [];
export const hostDirHost: string[] = [];

/** The table: entries by fd number (null: not open or not the workload's). */
let table: Array<FdRec | null> = [];

function put(r: FdRec): void {
  while (table.length <= r.fd) table.push(null);
  table[r.fd] = r;
}

/** The entry of fd, or null. */
export function shadowFd(fd: i32): FdRec | null {
  return fd >= 0 && fd < table.length ? table[fd] : null;
}

/** Host path of the preopen named `guest` (--host-dir), else the guest name itself. */
function hostDirOf(guest: string, fallback: string): string {
  for (let i = hostDirGuest.length - 1; i >= 0; i--) if (hostDirGuest[i] == guest) return hostDirHost[i];
  return fallback;
}

/** The stdio entry of fd 0, 1 or 2 as the JS host makes it (host/wasi/stdio.ts), or null if the fd is not open. */
function stdioRec(fd: i32): FdRec | null {
  const st = heap.alloc(24);
  const e = fd_fdstat_get(fd, st);
  const ft = <u32>load<u8>(st);
  heap.free(st);
  if (e != 0) return null;
  const r = new FdRec();
  r.fd = fd;
  r.kind = "stdio";
  r.filetype = ft;
  r.stdio = fd;
  r.write = true;
  r.rightsBase = ft == FT_REGULAR ? RIGHTS_FILE & ~(R_SEEK | R_TELL) : RIGHTS_STREAM;
  return r;
}

/** A fresh run: stdio and the public preopens. */
export function shadowInit(): void {
  table = [];
  for (let fd = 0; fd < 3; fd++) {
    const r = stdioRec(fd);
    if (r != null) put(r);
  }
  const dirs = preopens();
  for (let i = 0; i < dirs.length; i++) {
    if (dirs[i].name.startsWith(PRIVATE_PREFIX)) continue;
    const r = new FdRec();
    r.fd = dirs[i].fd;
    r.kind = "dir";
    r.filetype = FT_DIRECTORY;
    r.guestPath = dirs[i].name;
    r.hostPath = hostDirOf(dirs[i].name, dirs[i].name);
    r.preopen = true;
    r.rightsBase = RIGHTS_DIR;
    r.rightsInheriting = RIGHTS_ALL;
    put(r);
  }
}

/** `path` split in components with "." and ".." resolved lexically; null if it leaves its directory. */
function components(path: string): string[] | null {
  const parts = path.split("/");
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p == "" || p == ".") continue;
    if (p == "..") {
      if (out.length == 0) return null;
      out.pop();
    } else out.push(p);
  }
  return out;
}

/** The JS host's guest path of `parts` under a directory named `root` (host/wasi/sandbox.ts joinGuest). */
function joinGuest(root: string, parts: string[]): string {
  if (parts.length == 0) return root;
  if (root == "" || root == ".") return parts.join("/");
  return (root.endsWith("/") ? root : root + "/") + parts.join("/");
}

function joinHost(root: string, parts: string[]): string {
  if (parts.length == 0) return root;
  return (root.endsWith("/") ? root : root + "/") + parts.join("/");
}

/** Records a successful path_open of `path` under `dirFd` that gave `fd`. */
export function shadowOpened(dirFd: i32, path: string, rightsBase: u64, rightsInheriting: u64, fdflags: u32, fd: i32): void {
  const dir = shadowFd(dirFd);
  if (dir == null || fd < 0 || fd >= MAX_FDS) return;
  const parts = components(path);
  if (parts == null) return;
  const st = heap.alloc(24);
  const e = fd_fdstat_get(fd, st);
  const ft = <u32>load<u8>(st);
  heap.free(st);
  if (e != 0) return;
  const r = new FdRec();
  r.fd = fd;
  r.filetype = ft;
  r.hostPath = joinHost(dir.hostPath, parts);
  r.guestPath = joinGuest(dir.guestPath, parts);
  r.fdflags = fdflags & 31;
  const base = rightsBase & RIGHTS_ALL & dir.rightsInheriting;
  r.rightsInheriting = rightsInheriting & RIGHTS_ALL & dir.rightsInheriting;
  if (ft == FT_DIRECTORY) {
    r.kind = "dir";
    r.rightsBase = base & RIGHTS_DIR;
  } else {
    r.kind = "file";
    r.write = (base & RIGHTS_WRITE) != 0;
    r.read = (base & RIGHTS_READ) != 0 || !r.write;
    r.rightsBase = base & RIGHTS_FILE;
  }
  put(r);
}

/** Records a successful fd_close. */
export function shadowClosed(fd: i32): void {
  if (shadowFd(fd) != null) table[fd] = null;
}

/** Records a successful fd_renumber. */
export function shadowRenumbered(from: i32, to: i32): void {
  const r = shadowFd(from);
  if (from == to || to < 0 || to >= MAX_FDS) return;
  if (shadowFd(to) != null) table[to] = null;
  if (r == null) return;
  table[from] = null;
  r.fd = to;
  put(r);
}

/** Records a successful fd_fdstat_set_flags. */
export function shadowSetFlags(fd: i32, flags: u32): void {
  const r = shadowFd(fd);
  if (r != null) r.fdflags = flags & 31;
}

/** Records a successful fd_fdstat_set_rights. */
export function shadowSetRights(fd: i32, base: u64, inheriting: u64): void {
  const r = shadowFd(fd);
  if (r == null) return;
  r.rightsBase &= base;
  r.rightsInheriting &= inheriting;
}

/**
 * Makes the fdstat record at `p`, just filled by the outer runtime for fd
 * `fd`, say what the JS host says: fdflags and rights from the table (the
 * filetype stays the outer one). For stdio: node:wasi gives a character device
 * that is no terminal (/dev/null) FD_SEEK and FD_TELL, so libc's isatty says
 * "no terminal" where the JS host's answer says "terminal", and the workload
 * buffers its output differently (other instructions run).
 */
export function shadowFdstat(fd: i32, p: usize): void {
  const r = shadowFd(fd);
  if (r == null) return;
  store<u8>(p, 0, 1);
  store<u16>(p, <u16>r.fdflags, 2);
  store<u32>(p, 0, 4);
  store<u64>(p, r.rightsBase, 8);
  store<u64>(p, r.rightsInheriting, 16);
}

/** The table as the JSON of FdTableState (offsets read now with fd_tell). */
export function shadowJson(): string {
  const buf = heap.alloc(8);
  const items: string[] = [];
  for (let fd = 0; fd < table.length; fd++) {
    const r = table[fd];
    if (r == null) continue;
    if (r.kind == "file" && fd_tell(fd, buf) == 0) r.offset = load<u64>(buf);
    items.push(
      "{\"fd\":" + r.fd.toString() + ",\"kind\":" + quote(r.kind) + ",\"filetype\":" + r.filetype.toString()
      + ",\"hostPath\":" + quote(r.hostPath) + ",\"guestPath\":" + quote(r.guestPath)
      + ",\"preopen\":" + (r.preopen ? "true" : "false") + ",\"stdio\":" + r.stdio.toString()
      + ",\"offset\":" + r.offset.toString() + ",\"fdflags\":" + r.fdflags.toString()
      + ",\"read\":" + (r.read ? "true" : "false") + ",\"write\":" + (r.write ? "true" : "false")
      + ",\"rightsBase\":" + r.rightsBase.toString() + ",\"rightsInheriting\":" + r.rightsInheriting.toString() + "}",
    );
  }
  heap.free(buf);
  return "{\"entries\":[" + items.join(",") + "]}";
}

// ---- resume -------------------------------------------------------------------

function bad(what: string): void {
  refuse("host section: " + what);
}

function num(e: Json, key: string, max: f64): f64 {
  const v = e.get(key);
  if (v == null || v.kind != J.NUM || v.n != Math.floor(v.n) || v.n < (key == "stdio" ? -1 : 0) || v.n > max) bad("bad fd entry (" + key + ")");
  return v!.n;
}

function str(e: Json, key: string): string {
  const v = e.get(key);
  if (v == null || v.kind != J.STR) bad("bad fd entry (" + key + ")");
  return v!.s;
}

function flag(e: Json, key: string): bool {
  const v = e.get(key);
  if (v == null || v.kind != J.BOOL) bad("bad fd entry (" + key + ")");
  return v!.b;
}

/** The entries of the FdTableState JSON `fds` (checked). */
export function parseFdTable(fds: Json): FdRec[] {
  const entries = fds.get("entries");
  if (entries == null || entries.kind != J.ARR) bad("missing fd table");
  const out: FdRec[] = [];
  const seen = new Set<i32>();
  for (let i = 0; i < entries!.items.length; i++) {
    const e = entries!.items[i];
    if (e.kind != J.OBJ) bad("bad fd entry");
    const r = new FdRec();
    r.fd = <i32>num(e, "fd", <f64>(MAX_FDS - 1));
    if (seen.has(r.fd)) bad("fd " + r.fd.toString() + " appears twice");
    seen.add(r.fd);
    r.kind = str(e, "kind");
    if (r.kind != "stdio" && r.kind != "file" && r.kind != "dir") bad("bad fd entry (kind)");
    r.filetype = <u32>num(e, "filetype", 7);
    r.hostPath = str(e, "hostPath");
    r.guestPath = str(e, "guestPath");
    r.preopen = flag(e, "preopen");
    r.stdio = <i32>num(e, "stdio", 1e9);
    r.offset = <u64>num(e, "offset", 9007199254740991);
    r.fdflags = <u32>num(e, "fdflags", 31);
    r.read = flag(e, "read");
    r.write = flag(e, "write");
    r.rightsBase = <u64>num(e, "rightsBase", <f64>RIGHTS_ALL);
    r.rightsInheriting = <u64>num(e, "rightsInheriting", <f64>RIGHTS_ALL);
    if (r.preopen && r.kind != "dir") bad("a preopen that is not a directory");
    out.push(r);
  }
  return out;
}

/** The guest name of outer preopen `fd`, or null if fd is not a preopened directory. */
function outerPreopenName(fd: i32): string | null {
  const st = heap.alloc(8);
  let name: string | null = null;
  if (fd_prestat_get(fd, st) == 0 && load<u8>(st) == 0) {
    const len = load<u32>(st, 4);
    const buf = heap.alloc(len > 0 ? <usize>len : 1);
    if (fd_prestat_dir_name(fd, buf, <i32>len) == 0) {
      let n = <usize>len;
      while (n > 0 && load<u8>(buf + n - 1) == 0) n--;
      name = String.UTF8.decodeUnsafe(buf, n);
    }
    heap.free(buf);
  }
  heap.free(st);
  return name;
}

/**
 * Rebuilds the recorded table on the outer runtime: checks that each recorded
 * preopen is preopened at its fd under its name, reopens each file and
 * directory under the preopen that holds its host path, renumbers it to its
 * fd and seeks it; then closes the placeholder preopens ("/.ferry-pad...")
 * left over. Refuses (exit 2) on anything that cannot be restored.
 */
export function shadowRestore(recs: FdRec[]): void {
  const pads = preopens();
  table = [];
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i];
    if (r.kind == "stdio") {
      if (r.fd > 2 || r.stdio != r.fd) refuse("cannot resume: fd " + r.fd.toString() + " is a renumbered stdio stream (not supported by the WASI build)");
      put(r);
    } else if (r.preopen) {
      const name = outerPreopenName(r.fd);
      if (name == null || name != r.guestPath) {
        refuse("cannot resume: the snapshot's preopened directory " + r.guestPath + " (fd " + r.fd.toString() + ") is not preopened at that fd");
      }
      put(r);
    }
  }
  const buf = heap.alloc(8);
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i];
    if (r.kind == "stdio" || r.preopen) continue;
    // The recorded preopen whose host path holds this one (longest first).
    let parent: FdRec | null = null;
    let rel = "";
    for (let k = 0; k < recs.length; k++) {
      const p = recs[k];
      if (!p.preopen) continue;
      const origHost = p.hostPath;
      const prefix = origHost.endsWith("/") ? origHost : origHost + "/";
      if (r.hostPath.startsWith(prefix) && (parent == null || origHost.length > parent.hostPath.length)) {
        parent = p;
        rel = r.hostPath.slice(prefix.length);
      }
    }
    if (parent == null) refuse("cannot resume: " + r.guestPath + " (fd " + r.fd.toString() + ") is not under a preopened directory");
    const relBytes = String.UTF8.encode(rel);
    const oflags = r.kind == "dir" ? 2 : 0;
    // Ask no more than the outer runtime lets the directory hand on (uvwasi has no sock_accept right).
    const st = heap.alloc(24);
    const allowed = fd_fdstat_get(parent!.fd, st) == 0 ? load<u64>(st, 16) : RIGHTS_ALL;
    heap.free(st);
    const e = path_open(parent!.fd, 0, changetype<usize>(relBytes), relBytes.byteLength, oflags, r.rightsBase & allowed, r.rightsInheriting & allowed, r.fdflags, buf);
    if (e != 0) refuse("cannot resume: cannot reopen " + r.guestPath + " (WASI errno " + e.toString() + ")");
    const got = load<i32>(buf);
    if (got != r.fd) {
      const e2 = fd_renumber(got, r.fd);
      if (e2 != 0) refuse("cannot resume: cannot give " + r.guestPath + " its fd " + r.fd.toString() + " back (WASI errno " + e2.toString() + ")");
    }
    if (r.kind == "file" && r.offset != 0) {
      const e3 = fd_seek(r.fd, <i64>r.offset, 0, buf);
      if (e3 != 0) refuse("cannot resume: cannot seek " + r.guestPath + " (WASI errno " + e3.toString() + ")");
    }
    r.hostPath = joinHost(hostDirOf(parent!.guestPath, parent!.hostPath), components(rel)!);
    put(r);
  }
  heap.free(buf);
  // Preopens take their current host paths (--host-dir; files followed above).
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i];
    if (r.preopen) r.hostPath = hostDirOf(r.guestPath, r.hostPath);
  }
  for (let i = 0; i < pads.length; i++) {
    if (pads[i].name.startsWith(PRIVATE_PREFIX + "pad") && shadowFd(pads[i].fd) == null) fd_close(pads[i].fd);
  }
}
