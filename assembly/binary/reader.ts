// A cursor over the module bytes: bytes, LEB128 integers, lengths and names,
// each read bounds-checked once against the end of the buffer. It reproduces the
// spec reference decoder's error messages (binary.wast, binary-leb128.wast):
//   - a read past the end of the bytes:  "unexpected end of section or function"
//   - u32/s32/s33/s64 LEB128 with unused bits set in the last byte: "integer too large"
//   - LEB128 longer than ceil(N/7) bytes:                          "integer representation too long"
//   - a length larger than what is left of the module:             "length out of bounds"
//   - a name that is not valid UTF-8:                              "malformed UTF-8 encoding"
// Like the reference decoder, reads are bounded by the end of the module, not
// by the end of the current section: a section that overruns its declared size
// is caught when it ends ("section size mismatch", see sections.ts), which
// gives the same accept/reject answer and the spec's messages.
//
// Speed: a Reader is an @unmanaged record (not traced by the GC), so its
// methods carry no shadow-stack bookkeeping; each layer keeps one long-lived
// instance and re-inits it per module. It does not keep the bytes alive: the
// caller holds them (Module.bytes) while reading.
//
// Errors: the first failure sets `bad`, records a MALFORMED error (unless the
// reader is `quiet`, as for the ignorable `name` section) and makes every later
// read return 0 without moving. Callers check `bad` once per entry.

import { ErrorKind, fail } from "../errors";
import { validUtf8 } from "./utf8";

/** The spec's message for a read past the end of the module. */
export const UNEXPECTED_END = "unexpected end of section or function";

/** A bounds-checked cursor over a module's bytes. */
// @ts-ignore: decorator
@unmanaged export class Reader {
  /** Address of the first byte. */
  ptr: usize = 0;
  /** Number of bytes; reads never go past it. */
  len: u32 = 0;
  /** Offset of the next byte to read. */
  pos: u32 = 0;
  /** Set by the first failure; later reads return 0. */
  bad: bool = false;
  /** When set, failures only set `bad` and record no error (ignorable custom sections). */
  quiet: bool = false;

  /** Starts reading `bytes` from offset 0 (the caller keeps `bytes` alive). */
  init(bytes: Uint8Array): Reader {
    this.ptr = bytes.dataStart;
    this.len = <u32>bytes.length;
    this.pos = 0;
    this.bad = false;
    this.quiet = false;
    return this;
  }

  /** Records a MALFORMED error at `at` (first failure only) and marks the reader bad. */
  fail(msg: string, at: u32): void {
    if (this.bad) return;
    this.bad = true;
    if (!this.quiet) fail(ErrorKind.MALFORMED, msg, <i32>at);
  }

  /** Records an INTERNAL error: valid Wasm that Ferry does not support (e.g. SIMD types). */
  unsupported(msg: string, at: u32): void {
    if (this.bad) return;
    this.bad = true;
    if (!this.quiet) fail(ErrorKind.INTERNAL, msg, <i32>at);
  }

  /** True when every byte has been read. */
  // @ts-ignore: decorator
  @inline atEnd(): bool {
    return this.pos >= this.len;
  }

  /** Byte at absolute offset `at` (caller checks at < len). */
  // @ts-ignore: decorator
  @inline byteAt(at: u32): u32 {
    return <u32>load<u8>(this.ptr + <usize>at);
  }

  /** The next byte without consuming it, or -1 at the end. */
  peek(): i32 {
    if (this.pos >= this.len) return -1;
    return <i32>this.byteAt(this.pos);
  }

  /** One byte. */
  // @ts-ignore: decorator
  @inline u8(): u32 {
    const p = this.pos;
    if (p >= this.len) return this.failEnd();
    this.pos = p + 1;
    return this.byteAt(p);
  }

  // The fixed-message failures live in their own functions so that the hot
  // readers hold no string (a GC reference, which costs shadow-stack stores).

  /** Records "unexpected end of section or function"; returns 0 (the value of a failed read). */
  failEnd(): u32 {
    this.fail(UNEXPECTED_END, this.len);
    return 0;
  }

  /** Records "integer representation too long" at `at`. */
  failTooLong(at: u32): void {
    this.fail("integer representation too long", at);
  }

  /** Records "integer too large" at `at`. */
  failTooLarge(at: u32): void {
    this.fail("integer too large", at);
  }

  /** A fixed-size little-endian u32 (magic, version, f32 bits). */
  u32le(): u32 {
    const p = this.pos;
    if (this.len - p < 4 || p > this.len) {
      this.fail(UNEXPECTED_END, this.len);
      return 0;
    }
    this.pos = p + 4;
    return load<u32>(this.ptr + <usize>p);
  }

  /** A fixed-size little-endian u64 (f64 bits). */
  u64le(): u64 {
    const p = this.pos;
    if (this.len - p < 8 || p > this.len) {
      this.fail(UNEXPECTED_END, this.len);
      return 0;
    }
    this.pos = p + 8;
    return load<u64>(this.ptr + <usize>p);
  }

  /** Skips n bytes ("unexpected end of section or function" if fewer are left). */
  skip(n: u32): void {
    const p = this.pos;
    if (p > this.len || this.len - p < n) {
      this.fail(UNEXPECTED_END, this.len);
      return;
    }
    this.pos = p + n;
  }

  /** An unsigned LEB128 of at most `bits` bits (1..32), with the spec's overlong/too-large rules. */
  vuN(bits: i32): u32 {
    let result: u32 = 0;
    let shift: i32 = 0;
    let n = bits;
    while (true) {
      if (n <= 0) {
        this.failTooLong(this.pos);
        return 0;
      }
      const p = this.pos;
      if (p >= this.len) return this.failEnd();
      const b = this.byteAt(p);
      this.pos = p + 1;
      if (n < 7 && (b & 0x7f) >= (<u32>1 << n)) {
        this.failTooLarge(p);
        return 0;
      }
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) return result;
      shift += 7;
      n -= 7;
    }
    return 0;
  }

  /** An unsigned 32-bit LEB128 (indices, counts). */
  // @ts-ignore: decorator
  @inline vu32(): u32 {
    // Fast path: one-byte values are by far the most common.
    const p = this.pos;
    if (p < this.len) {
      const b = this.byteAt(p);
      if (b < 0x80) {
        this.pos = p + 1;
        return b;
      }
    }
    return this.vuN(32);
  }

  /** A signed LEB128 of at most `bits` bits (1..64), sign-extended to i64. */
  vsN(bits: i32): i64 {
    let result: u64 = 0;
    let shift: i32 = 0;
    let n = bits;
    while (true) {
      if (n <= 0) {
        this.failTooLong(this.pos);
        return 0;
      }
      const p = this.pos;
      if (p >= this.len) return this.failEnd();
      const b = this.byteAt(p);
      this.pos = p + 1;
      if (n < 7) {
        // The unused high bits of the last byte must all equal the sign bit.
        const mask: u32 = (<u32>-1 << <u32>(n - 1)) & 0x7f;
        const m = b & mask;
        if (m != 0 && m != mask) {
          this.failTooLarge(p);
          return 0;
        }
      }
      result |= <u64>(b & 0x7f) << <u64>shift;
      shift += 7;
      if ((b & 0x80) == 0) {
        if (shift < 64 && (b & 0x40) != 0) result |= <u64>-1 << <u64>shift;
        return <i64>result;
      }
      n -= 7;
    }
    return 0;
  }

  /** A signed 32-bit LEB128 (i32.const). */
  vs32(): i32 {
    return <i32>this.vsN(32);
  }

  /** A signed 64-bit LEB128 (i64.const). */
  vs64(): i64 {
    return this.vsN(64);
  }

  /**
   * A length or count: a u32 that must not exceed what is left of the module,
   * counted from the first byte of the LEB128 itself (the reference decoder's
   * rule), else "length out of bounds".
   */
  len32(): u32 {
    const at = this.pos;
    const n = this.vu32();
    if (this.bad) return 0;
    if (n > this.len - at) {
      this.fail("length out of bounds", at);
      return 0;
    }
    return n;
  }

  /** A name: len32 + UTF-8 bytes, checked ("malformed UTF-8 encoding") and decoded. */
  name(): string {
    const at = this.pos;
    const n = this.len32();
    const p = this.pos;
    this.skip(n);
    if (this.bad) return "";
    if (!validUtf8(this.ptr + <usize>p, n)) {
      this.fail("malformed UTF-8 encoding", at);
      return "";
    }
    return String.UTF8.decodeUnsafe(this.ptr + <usize>p, <usize>n);
  }
}
