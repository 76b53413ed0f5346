// The translator's output buffers for the function being compiled: internal
// code words (ops.ts encoding), relocations and the pc map (compiled.ts). They
// are raw growable buffers reused across functions (grown by doubling, never
// shrunk), so emitting an instruction allocates nothing; `finish` copies them
// into the CompiledFunc arrays once per function.

import { CompiledFunc } from "../compiled";

/** Number of code words emitted so far for the current function (read-only outside this file). */
export let codeLen: i32 = 0;
let code: usize = 0;
let codeCap: i32 = 0;

let relocs: usize = 0;
let relocLen: i32 = 0;
let relocCap: i32 = 0;

let pcmap: usize = 0;
let pcLen: i32 = 0;
let pcCap: i32 = 0;

/** Resizes a raw u32 buffer (0 = none yet) to `words` words, keeping its contents. */
function regrow(buf: usize, words: i32): usize {
  return buf == 0 ? heap.alloc(<usize>words << 2) : heap.realloc(buf, <usize>words << 2);
}

/** Empties the buffers for a new function. */
export function emitReset(): void {
  codeLen = 0;
  relocLen = 0;
  pcLen = 0;
}

/** Makes room for `n` more code words; call before the put() calls of one instruction. */
// @ts-ignore: decorator
@inline export function reserve(n: i32): void {
  if (codeLen + n > codeCap) growCode(codeLen + n);
}

function growCode(need: i32): void {
  let n = codeCap < 256 ? 256 : codeCap;
  while (n < need) n <<= 1;
  code = regrow(code, n);
  codeCap = n;
}

/** Appends one word; reserve() must have made room. */
// @ts-ignore: decorator
@inline export function put(w: u32): void {
  store<u32>(code + (<usize>codeLen << 2), w);
  codeLen++;
}

/** Word `i` of the code emitted so far. */
// @ts-ignore: decorator
@inline export function wordAt(i: i32): u32 {
  return load<u32>(code + (<usize>i << 2));
}

/** Overwrites word `i` (branch targets, fuel costs). */
// @ts-ignore: decorator
@inline export function setWord(i: i32, w: u32): void {
  store<u32>(code + (<usize>i << 2), w);
}

/** Drops the code emitted from word `w` on (the last instruction, being replaced by a fused one). */
export function rewindTo(w: i32): void {
  codeLen = w;
}

/** Moves the trailing pc map entries that point at word `from` to word `to` (after a fused instruction changed length). */
export function movePcTail(from: i32, to: i32): void {
  for (let i = pcLen - 1; i > 0 && load<u32>(pcmap + (<usize>i << 2)) == <u32>from; i -= 2) {
    store<u32>(pcmap + (<usize>i << 2), <u32>to);
  }
}

/** Points the trailing pc map entries at words after `to` to word `to` (several instructions fused into one starting there). */
export function pcTailTo(to: i32): void {
  for (let i = pcLen - 1; i > 0 && load<u32>(pcmap + (<usize>i << 2)) > <u32>to; i -= 2) {
    store<u32>(pcmap + (<usize>i << 2), <u32>to);
  }
}

/**
 * Points the trailing pc map entries at words >= `s` (original instructions
 * merged into one fused instruction starting at s) to s, s+1, s+2, ... in
 * order, one word per distinct word they had, so a trap the fused
 * instruction reports at word s+i is the i-th merged instruction's.
 */
export function pcTailSpread(s: i32): void {
  let i = pcLen - 1;
  while (i > 0 && load<u32>(pcmap + (<usize>i << 2)) >= <u32>s) i -= 2;
  let last: u32 = 0xffffffff;
  let to = s - 1;
  for (i += 2; i < pcLen; i += 2) {
    const p = pcmap + (<usize>i << 2);
    const w = load<u32>(p);
    if (w != last) {
      last = w;
      to++;
    }
    store<u32>(p, <u32>to);
  }
}

/** Records that code word `at` holds a relocated index of kind `kind` (ops.ts Reloc). */
export function reloc(at: i32, kind: u32): void {
  if (relocLen + 2 > relocCap) {
    const n = relocCap < 64 ? 64 : relocCap << 1;
    relocs = regrow(relocs, n);
    relocCap = n;
  }
  const p = relocs + (<usize>relocLen << 2);
  store<u32>(p, <u32>at);
  store<u32>(p, kind, 4);
  relocLen += 2;
}

/** Records that the original instruction at module offset `offset` starts at code word `word`. */
// @ts-ignore: decorator
@inline export function pcEntry(offset: u32, word: i32): void {
  if (pcLen + 2 > pcCap) growPc();
  const p = pcmap + (<usize>pcLen << 2);
  store<u32>(p, offset);
  store<u32>(p, <u32>word, 4);
  pcLen += 2;
}

function growPc(): void {
  const n = pcCap < 256 ? 256 : pcCap << 1;
  pcmap = regrow(pcmap, n);
  pcCap = n;
}

/** Copies `n` words from a raw buffer into a new array. */
function toArray(buf: usize, n: i32): u32[] {
  const a = new Array<u32>(n);
  if (n > 0) memory.copy(a.dataStart, buf, <usize>n << 2);
  return a;
}

/** Stores the buffers into `f` (code, relocs, pcmap). */
export function finish(f: CompiledFunc): void {
  f.code = toArray(code, codeLen);
  f.relocs = toArray(relocs, relocLen);
  f.pcmap = toArray(pcmap, pcLen);
}

// ---- instruction shapes: opcode + operands, one reserve each ---------------------

/** OP */
// @ts-ignore: decorator
@inline export function op1(op: u32): void {
  reserve(1);
  put(op);
}

/** OP a */
// @ts-ignore: decorator
@inline export function op2(op: u32, a: u32): void {
  reserve(2);
  put(op); put(a);
}

/** OP a b */
// @ts-ignore: decorator
@inline export function op3(op: u32, a: u32, b: u32): void {
  reserve(3);
  put(op); put(a); put(b);
}

/** OP a b c */
// @ts-ignore: decorator
@inline export function op4(op: u32, a: u32, b: u32, c: u32): void {
  reserve(4);
  put(op); put(a); put(b); put(c);
}

/** OP a b c d */
// @ts-ignore: decorator
@inline export function op5(op: u32, a: u32, b: u32, c: u32, d: u32): void {
  reserve(5);
  put(op); put(a); put(b); put(c); put(d);
}

/** OP a b c d e */
// @ts-ignore: decorator
@inline export function op6(op: u32, a: u32, b: u32, c: u32, d: u32, e: u32): void {
  reserve(6);
  put(op); put(a); put(b); put(c); put(d); put(e);
}

/** OP a b c d e f */
// @ts-ignore: decorator
@inline export function op7(op: u32, a: u32, b: u32, c: u32, d: u32, e: u32, f: u32): void {
  reserve(7);
  put(op); put(a); put(b); put(c); put(d); put(e); put(f);
}

/** OP a b c d e f g */
// @ts-ignore: decorator
@inline export function op8(op: u32, a: u32, b: u32, c: u32, d: u32, e: u32, f: u32, g: u32): void {
  reserve(8);
  put(op); put(a); put(b); put(c); put(d); put(e); put(f); put(g);
}

/** OP a b c d e f g h */
// @ts-ignore: decorator
@inline export function op9(op: u32, a: u32, b: u32, c: u32, d: u32, e: u32, f: u32, g: u32, h: u32): void {
  reserve(9);
  put(op); put(a); put(b); put(c); put(d); put(e); put(f); put(g); put(h);
}
