// The whole core spec suite (SIMD excluded: counted as skipped) on the Ferry
// engine, in-process, one test per file. A failure not listed in
// tests/spec/expected-failures.txt fails the test, and so does a listed
// failure that now passes, so the list stays true.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { FerryEngine } from "../../host/ferry-engine.js";
import { projectRoot } from "../../host/vm.js";
import { defaultSpecDir, DEFAULT_SPEC_FUEL } from "../../migrate/commands/spec.js";
import { compareWithExpected, readExpectedFailures } from "../../migrate/spec/expected.js";
import { isSimdFile, listSpecFiles, runSpecFile, specFileLabel } from "../../migrate/spec/runner.js";
import { ferrySkip } from "../helpers/wat.js";

const expected = readExpectedFailures(join(projectRoot(), "tests", "spec", "expected-failures.txt"));
const files = listSpecFiles([defaultSpecDir()]).filter((f) => !isSimdFile(f));

describe("core spec suite on the ferry engine", { skip: ferrySkip }, () => {
  it("finds the 2.0 core files", () => {
    assert.equal(files.length, 90);
  });

  for (const file of files) {
    it(specFileLabel(file), () => {
      const result = runSpecFile(file, { engine: () => new FerryEngine({ fuel: DEFAULT_SPEC_FUEL }) });
      const { unexpected, stale } = compareWithExpected([result], expected);
      const lines = [
        ...unexpected.map((f) => `unexpected failure ${f.file}:${f.line} ${f.kind}: ${f.message}`),
        ...stale.map((key) => `listed in expected-failures.txt but passes now: ${key}`),
      ];
      assert.equal(lines.length, 0, lines.slice(0, 30).join("\n") + (lines.length > 30 ? `\n... ${lines.length - 30} more` : ""));
    });
  }
});
