// A syntax-only walk over function bodies that reproduces the spec reference
// decoder's error for a malformed body (illegal opcode, bad LEB128, "zero byte
// expected", "malformed memop flags", a missing `end`...). Nothing is built.
//
// The decoder does not decode bodies (the compiler does), but the reference
// decoder decodes each body as it reads the code section, so a body error is
// reported before anything later in the module. decode.ts therefore calls this
// only when decoding failed after some bodies were framed, to report the error
// the spec expects. The compiler may call `scanBodies` too, to word a body's
// "malformed" error exactly as the spec does.
//
// Like the reference decoder, reading is bounded by the end of the module, not
// by the body's declared size; when the body's final `end` is not exactly at
// the declared end, the error is "section size mismatch".

import { Module } from "../module";
import { Imm, Op, immOf, immOfFC } from "../opcodes";
import { illegalOpcode, skipImmediate } from "./immediates";
import { Reader } from "./reader";

// Kind of each open block: what may close it.
const BLOCK: u8 = 0;     // block, loop, the function itself: `end`
const IF: u8 = 1;        // if before `else`: `else` or `end`
const ELSE: u8 = 2;      // if after `else`: `end`

/**
 * Open blocks of the body being scanned: one kind byte per block, in raw heap
 * memory (not a GC Array: keeps the loop free of shadow-stack bookkeeping).
 * Grows as needed, reused between bodies.
 */
let stackPtr: usize = 0;
let stackCap: u32 = 0;

/** Makes room for `depth + 1` open blocks. */
function growStack(depth: u32): void {
  if (depth < stackCap) return;
  const cap = max<u32>(64, stackCap * 2);
  stackPtr = stackPtr == 0 ? heap.alloc(<usize>cap) : heap.realloc(stackPtr, <usize>cap);
  stackCap = cap;
}

/** The scanner's reader, reused. */
const reader = new Reader();

/**
 * Scans one body, whose instructions start at codeStart and must end exactly
 * at codeEnd; on a malformed instruction the reader records the error.
 */
export function scanBody(r: Reader, codeStart: u32, codeEnd: u32, bodyStart: u32): void {
  r.pos = codeStart;
  growStack(0);
  store<u8>(stackPtr, BLOCK);
  let depth: u32 = 1; // open blocks, the function's own included
  while (!r.bad) {
    const at = r.pos;
    const b = r.u8();
    if (r.bad) return;
    if (b == Op.END) {
      if (--depth == 0) break;
      continue;
    }
    if (b == Op.ELSE) {
      const top = stackPtr + <usize>(depth - 1);
      if (load<u8>(top) != IF) {
        // The reference decoder ends the block's instruction list at `else`
        // and then expects the block's `end`.
        r.fail("END opcode expected", at);
        return;
      }
      store<u8>(top, ELSE);
      continue;
    }
    let kind: Imm;
    if (b == Op.PREFIX_FC) {
      const sub = r.vu32();
      if (r.bad) return;
      kind = immOfFC(sub);
      if (kind == Imm.UNKNOWN) {
        illegalOpcode(r, b, sub, at);
        return;
      }
    } else {
      kind = immOf(b);
      if (kind == Imm.UNKNOWN) {
        illegalOpcode(r, b, -1, at);
        return;
      }
    }
    if (kind != Imm.NONE) skipImmediate(r, kind);
    if (kind == Imm.BLOCKTYPE) {
      growStack(depth);
      store<u8>(stackPtr + <usize>depth, b == Op.IF ? IF : BLOCK);
      depth++;
    }
  }
  if (r.bad) return;
  if (r.pos != codeEnd) r.fail("section size mismatch", bodyStart);
}

/**
 * Scans bodies 0..count-1 of `m` in order. Returns false after recording (with
 * fail(), MALFORMED) the reference decoder's message for the first malformed
 * one; true if all are well-formed instruction sequences. (It does not check
 * "data count section required": the compiler does, after its index checks.)
 */
export function scanBodies(m: Module, count: i32): bool {
  const r = reader.init(m.bytes);
  const n = min(count, m.bodies.length);
  for (let i = 0; i < n; i++) {
    const body = m.bodies[i];
    scanBody(r, body.codeStart, body.codeEnd, body.bodyStart);
    if (r.bad) return false;
  }
  return true;
}
