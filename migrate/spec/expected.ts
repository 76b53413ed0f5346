// The expected-failures list of the spec suite: one `file:line reason` per line
// (`#` starts a comment). Reviewed, not hidden: a failure not in the list is
// unexpected, and an entry whose command now passes is stale, so the list
// stays true.

import { readFileSync } from "node:fs";
import type { SpecFailure, SpecFileResult } from "./runner.js";

/** Parsed list: key `file:line` -> reason. */
export type ExpectedFailures = Map<string, string>;

/** Parses the text of an expected-failures list; throws on a malformed line. */
export function parseExpectedFailures(text: string, source = "expected failures"): ExpectedFailures {
  const map: ExpectedFailures = new Map();
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") return;
    const m = /^(\S+):(\d+)(?:\s+(.*))?$/.exec(line);
    if (m === null) throw new Error(`${source}:${i + 1}: expected "file:line reason", got ${JSON.stringify(raw)}`);
    map.set(`${m[1]}:${m[2]}`, m[3] ?? "");
  });
  return map;
}

/** Reads and parses an expected-failures file. */
export function readExpectedFailures(path: string): ExpectedFailures {
  return parseExpectedFailures(readFileSync(path, "utf8"), path);
}

/** Key of a failure in the list. */
export function failureKey(f: SpecFailure): string {
  return `${f.file}:${f.line}`;
}

/** Failures not in the list, and list entries (for the files that ran) that no longer fail. */
export function compareWithExpected(results: SpecFileResult[], expected: ExpectedFailures): { unexpected: SpecFailure[]; stale: string[] } {
  const failed = new Set<string>();
  const unexpected: SpecFailure[] = [];
  for (const r of results) {
    for (const f of r.failures) {
      const key = failureKey(f);
      failed.add(key);
      if (!expected.has(key)) unexpected.push(f);
    }
  }
  const ran = new Set(results.map((r) => r.file));
  const stale = [...expected.keys()].filter((key) => ran.has(key.slice(0, key.lastIndexOf(":"))) && !failed.has(key));
  return { unexpected, stale };
}
