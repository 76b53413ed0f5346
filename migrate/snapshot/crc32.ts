// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as in zlib and PNG):
// the checksum of every snapshot section. Uses node:zlib's native crc32
// (Node >= 20.15, Bun, Deno) and falls back to a slicing-by-8 table in JS.
// Incremental: crc32(b, crc32(a)) === crc32(a ++ b).

import * as zlib from "node:zlib";

const TABLES = (() => {
  const t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) t[k * 256 + n] = (t[(k - 1) * 256 + n]! >>> 8) ^ t[t[(k - 1) * 256 + n]! & 0xff]!;
  }
  return t;
})();

/** CRC-32 in JS, slicing by 8 (the fallback, and the reference in tests). */
export function crc32Js(bytes: Uint8Array, prev = 0): number {
  const t = TABLES;
  let c = ~prev >>> 0;
  let i = 0;
  const n8 = bytes.length - (bytes.length % 8);
  for (; i < n8; i += 8) {
    const a = (c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))) >>> 0;
    c = t[1792 + (a & 0xff)]! ^ t[1536 + ((a >>> 8) & 0xff)]! ^ t[1280 + ((a >>> 16) & 0xff)]! ^ t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^ t[512 + bytes[i + 5]!]! ^ t[256 + bytes[i + 6]!]! ^ t[bytes[i + 7]!]!;
  }
  for (; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const native = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** The CRC-32 of `bytes`, continuing from `prev` (crc32("123456789") = 0xCBF43926). */
export const crc32: (bytes: Uint8Array, prev?: number) => number =
  typeof native === "function" ? (bytes, prev = 0) => native(bytes, prev) >>> 0 : crc32Js;
