// Wasm module bytes for the as-pect specs (not a spec itself): LEB128, a
// section, and a one-function module, so the translator tests can write the
// modules they compile by hand.

/** Unsigned LEB128 of `v`. */
export function leb(v: u32): u8[] {
  const out: u8[] = [];
  do {
    let b = <u8>(v & 0x7f);
    v >>= 7;
    if (v != 0) b |= 0x80;
    out.push(b);
  } while (v != 0);
  return out;
}

/** A section: id, size, contents. */
export function sec(id: u8, body: u8[]): u8[] {
  return [id].concat(leb(body.length)).concat(body);
}

/**
 * A module with one function params -> results, with one declared local of
 * each type in `locals` and body `code` (final `end` included), and, if
 * `memory`, one memory of 1 page.
 */
export function oneFunction(params: u8[], results: u8[], locals: u8[], code: u8[], memory: bool = false): Uint8Array {
  let b: u8[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const type: u8[] = [<u8>0x60].concat(leb(params.length)).concat(params).concat(leb(results.length)).concat(results);
  b = b.concat(sec(1, (<u8[]>[1]).concat(type)));
  b = b.concat(sec(3, [1, 0]));
  if (memory) b = b.concat(sec(5, [1, 0, 1]));
  let body = leb(locals.length);
  for (let i = 0; i < locals.length; i++) body = body.concat([1, locals[i]]);
  body = body.concat(code);
  b = b.concat(sec(10, (<u8[]>[1]).concat(leb(body.length)).concat(body)));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b[i];
  return out;
}
