// Checkpoint and resume on the WASI build of the VM (`--runtime wasi`, under
// node:wasi, and `--runtime ferry`, interpreted by Ferry): builds the VM's
// command line (assembly/wasi/options.ts) and its preopens. The snapshot
// files live in the VM's own preopens (/.ferry-in, /.ferry-out). On resume
// the workload's preopens are given back at their recorded fd numbers, the
// fds of its open files held by placeholder preopens (/.ferry-pad-N) that the
// VM replaces with the reopened files (fd_renumber) or closes. The snapshot
// itself is checked by the VM; this side only peeks at its host section,
// leniently, to know the preopens. --checkpoint-on: wasi-trigger.ts.

import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { RunFailure } from "./failure.js";
import { runVmOnFerry } from "./ferry.js";
import type { DirMapping, RunOptions } from "./options.js";
import { runVmOnNodeWasi, vmInvocation, wasiVmPath } from "./wasi.js";
import { runVmWithTriggers, triggerSetup } from "./wasi-trigger.js";
import type { TriggerSetup } from "./wasi-trigger.js";
import type { Trigger } from "../../migrate/trigger.js";
import type { VmInvocation } from "./wasi.js";
import { hasMonitorsSection, runWithWasiMonitors, wasiMonitorsOf } from "./wasi-monitors.js";

/** Where and when to checkpoint (migrate/snapshot/session.ts Checkpoint). */
export interface WasiCheckpoint {
  after?: number;
  path: string;
  compress?: boolean;
  triggers?: Trigger[];
}

/** True for the runtimes that run the WASI build. */
export function isWasiBuildRuntime(runtime: string): boolean {
  return runtime === "wasi" || runtime === "ferry";
}

/** Guest names of the VM's own preopens (the VM leaves "/.ferry-*" out of the workload's fd table). */
const IN_DIR = "/.ferry-in";
const OUT_DIR = "/.ferry-out";
const PAD = "/.ferry-pad-";

/** The VM's --host-dir options for the workload's preopens. */
function hostDirArgs(preopens: DirMapping[]): string[] {
  const out: string[] = [];
  for (const p of preopens) if (!p.guest.startsWith("/.ferry-")) out.push("--host-dir", `${realpathSync(p.host)}::${p.guest}`);
  return out;
}

/** The checkpoint's preopens and VM options (triggers: wasi-trigger.ts). */
function checkpointArgs(cp: WasiCheckpoint): { preopens: DirMapping[]; args: string[]; triggers?: TriggerSetup } {
  if (cp.compress === true) throw new RunFailure("--compress is not supported by the WASI build (runtimes wasi and ferry): it writes plain snapshots");
  const dir = dirname(resolve(cp.path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RunFailure(`cannot write snapshot ${cp.path}: ${dir} is not a directory`);
  const guest = `${OUT_DIR}/${basename(cp.path)}`;
  const args = ["--label", `${guest}::${cp.path}`, "--snapshot", guest];
  if (cp.after !== undefined) args.push("--checkpoint-after", String(cp.after));
  const preopens = [{ host: dir, guest: OUT_DIR }];
  if (cp.triggers === undefined) return { preopens, args };
  const t = triggerSetup(cp.triggers);
  return { preopens: [...preopens, ...t.preopens], args: [...args, ...t.args], triggers: t };
}

/** Runs `inv` on `runtime`: in this process, or in a child relaying the signal triggers of `cp`. */
function runOn(runtime: string, inv: VmInvocation, o: RunOptions, cp?: WasiCheckpoint, setup?: TriggerSetup): number | Promise<number> {
  if (setup !== undefined) return runVmWithTriggers(runtime, inv, setup, cp!.triggers!);
  return runtime === "ferry" ? runVmOnFerry(inv, o) : runVmOnNodeWasi(inv);
}

/** `ferry run --runtime wasi|ferry --checkpoint-after N|--checkpoint-on WHEN --snapshot FILE`; resolves to the exit code. */
export function runWasiBuildWithCheckpoint(o: RunOptions, cp: WasiCheckpoint): number | Promise<number> {
  const inv = vmInvocation(o);
  const c = checkpointArgs(cp);
  const [vm, ...workload] = inv.args;
  const args = [vm!, ...hostDirArgs(inv.preopens), ...c.args, "--", ...workload];
  return runWithWasiMonitors({ ...inv, args, preopens: [...inv.preopens, ...c.preopens] }, wasiMonitorsOf(o), (i) => runOn(o.runtime, i, o, cp, c.triggers));
}

/** A fd entry of the host section, as far as this side needs it. */
interface PeekEntry { fd: number; preopen: boolean; hostPath: string; guestPath: string }

/** The fd entries of the snapshot's host section, or undefined if it cannot be found (the VM then refuses the file). */
function peekFds(bytes: Uint8Array): PeekEntry[] | undefined {
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let pos = 16;
    const n = view.getUint32(12, true);
    for (let i = 0; i < n; i++) {
      const id = view.getUint32(pos, true);
      const len = view.getUint32(pos + 4, true);
      if (id === 7) {
        const state = JSON.parse(new TextDecoder().decode(bytes.subarray(pos + 12, pos + 12 + len))) as { fds: { entries: PeekEntry[] } };
        const entries = state.fds.entries.filter((e) => Number.isInteger(e.fd) && e.fd >= 0 && e.fd < 1024);
        return entries.every((e) => typeof e.guestPath === "string" && typeof e.hostPath === "string") ? entries : undefined;
      }
      pos += 12 + len;
    }
  } catch {
    // Not readable: the VM says what is wrong with the file.
  }
  return undefined;
}

/** `ferry resume --runtime wasi|ferry FILE` (optionally checkpointing again); resolves to the exit code. */
export function resumeOnWasiBuild(runtime: string, path: string, dirs: DirMapping[], cp?: WasiCheckpoint, monitorOut?: string): number | Promise<number> {
  if (!existsSync(path)) throw new RunFailure(`${path}: no such file`);
  if (statSync(path).isDirectory()) throw new RunFailure(`${path} is a directory, not a snapshot`);
  const snapDir = dirname(resolve(path));
  const fileBytes = new Uint8Array(readFileSync(path));
  const entries = peekFds(fileBytes) ?? [];
  const carriesMonitors = hasMonitorsSection(fileBytes);
  if (monitorOut !== undefined && !carriesMonitors) throw new RunFailure(`--monitor-out: ${path} carries no monitors (checkpoint a run with --monitor LIST)`);
  const byFd = new Map(entries.map((e) => [e.fd, e]));
  for (const d of dirs) {
    const pre = entries.find((e) => e.preopen && e.guestPath === d.guest);
    if (pre === undefined) throw new RunFailure(`--dir ${d.host}::${d.guest}: the snapshot has no preopened directory named ${JSON.stringify(d.guest)}`);
    if (!existsSync(d.host)) throw new RunFailure(`--dir ${d.host}: no such directory`);
    pre.hostPath = realpathSync(d.host);
  }
  const maxFd = entries.reduce((m, e) => Math.max(m, e.fd), 2);
  const preopens: DirMapping[] = [];
  for (let fd = 3; fd <= maxFd; fd++) {
    const e = byFd.get(fd);
    if (e?.preopen === true) {
      if (!existsSync(e.hostPath) || !statSync(e.hostPath).isDirectory()) {
        throw new RunFailure(`${path}: the preopened directory ${JSON.stringify(e.guestPath)} (${e.hostPath}) is not here (re-point it with --dir HOST::${e.guestPath})`);
      }
      preopens.push({ host: e.hostPath, guest: e.guestPath });
    } else {
      preopens.push({ host: snapDir, guest: `${PAD}${fd}` });
    }
  }
  const vm = checkWasiVm();
  const args = [vm, ...hostDirArgs(preopens)];
  preopens.push({ host: snapDir, guest: IN_DIR });
  const c = cp === undefined ? undefined : checkpointArgs(cp);
  if (c !== undefined) {
    preopens.push(...c.preopens);
    args.push(...c.args);
  }
  args.push("--label", `${IN_DIR}/${basename(path)}::${path}`, "--resume", `${IN_DIR}/${basename(path)}`);
  const o: RunOptions = { module: vm, args: [], runtime, dirs: [], env: [], native: false };
  const monitors = carriesMonitors ? (monitorOut !== undefined ? { out: monitorOut } : {}) : undefined;
  return runWithWasiMonitors({ vm, args, env: [], preopens }, monitors, (i) => runOn(runtime, i, o, cp, c?.triggers));
}

/** The WASI build's path, RunFailure if it is not built. */
function checkWasiVm(): string {
  const vm = wasiVmPath();
  if (!existsSync(vm)) throw new RunFailure(`the WASI build of the VM is not built (${vm} is missing): run npm run build:vm`);
  return vm;
}
