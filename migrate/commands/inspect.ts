// `ferry inspect [--json] <snapshot>`: shows what a snapshot holds: module
// hash and size, the frames outermost first (function names from the name
// section, pcs, locals, operand stack depths), memory pages (and whether they
// are stored deflated), globals, tables,
// the WASI fd table and the instruction counter. A bad file is one line on
// stderr and exit 2.

import process from "node:process";
import { formatFlags, parseArgs, UsageError } from "../args.js";
import type { FlagSpec } from "../args.js";
import { readSnapshotFile } from "../snapshot/file.js";
import { SnapshotError } from "../snapshot/format.js";
import type { Snapshot } from "../snapshot/model.js";
import { PAGE } from "../snapshot/model.js";
import { functionNames } from "../snapshot/names.js";
import { monitorNames } from "../snapshot/monitors-section.js";

const FLAGS: FlagSpec[] = [{ name: "json", help: "print a JSON summary instead of text" }];

const TYPE_NAMES: Record<number, string> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x70: "funcref", 0x6f: "externref" };

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

/** A JSON-friendly summary of `s` (module bytes and memory contents left out). */
export function summary(s: Snapshot): Record<string, unknown> {
  const names = functionNames(s.moduleBytes);
  return {
    module: { sha256: hex(s.moduleHash), bytes: s.moduleBytes.length },
    instructions: s.instructions.toString(),
    frames: s.frames.map((f) => ({
      funcIndex: f.funcIndex,
      name: names.get(f.funcIndex) ?? "",
      pc: f.pc,
      locals: f.numLocals,
      stack: f.types.length - f.numLocals,
      stackTypes: f.types.slice(f.numLocals).map((t) => TYPE_NAMES[t] ?? String(t)),
    })),
    memories: s.memories.map((m) => ({ pages: m.pages, nonZeroPages: m.chunks.length })),
    memoryEncoding: s.compressed ? "deflate" : "raw",
    globals: s.globals.map((g) => ({ type: TYPE_NAMES[g.type] ?? String(g.type), value: g.value.toString() })),
    tables: s.tables.map((t) => ({ type: TYPE_NAMES[t.elemType] ?? String(t.elemType), size: t.elems.length })),
    droppedData: s.droppedData.flatMap((d, i) => (d ? [i] : [])),
    droppedElem: s.droppedElem.flatMap((d, i) => (d ? [i] : [])),
    wasi: {
      args: s.wasi.args,
      env: s.wasi.env,
      fds: s.wasi.fds.entries.map((e) => ({ fd: e.fd, kind: e.kind, guestPath: e.guestPath, hostPath: e.hostPath, offset: e.offset, preopen: e.preopen })),
      monotonicNs: s.wasi.clock.monotonicNs,
    },
    ...(s.monitors !== undefined ? { monitors: monitorNames(s.monitors) } : {}),
  };
}

function text(file: string, s: Snapshot): string {
  const j = summary(s) as ReturnType<typeof summary> & { frames: Array<Record<string, unknown>>; wasi: { fds: Array<Record<string, unknown>>; args: string[] } };
  const lines = [
    `snapshot ${file}`,
    `  module       sha256 ${hex(s.moduleHash)} (${s.moduleBytes.length} bytes)`,
    `  instructions ${s.instructions} executed`,
    `  frames       ${s.frames.length}, outermost first:`,
  ];
  j.frames.forEach((f, i) => {
    const name = f.name ? `${f.name as string}` : `func[${f.funcIndex as number}]`;
    lines.push(`    #${i} ${name} (func ${f.funcIndex as number}) pc 0x${(f.pc as number).toString(16)}, ${f.locals as number} locals, stack ${f.stack as number}${(f.stack as number) > 0 ? ` [${(f.stackTypes as string[]).join(" ")}]` : ""}`);
  });
  s.memories.forEach((m, i) => lines.push(`  memory ${i}     ${m.pages} pages (${(m.pages * PAGE / 1024).toFixed(0)} KiB), ${m.chunks.length} non-zero stored${s.compressed ? ", deflated" : ""}`));
  if (s.monitors !== undefined) lines.push(`  monitors     ${monitorNames(s.monitors).join(", ")} (section 11, ${s.monitors.length} bytes of counters)`);
  lines.push(`  globals      ${s.globals.length}; tables ${s.tables.map((t) => t.elems.length).join(", ") || "none"}`);
  lines.push(`  args         ${JSON.stringify(j.wasi.args)}`);
  lines.push(`  fds`);
  for (const e of j.wasi.fds) {
    const path = e.guestPath ? ` ${e.guestPath as string}` : "";
    const host = e.hostPath ? ` -> ${e.hostPath as string}` : "";
    lines.push(`    ${String(e.fd).padStart(3)} ${e.kind as string}${path}${host}${e.preopen ? " (preopen)" : ""}${e.offset ? `, offset ${e.offset as number}` : ""}`);
  }
  return lines.join("\n");
}

/** Entry point of `ferry inspect`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, FLAGS, {});
    if (args.has("help")) {
      process.stdout.write(`usage: ferry inspect [--json] <snapshot>\n\noptions:\n${formatFlags(FLAGS)}\n`);
      return 0;
    }
    if (args.positionals.length !== 1) throw new UsageError("expected exactly one snapshot file");
    const file = args.positionals[0]!;
    const s = readSnapshotFile(file);
    process.stdout.write(args.has("json") ? `${JSON.stringify(summary(s), null, 2)}\n` : `${text(file, s)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ferry: ${e.message} (see ferry inspect --help)\n`);
      return 2;
    }
    if (e instanceof SnapshotError) {
      process.stderr.write(`ferry: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
