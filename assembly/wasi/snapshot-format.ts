// Constants of snapshot format version 1 (docs/snapshot-format.md), shared by
// the WASI build's writer and reader: magic, version, section ids and names,
// value types, the null reference.

/** "FERRYSNP" as a little-endian u64. */
export const MAGIC: u64 = 0x504e53595252_4546;
export const VERSION: u32 = 1;
export const PAGE: usize = 65536;
export const NULL_REF: u32 = 0xffffffff;

export const enum Sec { MODULE = 1, FRAMES = 2, GLOBALS = 3, TABLES = 4, MEMORY = 5, SEGMENTS = 6, HOST = 7, COUNTER = 8 }
export const SECTION_COUNT: u32 = 8;
export const SECTION_NAMES: string[] = ["", "module", "frames", "globals", "tables", "memory", "segments", "host", "counter"];

export const T_I32: u32 = 0x7f;
export const T_I64: u32 = 0x7e;
export const T_F32: u32 = 0x7d;
export const T_F64: u32 = 0x7c;
export const T_FUNCREF: u32 = 0x70;
export const T_EXTERNREF: u32 = 0x6f;

/** True for a value type a snapshot may hold. */
export function validType(t: u32): bool {
  return t == T_I32 || t == T_I64 || t == T_F32 || t == T_F64 || t == T_FUNCREF || t == T_EXTERNREF;
}
