// The code section: for each function body, its size, its declared locals
// (runs of (count, type) expanded to one entry per local) and the byte range of
// its instructions. Instructions are not decoded here: the compiler
// (assembly/compile/) does that, including the check that the body ends with
// its final `end` exactly at codeEnd (see missingEndMessage).

import { FuncBody, Module } from "../module";
import { Op } from "../opcodes";
import { Reader, UNEXPECTED_END } from "./reader";
import { reserve } from "./sections";
import { readValType } from "./types";

/**
 * Ferry's own limit on declared locals per function (the JS API's limit, which
 * V8 and SpiderMonkey apply too). The binary format allows up to 2^32-1, but
 * locals are expanded one byte per local, so a few bytes could otherwise ask
 * for gigabytes. Exceeding it is an INTERNAL (resource) error.
 */
export const MAX_LOCALS: u32 = 50000;

/** Code section: vec(code), code = size:u32 + locals + expr. */
export function readCodeSection(r: Reader, m: Module): void {
  const n = r.len32();
  reserve(m.bodies, n);
  for (let i: u32 = 0; i < n && !r.bad; i++) {
    const body = readBody(r);
    if (r.bad) {
      // A body that runs past the end of the module is kept, so that
      // decode.ts's failure path can report its first malformed instruction.
      if (body.codeEnd != 0) m.bodies.push(body);
      return;
    }
    m.bodies.push(body);
  }
}

/** One function body entry, leaving the reader just past it. */
function readBody(r: Reader): FuncBody {
  const body = new FuncBody();
  body.bodyStart = r.pos;
  const size = r.len32();
  const contentStart = r.pos;
  if (r.bad) return body;
  // len32 bounds `size` by the bytes left counted from the size field, so the
  // body may still run up to a few bytes past the end of the module.
  const codeEnd = <u64>contentStart + <u64>size;
  readLocals(r, body);
  if (r.bad) return body;
  body.codeStart = r.pos;
  if (<u64>r.pos > codeEnd) {
    // The locals ran past the declared body size.
    r.fail("section size mismatch", contentStart);
    return body;
  }
  if (codeEnd > <u64>r.len) {
    body.codeEnd = <u32>min(codeEnd, <u64>u32.MAX_VALUE);
    r.fail(UNEXPECTED_END, r.len);
    return body;
  }
  const end = <u32>codeEnd;
  body.codeEnd = end;
  r.pos = end;
  return body;
}

/**
 * The locals: vec((count:u32, valtype)). A first pass checks the types and the
 * total ("too many locals" if it exceeds 2^32-1, as the spec requires), the
 * second expands them.
 */
function readLocals(r: Reader, body: FuncBody): void {
  const at = r.pos;
  const runs = r.len32();
  const first = r.pos;
  let total: u64 = 0;
  for (let i: u32 = 0; i < runs && !r.bad; i++) {
    total += <u64>r.vu32();
    readValType(r);
  }
  if (r.bad) return;
  if (total > <u64>u32.MAX_VALUE) {
    r.fail("too many locals", at);
    return;
  }
  if (total > <u64>MAX_LOCALS) {
    // Not malformed: a limit of Ferry, recorded as INTERNAL.
    r.unsupported("too many locals (Ferry's limit is " + MAX_LOCALS.toString() + ")", at);
    return;
  }
  if (total == 0) return; // keep the FuncBody's empty array
  const end = r.pos;
  const locals = new Array<u8>(<i32>total);
  let k: i32 = 0;
  r.pos = first;
  for (let i: u32 = 0; i < runs; i++) {
    const count = r.vu32();
    const t = readValType(r);
    for (let j: u32 = 0; j < count; j++) unchecked(locals[k++] = t);
  }
  r.pos = end;
  body.locals = locals;
}

/**
 * For the compiler: the reference decoder's message when a body's instructions
 * reach `codeEnd` (the body's declared end) without the body's final `end`.
 * The reference decoder reads on past the body, so the message depends on what
 * follows: the end of the module ("unexpected end of section or function"), an
 * `end` byte that it takes as the body's end ("section size mismatch", the size
 * then being wrong), or anything else ("END opcode expected").
 */
export function missingEndMessage(bytes: Uint8Array, codeEnd: u32): string {
  if (codeEnd >= <u32>bytes.length) return UNEXPECTED_END;
  if (<u32>bytes[codeEnd] == Op.END) return "section size mismatch";
  return "END opcode expected";
}
