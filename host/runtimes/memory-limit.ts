// Applies `--max-memory PAGES` to a module before any engine sees it: the
// memory section's limits get a maximum of at most PAGES (memory.grow past it
// then fails with -1, as the spec allows), and a module whose minimum already
// exceeds PAGES is refused. Works the same for every engine.

/** A module needs more memory than allowed. */
export class MemoryLimitError extends Error {
  override name = "MemoryLimitError";
}

function readU32(b: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= b.length) throw new MemoryLimitError("truncated module");
    const byte = b[pos++]!;
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 35) throw new MemoryLimitError("malformed LEB128 in module");
  }
}

function writeU32(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** The module with every defined memory's maximum capped at `maxPages`; unchanged if it defines none. */
export function limitMemory(bytes: Uint8Array, maxPages: number): Uint8Array {
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos]!;
    const [size, start] = readU32(bytes, pos + 1);
    const end = start + size;
    if (id !== 5) {
      pos = end;
      continue;
    }
    let [count, p] = readU32(bytes, start);
    const body = writeU32(count);
    for (let i = 0; i < count; i++) {
      const flags = bytes[p++]!;
      let min: number;
      let max: number | undefined;
      [min, p] = readU32(bytes, p);
      if (flags & 1) [max, p] = readU32(bytes, p);
      if (flags & ~3) throw new MemoryLimitError("unsupported memory limits (memory64?)");
      if (min > maxPages) throw new MemoryLimitError(`the module needs ${min} pages of memory, more than --max-memory ${maxPages}`);
      const capped = max === undefined ? maxPages : Math.min(max, maxPages);
      body.push((flags & 2) | 1, ...writeU32(min), ...writeU32(capped));
    }
    const section = [5, ...writeU32(body.length), ...body];
    const out = new Uint8Array(pos + section.length + (bytes.length - end));
    out.set(bytes.subarray(0, pos), 0);
    out.set(section, pos);
    out.set(bytes.subarray(end), pos + section.length);
    return out;
  }
  return bytes;
}
