// The binary decoder's entry point: bytes -> Module (module.ts), following the
// WebAssembly 2.0 binary format. Checks the header, the section framing
// (custom sections anywhere; each known section at most once and in the order
// type, import, function, table, memory, global, export, start, element,
// datacount, code, data), hands each section to its decoder (sections.ts,
// segments.ts, code.ts, names.ts), then the cross-section counts. Only
// "malformed" errors are raised here; everything the validator judges
// (indices, types, constant-expression rules) is left to assembly/compile/.
// Function bodies are not decoded: see code.ts.

import { clearError, errorKind, errorMessage, errorOffset, fail, hasError } from "../errors";
import { Module } from "../module";
import { scanBodies } from "./bodyscan";
import { readCodeSection } from "./code";
import { readNameSection } from "./names";
import { Reader } from "./reader";
import {
  readDataCountSection, readExportSection, readFunctionSection, readGlobalSection,
  readImportSection, readMemorySection, readStartSection, readTableSection, readTypeSection,
} from "./sections";
import { readDataSection, readElementSection } from "./segments";

/** Section ids of the binary format. */
export const enum SectionId {
  CUSTOM = 0, TYPE = 1, IMPORT = 2, FUNCTION = 3, TABLE = 4, MEMORY = 5, GLOBAL = 6,
  EXPORT = 7, START = 8, ELEMENT = 9, CODE = 10, DATA = 11, DATA_COUNT = 12,
}

const MAGIC: u32 = 0x6d736100; // "\0asm"
const VERSION: u32 = 1;

/** The decoder's reader, reused for every module. */
const reader = new Reader();

/** Position of a known section in the required order (datacount sits between element and code). */
function sectionRank(id: u32): u32 {
  if (id == SectionId.DATA_COUNT) return 10;
  if (id == SectionId.CODE) return 11;
  if (id == SectionId.DATA) return 12;
  return id;
}

/**
 * Decodes a whole module. The Module keeps `bytes` (bodies, data segments and
 * constant expressions are ranges of it). Returns null after recording the
 * first problem with fail(ErrorKind.MALFORMED, spec message, offset) - or
 * INTERNAL for valid modules beyond Ferry's limits (SIMD, too many locals).
 */
export function decodeModule(bytes: Uint8Array): Module | null {
  const m = new Module();
  m.bytes = bytes;
  const hadError = hasError();
  if (decodeInto(m)) return m;
  // The reference decoder decodes each body while reading the code section,
  // so a malformed body is reported before any later problem. Bodies are not
  // decoded here (the compiler does it), so only now, on the failure path, look
  // for an earlier body error and report it instead.
  if (!hadError && m.bodies.length > 0) {
    const kind = errorKind();
    const msg = errorMessage();
    const offset = errorOffset();
    clearError();
    if (scanBodies(m, m.bodies.length)) fail(kind, msg, offset);
  }
  return null;
}

/** Decodes the header and every section into `m`; false after recording an error. */
function decodeInto(m: Module): bool {
  const bytes = m.bytes;
  const r = reader.init(bytes);

  const magic = r.u32le();
  if (r.bad) return false;
  if (magic != MAGIC) {
    r.fail("magic header not detected", 0);
    return false;
  }
  const version = r.u32le();
  if (r.bad) return false;
  if (version != VERSION) {
    r.fail("unknown binary version", 4);
    return false;
  }

  let lastRank: u32 = 0;
  let dataCount: i64 = -1; // raw value of the data count section, -1 if absent
  while (!r.atEnd()) {
    const at = r.pos;
    const id = r.u8();
    if (id > <u32>SectionId.DATA_COUNT) {
      r.fail("malformed section id", at);
      return false;
    }
    if (id != SectionId.CUSTOM) {
      const rank = sectionRank(id);
      if (rank <= lastRank) {
        // A repeated or out-of-order section: the reference decoder has
        // finished the module at this point and finds bytes left over.
        r.fail("unexpected content after last section", at);
        return false;
      }
      lastRank = rank;
    }
    const size = r.len32();
    if (r.bad) return false;
    const start = r.pos;
    const end = <u64>start + <u64>size;
    switch (id) {
      case SectionId.CUSTOM: {
        const name = r.name();
        if (r.bad) return false;
        if (<u64>r.pos > end) {
          // The section's name runs past its declared size.
          r.fail("unexpected end of section or function", r.len);
          return false;
        }
        const contentStart = r.pos;
        r.skip(<u32>(end - <u64>r.pos));
        if (r.bad) return false;
        if (name == "name") readNameSection(bytes, m, contentStart, <u32>end);
        break;
      }
      case SectionId.TYPE: readTypeSection(r, m); break;
      case SectionId.IMPORT: readImportSection(r, m); break;
      case SectionId.FUNCTION: readFunctionSection(r, m); break;
      case SectionId.TABLE: readTableSection(r, m); break;
      case SectionId.MEMORY: readMemorySection(r, m); break;
      case SectionId.GLOBAL: readGlobalSection(r, m); break;
      case SectionId.EXPORT: readExportSection(r, m); break;
      case SectionId.START: readStartSection(r, m); break;
      case SectionId.ELEMENT: readElementSection(r, m); break;
      case SectionId.DATA_COUNT: dataCount = <i64>readDataCountSection(r, m); break;
      case SectionId.CODE: readCodeSection(r, m); break;
      case SectionId.DATA: readDataSection(r, m); break;
    }
    if (r.bad) return false;
    if (<u64>r.pos != end) {
      r.fail("section size mismatch", start);
      return false;
    }
  }

  if (m.funcs.length != m.bodies.length) {
    r.fail("function and code section have inconsistent lengths", r.len);
    return false;
  }
  if (dataCount >= 0 && dataCount != <i64>m.datas.length) {
    r.fail("data count and data section have inconsistent lengths", r.len);
    return false;
  }
  return true;
}
