/**
 * The benchmarks' command-line numbers: `--<name> <n>`, a positive integer, or the default.
 * Anything else exits 2 naming the flag, before a cluster or database is touched.
 */
export function positiveIntArg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const value = process.argv[i + 1];
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    console.error(`error: --${name} must be a positive integer (got ${value === undefined ? "nothing" : JSON.stringify(value)})`);
    process.exit(2);
  }
  return n;
}
