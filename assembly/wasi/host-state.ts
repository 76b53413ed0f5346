// The host section of a snapshot (docs/snapshot-format.md section 7): the
// WasiState JSON of the JS host (host/wasi/context.ts) written from the WASI
// build's own state (args, env, the shadow fd table, the monotonic clock) and
// read back with the checks the JS reader makes (migrate/snapshot/format.ts
// checkWasi), then applied: args and env replace the VM's, fds are reopened.

import { StringList, appArgs, envList, stringAt } from "./args";
import { continueMonotonic, workloadMonotonic } from "./clock";
import { J, Json, parseJson, quote } from "./json";
import { PendingCall, parsePending, pendingJson } from "./pending-call";
import { refuse } from "./refuse";
import { FdRec, parseFdTable, shadowJson, shadowRestore } from "./shadow-fds";

function listJson(l: StringList): string {
  const out: string[] = [];
  for (let i = 0; i < l.offs.length; i++) out.push(quote(stringAt(l, i)));
  return "[" + out.join(",") + "]";
}

/** The host section's JSON now. */
export function hostStateJson(): string {
  return "{\"version\":1,\"args\":" + listJson(appArgs) + ",\"env\":" + listJson(envList)
    + ",\"fds\":" + shadowJson() + ",\"clock\":{\"monotonicNs\":" + quote(workloadMonotonic().toString()) + "}" + pendingJson() + "}";
}

/** Fills list `l` with `items`. */
export function setList(l: StringList, items: string[]): void {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let i = 0; i < items.length; i++) {
    const b = Uint8Array.wrap(String.UTF8.encode(items[i], true));
    parts.push(b);
    size += b.length;
  }
  const buf = new Uint8Array(size);
  const offs: u32[] = [];
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    offs.push(<u32>at);
    buf.set(parts[i], at);
    at += parts[i].length;
  }
  l.buf = buf;
  l.offs = offs;
}

function strings(v: Json | null, what: string): string[] {
  if (v == null || v.kind != J.ARR) refuse("host section: " + what + " must be strings");
  const out: string[] = [];
  for (let i = 0; i < v!.items.length; i++) {
    if (v!.items[i].kind != J.STR) refuse("host section: " + what + " must be strings");
    out.push(v!.items[i].s);
  }
  return out;
}

/** A checked host section. */
export class HostState {
  args: string[] = [];
  env: string[] = [];
  fds: FdRec[] = [];
  monotonicNs: i64 = 0;
  /** The rewound poll_oneoff's wait (pending-call.ts), -1 if none. */
  pendingNs: i64 = -1;
}

/** Parses and checks the host section's JSON text; refuses (exit 2) on anything wrong. */
export function parseHostState(text: string): HostState {
  const v = parseJson(text);
  if (v == null) refuse("host section: not valid UTF-8 JSON");
  const ver = v!.get("version");
  if (v!.kind != J.OBJ || ver == null || ver.kind != J.NUM || ver.n != 1) refuse("host section: unsupported WASI state version");
  const s = new HostState();
  s.args = strings(v!.get("args"), "args");
  s.env = strings(v!.get("env"), "env");
  const fds = v!.get("fds");
  if (fds == null || fds.kind != J.OBJ) refuse("host section: missing fd table");
  s.fds = parseFdTable(fds!);
  const clock = v!.get("clock");
  if (clock == null) refuse("host section: bad clock state");
  const mono = clock!.get("monotonicNs");
  if (mono == null || mono.kind != J.STR || !isInteger(mono.s)) refuse("host section: bad clock state");
  s.monotonicNs = I64.parseInt(mono!.s, 10);
  s.pendingNs = parsePending(v!.get("pending"));
  return s;
}

function isInteger(s: string): bool {
  let i = s.startsWith("-") ? 1 : 0;
  if (i >= s.length || s.length > 20) return false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Makes `s` the workload's host state: args, env, clock, and the fds reopened. */
export function applyHostState(s: HostState): void {
  setList(appArgs, s.args);
  setList(envList, s.env);
  continueMonotonic(s.monotonicNs);
  PendingCall.resumeNs = s.pendingNs;
  shadowRestore(s.fds);
}
