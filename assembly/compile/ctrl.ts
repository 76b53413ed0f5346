// The control stack of the one-pass validator/translator: one Label per open
// block/loop/if (plus the function itself at the bottom), with what validation
// needs (kind, base height, block type, unreachable flag) and what translation
// needs (whether code is emitted inside it, the loop header's code position,
// the `if`'s pending BR_IF_NOT, the list of forward branches to patch when the
// label's `end` is reached).
//
// Labels are raw records (@unmanaged: no GC header, no write barriers) pooled
// and reused across functions. A block type is a pair (address, count) of
// ValType bytes, pointing into the module's FuncType arrays or the static
// one-type table of func.ts, both alive while the module compiles.

import { setWord } from "./emit";
import { setFloor, truncate } from "./operands";

/** What opened a label. ELSE is an `if` whose else arm has started. */
export const enum LabelKind {
  FUNC = 0,
  BLOCK = 1,
  LOOP = 2,
  IF = 3,
  ELSE = 4,
}

/** One entry of the control stack. */
// @ts-ignore: decorator
@unmanaged export class Label {
  kind: LabelKind = LabelKind.BLOCK;
  /** Operand stack height at entry, params excluded: the label's base. */
  height: i32 = 0;
  /** Block type: params and results as (address of ValType bytes, count). */
  params: usize = 0;
  nParams: i32 = 0;
  results: usize = 0;
  nResults: i32 = 0;
  /** Spec "unreachable" flag: the rest of this label's code is polymorphic. */
  unreachable: bool = false;
  /** Entered while no code was being emitted (inside dead code): emits nothing at all. */
  dead: bool = false;
  /** LOOP: code word index of the loop header (its FUEL), the target of branches to it. */
  target: i32 = 0;
  /** IF: word index of the BR_IF_NOT that skips the then arm, -1 once patched (or dead). */
  ifInstr: i32 = -1;
  /** IF: word index of that branch's target operand. */
  ifTarget: i32 = 0;
  /** Head of this label's forward-branch patch list (index into the patch pool), -1 if none. */
  patchHead: i32 = -1;
  /** br_table stub sharing: the br_table (by stamp) that last made a stub for this label, and where. */
  stubStamp: u32 = 0;
  stubPos: i32 = 0;
}

// The pool: addresses of Label records, index = depth - 1.
let pool: usize = 0;
let poolLen: i32 = 0;
let poolCap: i32 = 0;
/** Number of open labels (the function's own label included). Read-only outside this file. */
export let depth: i32 = 0;

// Patch pool: forward branch operands waiting for their label's end.
// Entry i: instruction word, operand word, next entry of the same label.
let patches: usize = 0;
let patchLen: i32 = 0;
let patchCap: i32 = 0;

/** Empties the control stack and the patch pool for a new function. */
export function ctrlReset(): void {
  depth = 0;
  patchLen = 0;
}

/** Pushes a label and makes it the floor of the operand stack. */
export function pushLabel(kind: LabelKind, params: usize, nParams: i32, results: usize, nResults: i32,
    height: i32, dead: bool): Label {
  if (depth == poolLen) {
    if (poolLen == poolCap) {
      const n = poolCap < 16 ? 16 : poolCap << 1;
      pool = pool == 0 ? heap.alloc(<usize>n << alignof<usize>()) : heap.realloc(pool, <usize>n << alignof<usize>());
      poolCap = n;
    }
    store<usize>(pool + (<usize>poolLen << alignof<usize>()), changetype<usize>(new Label()));
    poolLen++;
  }
  const lab = changetype<Label>(load<usize>(pool + (<usize>depth << alignof<usize>())));
  lab.kind = kind;
  lab.height = height;
  lab.params = params;
  lab.nParams = nParams;
  lab.results = results;
  lab.nResults = nResults;
  lab.unreachable = false;
  lab.dead = dead;
  lab.target = 0;
  lab.ifInstr = -1;
  lab.patchHead = -1;
  lab.stubStamp = 0;
  depth++;
  setFloor(height, false);
  return lab;
}

/** The label at index i from the bottom (0 = the function's). */
// @ts-ignore: decorator
@inline function labelAtIndex(i: i32): Label {
  return changetype<Label>(load<usize>(pool + (<usize>i << alignof<usize>())));
}

/** Pops the innermost label (the caller has checked depth > 1). */
export function popLabel(): void {
  depth--;
  const top = labelAtIndex(depth - 1);
  setFloor(top.height, top.unreachable);
}

/** The innermost label. */
// @ts-ignore: decorator
@inline export function topLabel(): Label {
  return labelAtIndex(depth - 1);
}

/** The label at relative depth l (0 = innermost); the caller has checked l < depth. */
// @ts-ignore: decorator
@inline export function labelAt(l: u32): Label {
  return labelAtIndex(depth - 1 - <i32>l);
}

/** Marks the rest of the innermost label unreachable (after br, br_table, return, unreachable). */
export function setUnreachable(): void {
  const top = labelAtIndex(depth - 1);
  top.unreachable = true;
  truncate(top.height);
  setFloor(top.height, true);
}

/** Resets the innermost label for its else arm (validation state only). */
export function restartForElse(): void {
  const top = labelAtIndex(depth - 1);
  top.unreachable = false;
  top.kind = LabelKind.ELSE;
  truncate(top.height);
  setFloor(top.height, false);
}

/**
 * Records a forward branch to `lab`: the branch instruction starts at code
 * word `instr` and its target operand is word `operand`.
 */
export function addPatch(lab: Label, instr: i32, operand: i32): void {
  if (patchLen + 3 > patchCap) {
    const n = patchCap < 192 ? 192 : patchCap << 1;
    patches = patches == 0 ? heap.alloc(<usize>n << 2) : heap.realloc(patches, <usize>n << 2);
    patchCap = n;
  }
  const p = patches + (<usize>patchLen << 2);
  store<i32>(p, instr);
  store<i32>(p, operand, 4);
  store<i32>(p, lab.patchHead, 8);
  lab.patchHead = patchLen;
  patchLen += 3;
}

/** Points every pending branch to `lab` at code word `target` (byte offsets relative to each branch). */
export function resolvePatches(lab: Label, target: i32): void {
  let i = lab.patchHead;
  while (i >= 0) {
    const p = patches + (<usize>i << 2);
    const instr = load<i32>(p);
    setWord(load<i32>(p, 4), <u32>((target - instr) << 2));
    i = load<i32>(p, 8);
  }
  lab.patchHead = -1;
}
