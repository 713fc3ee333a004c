/**
 * `npm run bench -- <name> [options]`: runs bench/<name>.ts, which exports `run(argv)`.
 * Each benchmark prints a table, and with `--json` one JSON object as its last line.
 */
const benchmarks = ["classify", "summarize", "stream", "hostile", "http", "decision-storage"] as const;

export {};

const [name, ...argv] = process.argv.slice(2);
if (!name || !(benchmarks as readonly string[]).includes(name)) {
  console.error(`usage: npm run bench -- <${benchmarks.join("|")}> [options]`);
  process.exit(2);
}
const bench = (await import(`./${name}.ts`)) as { run(argv: string[]): Promise<void> };
await bench.run(argv);
