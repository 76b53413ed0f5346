// The `name` custom section: the module name (subsection 0) and function
// names (subsection 1) for backtraces and tools. Custom sections are
// ignorable, so a malformed name section never fails the module: reading just
// stops and the names read from it are dropped.

import { Module } from "../module";
import { Reader } from "./reader";

/** Subsection ids of the name section (others, e.g. local names, are skipped). */
const SUB_MODULE: u32 = 0;
const SUB_FUNCTIONS: u32 = 1;

/** The name section's own reader (quiet: it never records errors). */
const reader = new Reader();

/**
 * Reads the contents of a `name` section, bytes [start, end) of the module
 * (after the section's own name), into m.moduleName and m.funcNames. Returns
 * false (and leaves no names from this section) if it is malformed.
 */
export function readNameSection(bytes: Uint8Array, m: Module, start: u32, end: u32): bool {
  const r = reader.init(bytes);
  r.quiet = true;
  if (end > r.len || start > end) return false;
  r.len = end; // bound every read by the section
  r.pos = start;
  let moduleName = "";
  let hasModuleName = false;
  const names = new Map<u32, string>();
  let lastId: i32 = -1;
  while (!r.bad && !r.atEnd()) {
    const id = r.u8();
    const size = r.len32();
    if (r.bad) break;
    const subEnd = r.pos + size;
    if (<i32>id <= lastId || subEnd > r.len) {
      r.bad = true; // subsections come once each, in order, inside the section
      break;
    }
    lastId = <i32>id;
    if (id == SUB_MODULE) {
      moduleName = r.name();
      hasModuleName = true;
    } else if (id == SUB_FUNCTIONS) {
      const n = r.len32();
      for (let i: u32 = 0; i < n && !r.bad; i++) {
        const idx = r.vu32();
        const name = r.name();
        if (!r.bad) names.set(idx, name);
      }
    } else {
      r.pos = subEnd;
    }
    if (r.pos != subEnd) r.bad = true;
  }
  if (r.bad) return false;
  if (hasModuleName) m.moduleName = moduleName;
  const keys = names.keys();
  for (let i = 0; i < keys.length; i++) m.funcNames.set(keys[i], names.get(keys[i]));
  return true;
}
