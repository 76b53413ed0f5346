#!/usr/bin/env node
// The `ferry` command: a tiny launcher for the compiled CLI (npm run build:ts first).
import { main } from "../dist/migrate/cli.js";

process.exitCode = await main(process.argv.slice(2));
