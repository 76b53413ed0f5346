// The raw report buffer: a growable list of u64 values that a monitor's
// report function fills and the host reads (ferry_monitor_report); each
// monitor's file documents its row layout.

let buf: usize = 0;
let cap: u32 = 0;
let len: u32 = 0;

/** Empties the buffer. */
export function rowsReset(): void {
  len = 0;
}

/** Appends one value. */
export function put64(v: u64): void {
  if (len == cap) {
    const n = cap < 256 ? <u32>256 : cap << 1;
    buf = buf == 0 ? heap.alloc(<usize>n << 3) : heap.realloc(buf, <usize>n << 3);
    cap = n;
  }
  store<u64>(buf + (<usize>len << 3), v);
  len++;
}

/** Address and number of values of the buffer. */
export function rowsPtr(): usize { return buf; }
export function rowsLen(): u32 { return len; }
