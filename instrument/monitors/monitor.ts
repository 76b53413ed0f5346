// What a monitor is on the host side: a name, a help line, its bit in the
// VM's monitor mask (assembly/monitor/kinds.ts), a decoder from the VM's raw
// rows to deterministic JSON data, and a readable table of that data.

/** What decoding and printing may ask about the workload. */
export interface MonitorContext {
  /** Name of function `index` from the name section, or `func[index]`. */
  funcName(index: number): string;
  /** Mnemonic of an opcode key of the opcodes monitor. */
  opcodeName(key: number): string;
}

/** One monitor computed inside the VM. */
export interface Monitor<T = unknown> {
  name: string;
  help: string;
  /** Its bit in the VM's monitor mask. */
  bit: number;
  /** The report data (deterministic: numbers, names and offsets only) from the raw rows. */
  decode(rows: number[], ctx: MonitorContext): T;
  /** A readable table of the data, most costly first. */
  table(data: T): string;
}

/** Formats rows as aligned columns; numbers right-aligned. */
export function columns(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === "number" ? String(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number"));
  return cells
    .map((r) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd())
    .join("\n");
}

/** Percentage with one decimal. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? "0.0%" : `${((100 * part) / whole).toFixed(1)}%`;
}

/** Sorts by a numeric cost, descending, ties by a key ascending (stable output). */
export function byCost<T>(items: T[], cost: (t: T) => number, key: (t: T) => string | number): T[] {
  return [...items].sort((a, b) => cost(b) - cost(a) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** How many rows a table shows at most. */
export const TABLE_ROWS = 20;
