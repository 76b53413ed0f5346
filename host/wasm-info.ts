// A minimal reader of a (valid) module's binary header sections: types,
// imports, function/table/memory/global declarations, exports and function
// names. The native engine needs it because the JS API does not expose
// function signatures; it trusts that the outer runtime already validated the
// bytes and throws a plain Error on anything it cannot read.

import type { ExportInfo, ExternKindName, ImportInfo, Limits } from "./engine.js";
import type { FuncType, RefType, ValTypeName } from "./values.js";
import { valTypeName } from "./values.js";

/** What wasm-info reads from a module. */
export interface WasmInfo {
  types: FuncType[];
  imports: ImportInfo[];
  exports: ExportInfo[];
  /** Type index of every function (imports first). */
  funcTypes: number[];
  /** Value type and mutability of every global (imports first). */
  globals: Array<{ valType: ValTypeName; mutable: boolean }>;
  /** Element type of every table the module defines (imports excluded). */
  tableTypes: RefType[];
  /** Function names from the name section. */
  funcNames: Map<number, string>;
}

const KINDS: ExternKindName[] = ["func", "table", "memory", "global"];
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

class Reader {
  pos: number;
  constructor(readonly bytes: Uint8Array, pos = 0, readonly end = bytes.length) {
    this.pos = pos;
  }
  byte(): number {
    if (this.pos >= this.end) throw new Error("unexpected end");
    return this.bytes[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error("LEB too long");
    }
  }
  skipLeb(): void {
    while (this.byte() & 0x80) { /* continuation bytes */ }
  }
  name(): string {
    const len = this.u32();
    const s = utf8.decode(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return s;
  }
  valType(): ValTypeName {
    return valTypeName(this.byte());
  }
  limits(): Limits {
    const flags = this.byte();
    const min = this.u32();
    return flags & 1 ? { min, max: this.u32() } : { min };
  }
}

/** Reads the header sections of a module. */
export function readWasmInfo(bytes: Uint8Array): WasmInfo {
  const info: WasmInfo = { types: [], imports: [], exports: [], funcTypes: [], globals: [], tableTypes: [], funcNames: new Map() };
  const r = new Reader(bytes, 8);
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    const s = new Reader(bytes, r.pos, end);
    switch (id) {
      case 0: readCustom(s, info); break;
      case 1: readTypes(s, info); break;
      case 2: readImports(s, info); break;
      case 3: for (let n = s.u32(); n > 0; n--) info.funcTypes.push(s.u32()); break;
      case 4: for (let n = s.u32(); n > 0; n--) { info.tableTypes.push(s.valType() as RefType); s.limits(); } break;
      case 6: readGlobals(s, info); break;
      case 7: readExports(s, info); break;
      default: break;
    }
    r.pos = end;
  }
  return info;
}

function readTypes(s: Reader, info: WasmInfo): void {
  for (let n = s.u32(); n > 0; n--) {
    if (s.byte() !== 0x60) throw new Error("expected func type");
    const params: ValTypeName[] = [];
    for (let k = s.u32(); k > 0; k--) params.push(s.valType());
    const results: ValTypeName[] = [];
    for (let k = s.u32(); k > 0; k--) results.push(s.valType());
    info.types.push({ params, results });
  }
}

function readImports(s: Reader, info: WasmInfo): void {
  for (let n = s.u32(); n > 0; n--) {
    const module = s.name();
    const name = s.name();
    const kind = s.byte();
    switch (kind) {
      case 0: {
        const t = s.u32();
        info.funcTypes.push(t);
        info.imports.push({ module, name, type: { kind: "func", type: info.types[t] ?? { params: [], results: [] } } });
        break;
      }
      case 1: {
        const elemType = s.valType() as RefType;
        info.imports.push({ module, name, type: { kind: "table", elemType, limits: s.limits() } });
        break;
      }
      case 2:
        info.imports.push({ module, name, type: { kind: "memory", limits: s.limits() } });
        break;
      case 3: {
        const valType = s.valType();
        const mutable = s.byte() === 1;
        info.globals.push({ valType, mutable });
        info.imports.push({ module, name, type: { kind: "global", valType, mutable } });
        break;
      }
      default:
        throw new Error(`unknown import kind ${kind}`);
    }
  }
}

function readGlobals(s: Reader, info: WasmInfo): void {
  for (let n = s.u32(); n > 0; n--) {
    const valType = s.valType();
    const mutable = s.byte() === 1;
    info.globals.push({ valType, mutable });
    // skip the constant expression up to its final `end` (0x0b); 2.0 constant
    // expressions are one instruction whose immediates we skip by opcode
    const op = s.byte();
    switch (op) {
      case 0x41: case 0x42: case 0x23: case 0xd2: s.skipLeb(); break;
      case 0x43: s.pos += 4; break;
      case 0x44: s.pos += 8; break;
      case 0xd0: s.byte(); break;
      case 0xfd: s.u32(); s.pos += 16; break; // v128.const
      default: break;
    }
    while (s.byte() !== 0x0b) { /* skip to end */ }
  }
}

function readExports(s: Reader, info: WasmInfo): void {
  for (let n = s.u32(); n > 0; n--) {
    const name = s.name();
    const kind = KINDS[s.byte()];
    if (kind === undefined) throw new Error("unknown export kind");
    info.exports.push({ name, kind, index: s.u32() });
  }
}

function readCustom(s: Reader, info: WasmInfo): void {
  let name: string;
  try {
    name = s.name();
  } catch {
    return;
  }
  if (name !== "name") return;
  try {
    while (s.pos < s.end) {
      const sub = s.byte();
      const size = s.u32();
      const end = s.pos + size;
      if (sub === 1) {
        for (let n = s.u32(); n > 0; n--) {
          const idx = s.u32();
          info.funcNames.set(idx, s.name());
        }
      }
      s.pos = end;
    }
  } catch {
    // a malformed name section is ignored, as the spec says
  }
}
