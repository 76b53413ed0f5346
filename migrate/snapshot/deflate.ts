// Section 9 of the snapshot format ("deflated memory", written with
// --compress): u32 length of the memory-section payload it stands for, u32
// CRC-32 of that payload, then the payload as one raw DEFLATE stream
// (RFC 1951, node:zlib deflateRaw). Inflating never produces more than the
// declared length.

import { deflateRawSync, inflateRawSync, constants } from "node:zlib";
import { crc32 } from "./crc32.js";
import { SnapshotError } from "./errors.js";

/** Largest memory payload inflated (2 GiB - 1: more than Ferry's memory cap, within every host's buffer limit). */
const MAX_RAW = 2 ** 31 - 1;

/** Section 9 payload for the memory payload `raw` (level 1: speed over size). */
export function deflateMemory(raw: Uint8Array): Uint8Array {
  const body = deflateRawSync(raw, { level: 1 });
  const out = new Uint8Array(8 + body.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, raw.length, true);
  v.setUint32(4, crc32(raw), true);
  out.set(body, 8);
  return out;
}

/** The memory payload that section 9 payload `p` stands for; SnapshotError if it is not exactly that. */
export function inflateMemory(p: Uint8Array): Uint8Array {
  const what = "deflated memory section";
  if (p.length < 8) throw new SnapshotError(`${what} is truncated`);
  const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const len = v.getUint32(0, true), crc = v.getUint32(4, true);
  if (len < 4 || len > MAX_RAW) throw new SnapshotError(`${what}: declared size ${len} is out of range`);
  let raw: Uint8Array;
  try {
    const out = inflateRawSync(p.subarray(8), { maxOutputLength: len + 1, finishFlush: constants.Z_SYNC_FLUSH });
    raw = new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new SnapshotError(`${what}: bad DEFLATE data (${msg})`);
  }
  if (raw.length !== len) throw new SnapshotError(`${what}: inflates to ${raw.length} bytes, not the declared ${len}`);
  if (crc32(raw) !== crc) throw new SnapshotError(`${what} is corrupt (CRC-32 of the inflated data mismatch)`);
  return raw;
}
