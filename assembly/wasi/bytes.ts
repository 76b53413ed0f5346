// Little-endian byte buffers for snapshot files: a growable writer and a
// bounds-checked reader over a VM address range whose every overrun refuses
// the snapshot with "<what> is truncated" (refuse.ts: exit 2).

import { refuse } from "./refuse";

/** A growable little-endian byte buffer. */
export class ByteWriter {
  buf: usize;
  cap: usize;
  len: usize = 0;

  constructor(cap: usize = 1024) {
    this.cap = cap < 16 ? 16 : cap;
    this.buf = heap.alloc(this.cap);
  }

  /** Makes room for n more bytes; returns the address where they go. */
  room(n: usize): usize {
    if (this.len + n > this.cap) {
      let c = this.cap << 1;
      while (c < this.len + n) c <<= 1;
      this.buf = heap.realloc(this.buf, c);
      this.cap = c;
    }
    const at = this.buf + this.len;
    this.len += n;
    return at;
  }

  u8(v: u32): void { store<u8>(this.room(1), <u8>v); }
  u32(v: u32): void { store<u32>(this.room(4), v); }
  u64(v: u64): void { store<u64>(this.room(8), v); }
  /** Appends the n bytes at VM address p. */
  bytes(p: usize, n: usize): void { if (n > 0) memory.copy(this.room(n), p, n); }
  /** Appends the UTF-8 encoding of s. */
  text(s: string): void {
    const b = String.UTF8.encode(s);
    this.bytes(changetype<usize>(b), <usize>b.byteLength);
  }
  /** Overwrites the u32 at offset `at`. */
  patchU32(at: usize, v: u32): void { store<u32>(this.buf + at, v); }

  free(): void { heap.free(this.buf); }
}

/** Reads little-endian values from [base, base + len). */
export class ByteReader {
  pos: usize = 0;
  constructor(public base: usize, public len: usize, public what: string) {}

  /** Refuses unless n more bytes are there. */
  need(n: u64): void {
    if (<u64>this.pos + n > <u64>this.len) refuse(this.what + " is truncated");
  }
  u8(): u32 { this.need(1); const v = <u32>load<u8>(this.base + this.pos); this.pos += 1; return v; }
  u32(): u32 { this.need(4); const v = load<u32>(this.base + this.pos); this.pos += 4; return v; }
  u64(): u64 { this.need(8); const v = load<u64>(this.base + this.pos); this.pos += 8; return v; }
  /** Skips n bytes; returns their address. */
  skip(n: u64): usize { this.need(n); const at = this.base + this.pos; this.pos += <usize>n; return at; }
  /** A count of items of at least `size` bytes each that must fit in what is left. */
  count(size: u32): u32 {
    const n = this.u32();
    if (<u64>n * <u64>size > <u64>(this.len - this.pos)) refuse(this.what + ": count " + n.toString() + " exceeds the section");
    return n;
  }
  /** Refuses if bytes are left over. */
  end(): void {
    if (this.pos != this.len) refuse(this.what + " has " + (this.len - this.pos).toString() + " unexpected trailing bytes");
  }
}
