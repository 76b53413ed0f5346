// The workload's linear memory as WASI sees it: an accessor whose offset 0 is
// workload address 0, asked again on every use (memory can grow and, in the
// Ferry VM, move), plus bounds-checked helpers to read and write the values,
// strings and iovec lists the WASI functions exchange. An out-of-bounds
// pointer raises EFAULT instead of touching anything.

import { Errno, WasiError } from "./errno.js";

/** Access to the workload's memory; both results are valid only until the workload runs again. */
export interface WasiMemory {
  /** A DataView over the whole workload memory. */
  view(): DataView;
  /** The whole workload memory as bytes. */
  bytes(): Uint8Array;
}

/** A memory accessor over a WebAssembly.Memory (the native engine) or anything with a current buffer. */
export function memoryFromBuffer(buffer: () => ArrayBufferLike): WasiMemory {
  return {
    view: () => new DataView(buffer()),
    bytes: () => new Uint8Array(buffer()),
  };
}

/** A memory accessor from a function returning the memory's bytes (e.g. an Engine MemoryHandle). */
export function memoryFromBytes(bytes: () => Uint8Array): WasiMemory {
  return {
    view: () => {
      const b = bytes();
      return new DataView(b.buffer, b.byteOffset, b.byteLength);
    },
    bytes,
  };
}

/** A memory that is not there (before instantiation): every access is EFAULT. */
export const NO_MEMORY: WasiMemory = {
  view: () => new DataView(new ArrayBuffer(0)),
  bytes: () => new Uint8Array(0),
};

const utf8 = new TextDecoder("utf-8", { fatal: true });
const utf8Encoder = new TextEncoder();

/** Bounds-checked reads and writes on a WasiMemory; each call re-obtains the view. */
export class GuestMemory {
  /** Wraps an accessor (replaceable through `accessor`). */
  constructor(public accessor: WasiMemory) {}

  /** The bytes `[ptr, ptr + len)`; EFAULT if out of bounds. */
  slice(ptr: number, len: number): Uint8Array {
    const bytes = this.accessor.bytes();
    if (ptr < 0 || len < 0 || ptr + len > bytes.length) throw new WasiError(Errno.FAULT);
    return bytes.subarray(ptr, ptr + len);
  }

  /** A DataView over `[ptr, ptr + len)` (offset 0 = ptr); EFAULT if out of bounds. */
  window(ptr: number, len: number): DataView {
    const b = this.slice(ptr, len);
    return new DataView(b.buffer, b.byteOffset, len);
  }

  u8(ptr: number): number {
    return this.window(ptr, 1).getUint8(0);
  }
  u16(ptr: number): number {
    return this.window(ptr, 2).getUint16(0, true);
  }
  u32(ptr: number): number {
    return this.window(ptr, 4).getUint32(0, true);
  }
  u64(ptr: number): bigint {
    return this.window(ptr, 8).getBigUint64(0, true);
  }
  setU8(ptr: number, v: number): void {
    this.window(ptr, 1).setUint8(0, v);
  }
  setU16(ptr: number, v: number): void {
    this.window(ptr, 2).setUint16(0, v, true);
  }
  setU32(ptr: number, v: number): void {
    this.window(ptr, 4).setUint32(0, v >>> 0, true);
  }
  setU64(ptr: number, v: bigint | number): void {
    this.window(ptr, 8).setBigUint64(0, BigInt.asUintN(64, typeof v === "bigint" ? v : BigInt(v)), true);
  }

  /** The UTF-8 string at `[ptr, ptr + len)`; EILSEQ if it is not valid UTF-8. */
  string(ptr: number, len: number): string {
    const b = this.slice(ptr, len);
    try {
      return utf8.decode(b);
    } catch {
      throw new WasiError(Errno.ILSEQ);
    }
  }

  /** Copies `src` to `ptr`. */
  write(ptr: number, src: Uint8Array): void {
    this.slice(ptr, src.length).set(src);
  }

  /** The (ptr, len) pairs of an iovec / ciovec array of `count` entries at `ptr`. */
  iovecs(ptr: number, count: number): Array<[number, number]> {
    const v = this.window(ptr, count * 8);
    const out: Array<[number, number]> = [];
    for (let i = 0; i < count; i++) {
      const p = v.getUint32(i * 8, true);
      const l = v.getUint32(i * 8 + 4, true);
      this.slice(p, l);
      out.push([p, l]);
    }
    return out;
  }

  /** The bytes of a ciovec list as one buffer (what fd_write sends); a view into memory when there is one buffer. */
  gather(ptr: number, count: number): Uint8Array {
    const iovs = this.iovecs(ptr, count);
    if (iovs.length === 1) return this.slice(iovs[0]![0], iovs[0]![1]);
    const total = iovs.reduce((n, [, l]) => n + l, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const [p, l] of iovs) {
      out.set(this.slice(p, l), at);
      at += l;
    }
    return out;
  }

  /** Copies `data` into the buffers of an iovec list, in order; returns the number of bytes copied. */
  scatter(iovs: Array<[number, number]>, data: Uint8Array): number {
    let at = 0;
    for (const [p, l] of iovs) {
      if (at >= data.length) break;
      const n = Math.min(l, data.length - at);
      this.slice(p, n).set(data.subarray(at, at + n));
      at += n;
    }
    return at;
  }
}

/** UTF-8 bytes of a string. */
export function encodeUtf8(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}
