// Little-endian byte buffer writer and bounds-checked reader for the
// snapshot's monitors section (canon-save.ts, canon-load.ts). Raw heap
// memory, so the host can read the written bytes in place.

let buf: usize = 0;
let cap: u32 = 0;
export let outLen: u32 = 0;

/** Address of the bytes written since outReset. */
export function outPtr(): usize { return buf; }

export function outReset(): void { outLen = 0; }

function room(n: u32): void {
  if (outLen + n <= cap) return;
  let c = cap < 1024 ? <u32>1024 : cap;
  while (c < outLen + n) c <<= 1;
  buf = buf == 0 ? heap.alloc(<usize>c) : heap.realloc(buf, <usize>c);
  cap = c;
}

export function out32(v: u32): void { room(4); store<u32>(buf + outLen, v); outLen += 4; }
export function out64(v: u64): void { room(8); store<u64>(buf + outLen, v); outLen += 8; }
export function outStr(s: string): void {
  const b = String.UTF8.encode(s);
  out32(<u32>b.byteLength);
  room(<u32>b.byteLength);
  memory.copy(buf + outLen, changetype<usize>(b), <usize>b.byteLength);
  outLen += <u32>b.byteLength;
}

/** Reader over [ptr, ptr+len): reads past the end set `short` and return 0. */
export class In {
  pos: u32 = 0;
  short: bool = false;
  constructor(public ptr: usize, public len: u32) {}
  left(): u32 { return this.len - this.pos; }
  u32(): u32 {
    if (this.left() < 4) { this.short = true; this.pos = this.len; return 0; }
    const v = load<u32>(this.ptr + this.pos);
    this.pos += 4;
    return v;
  }
  u64(): u64 {
    if (this.left() < 8) { this.short = true; this.pos = this.len; return 0; }
    const v = load<u64>(this.ptr + this.pos);
    this.pos += 8;
    return v;
  }
  str(): string {
    const n = this.u32();
    if (n > this.left()) { this.short = true; this.pos = this.len; return ""; }
    const s = String.UTF8.decodeUnsafe(this.ptr + this.pos, n);
    this.pos += n;
    return s;
  }
  /** A count of items of at least `size` bytes each that fits in what is left, else -1 (short set). */
  count(size: u32): i64 {
    const n = this.u32();
    if (this.short || <u64>n * <u64>size > <u64>this.left()) { this.short = true; return -1; }
    return <i64>n;
  }
}
