// The validator's operand type stack (spec appendix "validation algorithm"):
// one ValType byte per operand-stack position, UNKNOWN for the polymorphic
// values of unreachable code. The height of this stack is also the operand
// stack height h the translator turns into slots (stack position h is frame
// slot P + L + h, docs/internals.md). A raw growable buffer reused across
// functions. Errors are the spec's "type mismatch" (status.invalid).

import { ValType } from "../opcodes";
import { cursorPos } from "./cursor";
import { invalid } from "./status";

/** The type of a value popped from the polymorphic stack of unreachable code. */
export const UNKNOWN: u8 = 0;

const MISMATCH = "type mismatch";

let buf: usize = 0;
let cap: i32 = 0;
/** Current height (number of operand types). Read-only outside this file. */
export let vh: i32 = 0;
/** Maximum height reached in the current function. */
export let vmax: i32 = 0;
// The innermost label's base height and unreachable flag (ctrl.ts keeps them current).
let floorH: i32 = 0;
let floorUnreachable: bool = false;

/** Address of the type of stack position 0 (valid until the next push). */
export function typesBase(): usize {
  return buf;
}

/** Empties the stack for a new function. */
export function valsReset(): void {
  vh = 0;
  vmax = 0;
  floorH = 0;
  floorUnreachable = false;
}

/** Sets the innermost label's base height and unreachable flag (called by ctrl.ts). */
// @ts-ignore: decorator
@inline export function setFloor(h: i32, unreachable: bool): void {
  floorH = h;
  floorUnreachable = unreachable;
}

/** Drops everything above height h (unreachable code, label ends). */
// @ts-ignore: decorator
@inline export function truncate(h: i32): void {
  vh = h;
}

/** Pushes a value type. */
// @ts-ignore: decorator
@inline export function push(t: u32): void {
  if (vh >= cap) growVals();
  store<u8>(buf + <usize>vh, <u8>t);
  vh++;
  if (vh > vmax) vmax = vh;
}

function growVals(): void {
  const n = cap < 256 ? 256 : cap << 1;
  buf = buf == 0 ? heap.alloc(<usize>n) : heap.realloc(buf, <usize>n);
  cap = n;
}

/** Pops any value: its type, UNKNOWN in unreachable code, or UNKNOWN after recording "type mismatch" on underflow. */
export function popAny(): u8 {
  if (vh > floorH) {
    vh--;
    return load<u8>(buf + <usize>vh);
  }
  if (!floorUnreachable) invalid(MISMATCH, cursorPos());
  return UNKNOWN;
}

/** Pops a value that must have type t ("type mismatch" otherwise). */
// @ts-ignore: decorator
@inline export function pop(t: u32): void {
  // Fast path: a matching value above the label's base.
  if (vh > floorH && <u32>load<u8>(buf + <usize>(vh - 1)) == t) vh--;
  else popSlow(t);
}

function popSlow(t: u32): void {
  const actual = <u32>popAny();
  if (actual != t && actual != UNKNOWN && t != UNKNOWN) invalid(MISMATCH, cursorPos());
}

/** Pops n values whose types are the bytes at ts (last first). */
export function popTypes(ts: usize, n: i32): void {
  for (let i = n - 1; i >= 0; i--) pop(<u32>load<u8>(ts + <usize>i));
}

/** Pushes n values whose types are the bytes at ts. */
export function pushTypes(ts: usize, n: i32): void {
  for (let i = 0; i < n; i++) push(<u32>load<u8>(ts + <usize>i));
}

/**
 * Checks without popping that the top n values match the types at ts
 * (br_table's per-label check): positions below the label's base count as
 * UNKNOWN in unreachable code and as a mismatch otherwise.
 */
export function checkTop(ts: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    const idx = vh - n + k;
    if (idx < floorH) {
      if (!floorUnreachable) invalid(MISMATCH, cursorPos());
      continue;
    }
    const t = load<u8>(buf + <usize>idx);
    const want = load<u8>(ts + <usize>k);
    if (t != want && t != UNKNOWN) invalid(MISMATCH, cursorPos());
  }
}

/** True for number types (and UNKNOWN), the operands untyped `select` accepts. */
export function isNumeric(t: u8): bool {
  return t == UNKNOWN || t == ValType.I32 || t == ValType.I64 || t == ValType.F32 || t == ValType.F64;
}

/** True for reference types (and UNKNOWN), the operands of ref.is_null. */
export function isRef(t: u8): bool {
  return t == UNKNOWN || t == ValType.FUNCREF || t == ValType.EXTERNREF;
}
