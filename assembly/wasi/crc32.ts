// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib's crc32): the
// checksum of every snapshot section (docs/snapshot-format.md).
// crc32 of "123456789" is 0xCBF43926.

let table: StaticArray<u32> | null = null;

function crcTable(): StaticArray<u32> {
  let t = table;
  if (t != null) return t;
  const n = new StaticArray<u32>(256);
  for (let i: u32 = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    n[i] = c;
  }
  table = n;
  return n;
}

/** The CRC-32 of the `len` bytes at VM address `p`. */
export function crc32(p: usize, len: usize): u32 {
  const t = crcTable();
  let c: u32 = 0xffffffff;
  for (let i: usize = 0; i < len; i++) c = unchecked(t[(c ^ <u32>load<u8>(p + i)) & 0xff]) ^ (c >>> 8);
  return c ^ 0xffffffff;
}
