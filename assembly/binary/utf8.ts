// UTF-8 well-formedness for names (imports, exports, custom sections): the
// Unicode definition the spec uses, which rejects overlong forms, surrogates
// (U+D800..U+DFFF), code points above U+10FFFF and truncated sequences.

/** True if the `len` bytes at `ptr` are well-formed UTF-8. */
export function validUtf8(ptr: usize, len: u32): bool {
  let i: u32 = 0;
  while (i < len) {
    const b = <u32>load<u8>(ptr + <usize>i);
    if (b < 0x80) {
      i++;
      continue;
    }
    // Number of continuation bytes, and the allowed range of the first one
    // (Unicode Table 3-7, "Well-Formed UTF-8 Byte Sequences").
    let extra: u32;
    let lo: u32 = 0x80;
    let hi: u32 = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      extra = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      extra = 2;
      if (b == 0xe0) lo = 0xa0;
      else if (b == 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      extra = 3;
      if (b == 0xf0) lo = 0x90;
      else if (b == 0xf4) hi = 0x8f;
    } else {
      return false;
    }
    if (len - i <= extra) return false;
    const c1 = <u32>load<u8>(ptr + <usize>(i + 1));
    if (c1 < lo || c1 > hi) return false;
    for (let k: u32 = 2; k <= extra; k++) {
      const c = <u32>load<u8>(ptr + <usize>(i + k));
      if ((c & 0xc0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}
