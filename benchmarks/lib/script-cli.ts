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
