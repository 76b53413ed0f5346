// The base of the WASI test benches: a WASI implementation behind a
// workload that forwards calls to it, with helpers to stage arguments in the
// workload's memory and read results back. Implemented by WasiBench (the JS
// host, harness.ts) and WasiBuildBench (the WASI build, wasi-build-bench.ts).

/** Rights asking for read and write (everything; the directory's inheriting rights cut them down). */
export const RIGHTS_RW = (1n << 30n) - 1n;
/** Rights of a read-only open (what wasi-libc asks for with O_RDONLY). */
export const RIGHTS_RO = RIGHTS_RW & ~((1n << 0n) | (1n << 6n) | (1n << 8n) | (1n << 22n));

/** Where the harness puts things in workload memory. */
export const SCRATCH = 0x1000;

/**
 * A WASI implementation behind a workload that forwards calls to it, with helpers to stage arguments in
 * the workload's memory: WasiBench (Ferry's JS host) or WasiBuildBench (the WASI build under node:wasi).
 */
export abstract class Bench {
  private next = SCRATCH;
  /** Whose WASI answers: Ferry's JS host, or node:wasi behind the WASI build (see wasi-build-bench.ts for where they differ). */
  abstract readonly target: "js" | "node:wasi";

  /** Calls WASI function `name` through the workload; i32 as numbers, i64 as bigint; returns the errno. */
  abstract call(name: string, ...args: Array<number | bigint>): number;
  /** The workload memory (valid until the next call). */
  abstract bytes(): Uint8Array;
  /** Ends the workload and releases what the bench holds. */
  abstract close(): void;

  /** Reserves `len` bytes of memory (8-aligned, zeroed) and returns the address. */
  alloc(len: number): number {
    const p = this.next;
    this.next += (len + 7) & ~7;
    this.bytes().fill(0, p, p + len);
    return p;
  }

  /** Writes a UTF-8 string into fresh memory; returns [ptr, len]. */
  str(s: string): [number, number] {
    const b = new TextEncoder().encode(s);
    const p = this.alloc(b.length + 1);
    this.bytes().set(b, p);
    return [p, b.length];
  }

  /** Writes bytes into fresh memory; returns [ptr, len]. */
  data(b: Uint8Array | string): [number, number] {
    const bytes = typeof b === "string" ? new TextEncoder().encode(b) : b;
    const p = this.alloc(bytes.length);
    this.bytes().set(bytes, p);
    return [p, bytes.length];
  }

  /** An iovec list over the given (ptr, len) buffers; returns [iovsPtr, count]. */
  iovs(...bufs: Array<[number, number]>): [number, number] {
    const p = this.alloc(8 * bufs.length);
    bufs.forEach(([bp, bl], i) => {
      this.view().setUint32(p + 8 * i, bp, true);
      this.view().setUint32(p + 8 * i + 4, bl, true);
    });
    return [p, bufs.length];
  }

  view(): DataView {
    const b = this.bytes();
    return new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  u8(p: number): number {
    return this.view().getUint8(p);
  }
  u16(p: number): number {
    return this.view().getUint16(p, true);
  }
  u32(p: number): number {
    return this.view().getUint32(p, true);
  }
  u64(p: number): bigint {
    return this.view().getBigUint64(p, true);
  }
  /** The UTF-8 text at [p, p + len). */
  text(p: number, len: number): string {
    return new TextDecoder().decode(this.bytes().slice(p, p + len));
  }

  /** path_open under fd (default 3) returning [errno, fd]. */
  open(path: string, opts: { fd?: number; dirflags?: number; oflags?: number; base?: bigint; inheriting?: bigint; fdflags?: number } = {}): [number, number] {
    const [p, l] = this.str(path);
    const out = this.alloc(4);
    const errno = this.call("path_open", opts.fd ?? 3, opts.dirflags ?? 1, p, l, opts.oflags ?? 0,
      opts.base ?? RIGHTS_RW, opts.inheriting ?? RIGHTS_RW, opts.fdflags ?? 0, out);
    return [errno, errno === 0 ? this.u32(out) : -1];
  }

  /** fd_write of one string; returns [errno, nwritten]. */
  write(fd: number, s: string | Uint8Array): [number, number] {
    const buf = this.data(s);
    const [iov, n] = this.iovs(buf);
    const out = this.alloc(4);
    const errno = this.call("fd_write", fd, iov, n, out);
    return [errno, errno === 0 ? this.u32(out) : -1];
  }

  /** fd_read of up to `len` bytes; returns [errno, text]. */
  read(fd: number, len: number): [number, string] {
    const buf = this.alloc(len);
    const [iov, n] = this.iovs([buf, len]);
    const out = this.alloc(4);
    const errno = this.call("fd_read", fd, iov, n, out);
    return [errno, errno === 0 ? this.text(buf, this.u32(out)) : ""];
  }

  /** A call on a path under fd 3: name(3, ptr, len). */
  pathCall(name: string, path: string, fd = 3): number {
    const [p, l] = this.str(path);
    return this.call(name, fd, p, l);
  }
}

