// Runs the CLI in-process with stdout and stderr captured (so that coverage counts the CLI).
import { main } from '../../src/cli.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Redirects stdout and stderr into strings until `end` is called. */
function capture(): { end(code: number): CliRun; restore(): void } {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  const restore = (): void => {
    process.stdout.write = o;
    process.stderr.write = e;
  };
  return { restore, end: (code) => (restore(), { code, out, err }) };
}

/** A command that answers synchronously (every command but conform and a conformance replay). */
export function runCli(args: string[]): CliRun {
  const c = capture();
  try {
    const code = main(args);
    if (typeof code !== 'number') throw new Error(`${args[0]} returned a promise: use runCliAsync`);
    return c.end(code);
  } finally {
    c.restore();
  }
}

/** Any command, awaited; output is captured until it settles. */
export async function runCliAsync(args: string[]): Promise<CliRun> {
  const c = capture();
  try {
    return c.end(await main(args));
  } finally {
    c.restore();
  }
}
