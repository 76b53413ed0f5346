// An analysis written with Ferry's probe API (instrument/probes.ts): runs a
// WASI command in the Ferry VM and prints every call the workload makes —
// caller, callee (with its name-section name), arguments — to stderr, plus a
// count of calls per callee at the end. The workload's bytecode is not
// rewritten; the probes sit in step-mode copies of the probed functions.
//
//   npm run build
//   node dist/examples/trace-calls.js ../shared/workloads/bench/fib.wasm 10
//   node dist/examples/trace-calls.js --quiet ../shared/workloads/bench/fib.wasm 20

import { readFileSync } from "node:fs";
import process from "node:process";
import { getExport } from "../host/engine.js";
import { FerryEngine } from "../host/ferry-engine.js";
import { formatValue } from "../host/values.js";
import { createWasi } from "../host/wasi/index.js";
import { instantiateWasi } from "../host/wasi/command.js";
import { WasiExit } from "../host/wasi/proc.js";
import { Probes } from "../instrument/probes.js";

function main(argv: string[]): number {
  const quiet = argv[0] === "--quiet";
  const [path, ...args] = quiet ? argv.slice(1) : argv;
  if (path === undefined) {
    process.stderr.write("usage: trace-calls [--quiet] app.wasm [args...]\n");
    return 2;
  }
  const bytes = new Uint8Array(readFileSync(path));
  const engine = new FerryEngine();
  const module = engine.compile(bytes);
  const wasi = createWasi({ args: [path, ...args], preopens: [{ host: ".", guest: "." }] });
  const instance = instantiateWasi(engine, module, wasi);

  const probes = new Probes(engine, instance, bytes);
  const counts = new Map<string, number>();
  const nameOf = (index: number) => instance.module.funcName(index) || `func[${index}]`;
  probes.onCall((ctx, e) => {
    const callee = e.callee < 0 ? "<trap>" : nameOf(e.callee);
    counts.set(callee, (counts.get(callee) ?? 0) + 1);
    if (!quiet) process.stderr.write(`${ctx.funcName || `func[${ctx.funcIndex}]`} -> ${callee}${e.indirect ? " (indirect)" : ""}(${e.args.map(formatValue).join(", ")})\n`);
  });

  let code = 0;
  try {
    getExport(instance, "_start", "func").call([]);
  } catch (e) {
    if (!(e instanceof WasiExit)) throw e;
    code = e.code;
  } finally {
    wasi.close();
  }
  const rows = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  process.stderr.write(`calls per callee:\n${rows.map(([n, c]) => `  ${String(c).padStart(10)}  ${n}`).join("\n")}\n`);
  return code;
}

process.exitCode = main(process.argv.slice(2));
