// Builds a large valid module from a small one for the load-throughput
// benchmark: the function and code sections are repeated `copies` times (the
// copies call only original functions, so indices stay valid) and custom
// sections are dropped.

const FUNCTION_SECTION = 3;
const CODE_SECTION = 10;

/** Reads an unsigned LEB128 at `pos`; returns [value, next position]. */
function readU32(bytes: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= bytes.length) throw new Error("truncated LEB128");
    const b = bytes[pos++]!;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
  }
}

/** Encodes `n` as unsigned LEB128. */
function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** The items of a vector section body: [count, bytes of the items]. */
function vectorItems(body: Uint8Array): [number, Uint8Array] {
  const [count, pos] = readU32(body, 0);
  return [count, body.subarray(pos)];
}

/** One section: id and body. */
interface Section {
  id: number;
  body: Uint8Array;
}

function sections(bytes: Uint8Array): Section[] {
  const out: Section[] = [];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    const [size, start] = readU32(bytes, pos);
    out.push({ id, body: bytes.subarray(start, start + size) });
    pos = start + size;
  }
  return out;
}

function repeatVector(body: Uint8Array, copies: number): Uint8Array {
  const [count, items] = vectorItems(body);
  const head = u32(count * copies);
  const out = new Uint8Array(head.length + items.length * copies);
  out.set(head, 0);
  for (let i = 0; i < copies; i++) out.set(items, head.length + i * items.length);
  return out;
}

/** `bytes` with every defined function repeated `copies` times and no custom sections. */
export function multiplyFunctions(bytes: Uint8Array, copies: number): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  for (const s of sections(bytes)) {
    if (s.id === 0) continue;
    const body = s.id === FUNCTION_SECTION || s.id === CODE_SECTION ? repeatVector(s.body, copies) : s.body;
    parts.push(new Uint8Array([s.id, ...u32(body.length)]), body);
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Size in bytes of the code section body of `bytes` (0 if none). */
export function codeSectionBytes(bytes: Uint8Array): number {
  return sections(bytes).find((s) => s.id === CODE_SECTION)?.body.length ?? 0;
}
