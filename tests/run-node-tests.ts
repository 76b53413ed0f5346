// The node:test half of `npm test`: runs the given compiled test files with
// the spec reporter on stdout and a TAP copy on the side, then ends with the
// one summary line CI reads ("N passed, N failed"); exits non-zero when any
// test failed or the runner itself did not finish.
// Usage: node dist/tests/run-node-tests.js dist/tests/*/*.test.js

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write("usage: node dist/tests/run-node-tests.js FILE.test.js...\n");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "ferry-tests-"));
const tap = join(dir, "results.tap");
try {
  const r = spawnSync(process.execPath, [
    "--test",
    "--test-reporter=spec", "--test-reporter-destination=stdout",
    "--test-reporter=tap", `--test-reporter-destination=${tap}`,
    ...files,
  ], { stdio: "inherit" });
  const text = readFileSync(tap, "utf8");
  // The runner's own totals are the last "# pass N" / "# fail N" lines of the TAP stream.
  const count = (what: string) => {
    const all = [...text.matchAll(new RegExp(`^# ${what} (\\d+)$`, "gm"))];
    return all.length === 0 ? undefined : Number(all[all.length - 1]![1]);
  };
  const passed = count("pass");
  const failed = count("fail");
  if (passed === undefined || failed === undefined) {
    process.stdout.write(`0 passed, 1 failed (the test runner ended without totals, exit ${r.status ?? r.signal})\n`);
    process.exit(1);
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed > 0 || r.status !== 0 ? 1 : 0);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
