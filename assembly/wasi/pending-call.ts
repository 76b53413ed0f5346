// The "pending" member of the host section (docs/snapshot-format.md, section
// 7): a poll_oneoff that a checkpoint trigger interrupted while it slept is
// rewound to its `call` (exec/rewind.ts) and the time it had already waited
// is recorded, so that the resumed call (the next poll_oneoff) waits only the
// rest. Written and read like the JS host's (host/wasi/poll.ts, PendingCall).

import { J, Json, quote } from "./json";
import { refuse } from "./refuse";

/** The wait recorded at a checkpoint, and the one a resumed snapshot gives the next poll_oneoff. */
export class PendingCall {
  /** Nanoseconds waited by the rewound poll_oneoff being checkpointed; -1: none. */
  static waitedNs: i64 = -1;
  /** Nanoseconds the next poll_oneoff counts as already waited (resumed snapshot); -1: none. */
  static resumeNs: i64 = -1;
}

/** `,"pending":{...}` for the host section JSON, or "" (a resumed wait not yet taken is carried on). */
export function pendingJson(): string {
  const ns = PendingCall.waitedNs >= 0 ? PendingCall.waitedNs : PendingCall.resumeNs;
  if (ns < 0) return "";
  return ",\"pending\":{\"call\":\"poll_oneoff\",\"waitedNs\":" + quote(ns.toString()) + "}";
}

/** The waitedNs of host-section member `v` (null: absent, -1); refuses anything malformed. */
export function parsePending(v: Json | null): i64 {
  if (v == null) return -1;
  const call = v.get("call");
  const ns = v.get("waitedNs");
  if (v.kind != J.OBJ || v.keys.length != 2 || call == null || ns == null) refuse("host section: bad pending call");
  if (call!.kind != J.STR || call!.s != "poll_oneoff" || ns!.kind != J.STR || !isDecimal(ns!.s)) refuse("host section: bad pending call");
  return I64.parseInt(ns!.s, 10);
}

/** 1 to 19 decimal digits below 2^63. */
function isDecimal(s: string): bool {
  if (s.length == 0 || s.length > 19) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return s.length < 19 || s <= "9223372036854775807";
}

/** Takes the resumed wait for the poll_oneoff being issued (0 if none). */
export function takeResumedWait(): u64 {
  const ns = PendingCall.resumeNs;
  PendingCall.resumeNs = -1;
  return ns < 0 ? 0 : <u64>ns;
}
