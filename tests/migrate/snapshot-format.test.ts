// The snapshot file format on its own: CRC-32 check value, encode/decode
// round trip (plain and with memory deflated), and refusal of files whose
// fields are out of range.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { crc32, crc32Js } from "../../migrate/snapshot/crc32.js";
import { decode, encode, encodedSize, sha256, SnapshotError } from "../../migrate/snapshot/format.js";
import type { Snapshot } from "../../migrate/snapshot/model.js";
import { NULL_REF, PAGE, VALTYPE } from "../../migrate/snapshot/model.js";

function sample(): Snapshot {
  const moduleBytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  const page = new Uint8Array(PAGE);
  page[7] = 42;
  return {
    moduleHash: sha256(moduleBytes),
    moduleBytes,
    frames: [{ funcIndex: 3, pc: 0x40, numLocals: 1, types: [VALTYPE.i32, VALTYPE.i64], values: [5n, 0xffff_ffff_ffffn] }],
    globals: [{ type: VALTYPE.f64, value: 0x4009_21fb_5444_2d18n }],
    tables: [{ elemType: VALTYPE.funcref, elems: [2, NULL_REF] }],
    memories: [{ pages: 3, chunks: [{ page: 1, bytes: page }] }],
    droppedData: [true, false],
    droppedElem: [],
    wasi: { version: 1, args: ["app.wasm"], env: ["A=1"], fds: { entries: [] }, clock: { monotonicNs: "123" } },
    instructions: 987654321n,
  };
}

describe("snapshot format", () => {
  it("uses the standard CRC-32", () => {
    assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  });

  it("computes the same CRC-32 in JS (slicing by 8) as natively, in pieces too", () => {
    const b = new Uint8Array(100_003);
    for (let i = 0; i < b.length; i++) b[i] = (i * 2654435761) >>> 24;
    assert.equal(crc32Js(new TextEncoder().encode("123456789")), 0xcbf43926);
    assert.equal(crc32Js(b), crc32(b));
    assert.equal(crc32Js(b.subarray(77), crc32Js(b.subarray(0, 77))), crc32(b));
  });

  it("knows its size without encoding", () => {
    assert.equal(encodedSize(sample()), encode(sample()).length);
  });

  it("round-trips with memory deflated (section 9), and says so", () => {
    const s = sample();
    const plain = encode(s);
    const packed = encode(s, { compress: true });
    assert.ok(packed.length < plain.length / 10, `${packed.length} bytes`);
    assert.deepEqual(decode(packed), { ...s, compressed: true });
    const v = new DataView(packed.buffer);
    const ids: number[] = [];
    for (let pos = 16; pos < packed.length; pos += 12 + v.getUint32(pos + 4, true)) ids.push(v.getUint32(pos, true));
    assert.deepEqual(ids, [1, 2, 3, 4, 9, 6, 7, 8]);
  });

  it("refuses deflated memory that does not inflate to the declared bytes", () => {
    const packed = encode(sample(), { compress: true });
    const v = new DataView(packed.buffer);
    let pos = 16;
    while (v.getUint32(pos, true) !== 9) pos += 12 + v.getUint32(pos + 4, true);
    const len = v.getUint32(pos + 4, true);
    const payload = packed.subarray(pos + 12, pos + 12 + len);
    const tamper = (f: (p: Uint8Array) => void, why: RegExp) => {
      const b = packed.slice();
      const p = b.subarray(pos + 12, pos + 12 + len);
      f(p);
      new DataView(b.buffer).setUint32(pos + 8, crc32(p), true);
      assert.throws(() => decode(b), (e: unknown) => e instanceof SnapshotError && why.test(e.message));
    };
    tamper((p) => new DataView(p.buffer, p.byteOffset).setUint32(0, payload.length * 1000, true), /inflates to|DEFLATE/);
    tamper((p) => { p[4] = p[4]! ^ 1; }, /CRC-32 of the inflated/);
    tamper((p) => { p.fill(0xff, 8); }, /DEFLATE|inflates to/);
  });

  it("round-trips every field", () => {
    const s = sample();
    assert.deepEqual(decode(encode(s)), s);
  });

  it("starts with the magic and version 1", () => {
    const b = encode(sample());
    assert.equal(new TextDecoder().decode(b.subarray(0, 8)), "FERRYSNP");
    assert.equal(new DataView(b.buffer).getUint32(8, true), 1);
  });

  it("refuses a module whose bytes do not match their hash", () => {
    const s = sample();
    s.moduleHash = new Uint8Array(32);
    assert.throws(() => decode(encode(s)), (e: unknown) => e instanceof SnapshotError && /SHA-256/.test(e.message));
  });

  it("refuses a memory page outside the memory", () => {
    const s = sample();
    s.memories[0]!.chunks[0]!.page = 3;
    assert.throws(() => decode(encode(s)), SnapshotError);
  });

  it("refuses an unknown value type", () => {
    const s = sample();
    s.frames[0]!.types[1] = 0x12;
    assert.throws(() => decode(encode(s)), /unknown value type/);
  });
});
