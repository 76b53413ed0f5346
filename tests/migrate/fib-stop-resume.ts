// Shared by the inexact-slice and armed-loop tests: fib 27 run in-process in
// a given engine until the test's own stop condition captures a snapshot,
// then that snapshot resumed by `ferry resume` in a child process, whose
// output must equal an uninterrupted `ferry run`.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { getExport } from "../../host/engine.js";
import type { FerryEngine } from "../../host/ferry-engine.js";
import { instantiateWasi } from "../../host/wasi/command.js";
import { createWasi } from "../../host/wasi/index.js";
import { projectRoot } from "../../host/vm.js";
import { writeSnapshotFile } from "../../migrate/snapshot/file.js";
import type { Snapshot } from "../../migrate/snapshot/model.js";
import { captureSnapshot } from "../../migrate/snapshot/vm-state.js";

const CLI = join(projectRoot(), "bin", "ferry.js");
const FIB = join(projectRoot(), "..", "shared", "workloads", "bench", "fib.wasm");

class Stop extends Error {}

/**
 * Runs fib 27 on `engine`. `arm(stop)` sets up when to stop (a hook that calls
 * `stop()`, which snapshots the workload where it is and ends the run), before
 * `_start` is called. Checks that the run did stop and that the snapshot
 * resumes to the reference output; returns the instructions run at the stop.
 */
export function stopFibAndResume(engine: FerryEngine, arm: (stop: () => never) => void): number {
  const dir = mkdtempSync(join(tmpdir(), "ferry-fib-stop-"));
  try {
    const reference = spawnSync(process.execPath, [CLI, "run", FIB, "27"], { encoding: "utf8" });
    assert.equal(reference.status, 0, reference.stderr);
    const bytes = new Uint8Array(readFileSync(FIB));
    const wasi = createWasi({ args: [FIB, "27"] });
    const instance = instantiateWasi(engine, engine.compile(bytes), wasi);
    let snap: Snapshot | undefined;
    let stoppedAt = 0;
    arm(() => {
      stoppedAt = engine.vm.fuelUsed();
      snap = captureSnapshot(engine, instance, wasi, bytes);
      throw new Stop();
    });
    assert.throws(() => getExport(instance, "_start", "func").call([]), (e: unknown) => e instanceof Stop);
    assert.ok(snap !== undefined, "the run stopped with a snapshot");
    const file = join(dir, "fib.snap");
    writeSnapshotFile(file, snap);
    const resumed = spawnSync(process.execPath, [CLI, "resume", file], { encoding: "utf8" });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(resumed.stdout, reference.stdout);
    assert.match(reference.stdout, /checksum=196418/);
    return stoppedAt;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
