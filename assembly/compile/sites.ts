// Resume sites of the function being compiled: for every FUEL instruction
// (a segment start, where the VM yields and where snapshots are taken) the
// operand stack height and value types there. exec/state.ts reads them to
// describe a suspended frame and to validate a restored one. A raw growable
// buffer reused across functions; finishSites stores it into CompiledFunc.

import { CompiledFunc } from "../compiled";

/**
 * Step mode (exec/step.ts): every original instruction that emits code opens
 * its own segment, introduced by a 4-word STEP instead of a 2-word FUEL, so
 * every instruction boundary is a resume site. Set only around one
 * translateFunc call; the default (false) gives the ordinary fast code.
 */
export let stepMode: bool = false;

/** Turns step mode on or off for the next translations. */
export function setStepMode(on: bool): void {
  stepMode = on;
}

let sites: usize = 0; // u32 triples: FUEL word index, height, offset into types
let siteLen: i32 = 0;
let siteCap: i32 = 0;
let types: usize = 0; // u8 ValType codes
let typeLen: i32 = 0;
let typeCap: i32 = 0;

/** Empties the tables for a new function. */
export function sitesReset(): void {
  siteLen = 0;
  typeLen = 0;
}

/** Records a FUEL at code word `word` with operand stack height `h` and types at `ts` (h bytes). */
export function siteAdd(word: i32, h: i32, ts: usize): void {
  if (siteLen + 3 > siteCap) {
    const n = siteCap < 96 ? 96 : siteCap << 1;
    sites = sites == 0 ? heap.alloc(<usize>n << 2) : heap.realloc(sites, <usize>n << 2);
    siteCap = n;
  }
  if (typeLen + h > typeCap) {
    let n = typeCap < 256 ? 256 : typeCap << 1;
    while (n < typeLen + h) n <<= 1;
    types = types == 0 ? heap.alloc(<usize>n) : heap.realloc(types, <usize>n);
    typeCap = n;
  }
  const p = sites + (<usize>siteLen << 2);
  store<u32>(p, <u32>word);
  store<u32>(p, <u32>h, 4);
  store<u32>(p, <u32>typeLen, 8);
  siteLen += 3;
  if (h > 0) memory.copy(types + <usize>typeLen, ts, <usize>h);
  typeLen += h;
}

/** Stores the tables into `f` (fuelSites, fuelTypes). */
export function finishSites(f: CompiledFunc): void {
  const a = new Array<u32>(siteLen);
  if (siteLen > 0) memory.copy(a.dataStart, sites, <usize>siteLen << 2);
  f.fuelSites = a;
  const t = new Array<u8>(typeLen);
  if (typeLen > 0) memory.copy(t.dataStart, types, <usize>typeLen);
  f.fuelTypes = t;
}
