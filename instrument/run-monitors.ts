// `ferry run --monitor LIST [--monitor-out FILE]` on a JS host: enables the
// monitors in the Ferry VM before the workload is instantiated and, after the
// run (finished, exited or trapped), prints the tables on stderr and writes
// the JSON report. A resumed run re-enables the monitors its snapshot
// carries (resumeMonitors).

import { writeFileSync } from "node:fs";
import process from "node:process";
import type { CompiledModule, Engine } from "../host/engine.js";
import { FerryEngine, FerryModule } from "../host/ferry-engine.js";
import { RunFailure } from "../host/runtimes/failure.js";
import { monitorMask, parseMonitorList } from "./monitors/index.js";
import type { Monitor } from "./monitors/index.js";
import { collectReport, reportJson, reportTables } from "./report.js";

/** Monitors switched on in an engine, waiting for the end of the run. */
export interface RunningMonitors {
  /** Reads, prints and writes the report of `module`'s instance. */
  finish(module: CompiledModule): void;
}

/** Enables monitors `list` (comma-separated names) on `engine` (before it instantiates the workload). */
export function startMonitors(engine: Engine, list: string, out: string | undefined): RunningMonitors {
  if (!(engine instanceof FerryEngine)) throw new RunFailure("--monitor needs the Ferry VM (not --native)");
  let monitors;
  try {
    monitors = parseMonitorList(list);
  } catch (e) {
    throw new RunFailure((e as Error).message);
  }
  return enable(engine, monitors, out);
}

/**
 * Re-enables the monitors of a snapshot's monitors section (`names`, already
 * checked) before the resumed instance is made; their counters are loaded
 * after the restore (migrate/snapshot/monitors-section.ts), so the report
 * covers the whole run.
 */
export function resumeMonitors(engine: FerryEngine, names: string[], out: string | undefined): RunningMonitors {
  return enable(engine, parseMonitorList(names.join(",")), out);
}

function enable(engine: FerryEngine, monitors: Array<Monitor<unknown>>, out: string | undefined): RunningMonitors {
  engine.vm.monitorEnable(monitorMask(monitors));
  return {
    finish(module) {
      if (!(module instanceof FerryModule)) return;
      const report = collectReport(engine.vm, module.handle, monitors);
      process.stderr.write(reportTables(report, monitors));
      if (out !== undefined) {
        try {
          writeFileSync(out, reportJson(report));
        } catch (e) {
          throw new RunFailure(`--monitor-out ${out}: ${(e as Error).message}`);
        }
      }
    },
  };
}
