#!/usr/bin/env node
// Entry point of `npx rcv`: the compiled CLI (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('rcv: not built yet: run `npm install` (or `npm run build`) first\n');
  process.exit(2);
}
// A closed pipe (`rcv list | head`) ends the output, not the process with a stack trace.
process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 2));
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
