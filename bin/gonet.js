#!/usr/bin/env node
// The `gonet` command (lib/cli/main.ts, built to dist/cli/).
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
