/**
 * Command-line plumbing shared by the benchmark scripts: `--help` prints the script's usage, an
 * unknown or malformed option is one line naming it (plus the usage), and an error thrown by the
 * script is printed as its message, not as a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** parseArgs with `--help` / `-h` (prints `usage`, exits 0) and usage errors (exit 2). */
export function scriptArgs<T extends ParseArgsConfig>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  const argv = config.args ?? process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (e) {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
    process.exit(2);
  }
}

/** Runs a script's main; a thrown error ends it with its message and exit code 1. */
export function runScript(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}

/** --mipnet-param "a=1,b=false,c=x" → { a: 1, b: false, c: 'x' }; undefined when not given. */
export function parseParams(text: string | undefined): Record<string, number | string | boolean> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const out: Record<string, number | string | boolean> = {};
  for (const item of text.split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--mipnet-param: expected key=value, got "${item}"`);
    const k = item.slice(0, eq).trim();
    const v = item.slice(eq + 1).trim();
    out[k] = v === 'true' ? true : v === 'false' ? false : v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out;
}
