// The six bench kernels at their size-S parameters under every Ferry runtime,
// `--runtime ferry` (build/ferry-wasi.wasm interpreted by Ferry: an
// interpreter inside an interpreter) included: each must print its README
// checksum line, exactly as `--native` does. Minutes of CPU, so not part of
// `npm test` (its name does not end in .test.ts): `npm run test:runtimes`.
// FERRY_TEST_RUNTIMES=ferry,wasi picks runtimes.

import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import process from "node:process";
import { describe, it } from "node:test";
import { WORKLOADS, workloadPath } from "../../bench/workloads.js";
import { ferryRun } from "../wasi/harness.js";

const RUNTIMES = (process.env.FERRY_TEST_RUNTIMES ?? "node,bun,deno,wasi,ferry").split(",");

describe("bench kernels at size S under every runtime", () => {
  for (const w of WORKLOADS) {
    it(`${w.name} ${w.small}: --native`, async () => {
      const r = await ferryRun(["--native", workloadPath(w), "--", String(w.small)], tmpdir());
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.endsWith(`${w.smallLine}\n`), r.stdout);
    });
    for (const runtime of RUNTIMES) {
      it(`${w.name} ${w.small}: --runtime ${runtime}`, { timeout: 1_800_000 }, async () => {
        const r = await ferryRun(["--runtime", runtime, workloadPath(w), "--", String(w.small)], tmpdir());
        assert.equal(r.code, 0, r.stderr);
        assert.ok(r.stdout.endsWith(`${w.smallLine}\n`), r.stdout);
      });
    }
  }
});
