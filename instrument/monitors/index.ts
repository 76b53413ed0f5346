// The registry of monitors (`ferry run --monitor LIST`), in report order.

import { branches } from "./branches.js";
import { calls } from "./calls.js";
import { count } from "./count.js";
import { coverage } from "./coverage.js";
import { hotness } from "./hotness.js";
import { memory } from "./memory.js";
import type { Monitor } from "./monitor.js";
import { opcodes } from "./opcodes.js";
import { profile } from "./profile.js";

export type { Monitor, MonitorContext } from "./monitor.js";

/** Every monitor, by name. */
export const MONITORS: ReadonlyArray<Monitor<unknown>> = [count, opcodes, profile, coverage, branches, calls, memory, hotness] as Array<Monitor<unknown>>;

/** The monitor named `name`, or undefined. */
export function findMonitor(name: string): Monitor<unknown> | undefined {
  return MONITORS.find((m) => m.name === name);
}

/** `--monitor help`: one line per monitor. */
export function monitorHelp(): string {
  const w = Math.max(...MONITORS.map((m) => m.name.length)) + 2;
  return `monitors (ferry run --monitor a,b,... or all):\n${MONITORS.map((m) => `  ${m.name.padEnd(w)}${m.help}`).join("\n")}`;
}

/** Parses a comma-separated list ("all" = every monitor); throws Error naming an unknown one. */
export function parseMonitorList(list: string): Array<Monitor<unknown>> {
  const names = list.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (names.includes("all")) return [...MONITORS];
  const out: Array<Monitor<unknown>> = [];
  for (const n of names) {
    const m = findMonitor(n);
    if (m === undefined) throw new Error(`unknown monitor ${JSON.stringify(n)} (ferry run --monitor help lists them)`);
    if (!out.includes(m)) out.push(m);
  }
  if (out.length === 0) throw new Error("--monitor needs at least one monitor name");
  return MONITORS.filter((m) => out.includes(m));
}

/** The VM mask of a list of monitors. */
export function monitorMask(list: ReadonlyArray<Monitor<unknown>>): number {
  return list.reduce((mask, m) => mask | m.bit, 0);
}
