/**
 * Builds the dashboard (dashboard/src) into dashboard/dist, the Worker's static assets
 * (`[assets]` in wrangler.toml): dist/dashboard/{index.html,app.js,app.css} and dist/_headers.
 * Run by wrangler's `[build]` (dev, deploy) and before the Workers-runtime tests. Output names
 * carry no hashes and every file is written to a temporary name and renamed, so builds that run
 * at once (several `wrangler dev`) never leave a half-written file. `--report` prints the weight.
 */
import { build, transform } from "esbuild";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(ROOT, "dashboard/src");
const DIST = join(ROOT, "dashboard/dist");
const PAGE = join(DIST, "dashboard");

/** Only the page's own files, no inline script or style; the key travels in a header, never a URL. */
const HEADERS = `/dashboard/*
  Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
  Cache-Control: no-cache
`;

function writeAtomically(path: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

const script = await build({
  entryPoints: [join(SRC, "main.ts")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  legalComments: "none",
  write: false,
});
const css = await transform(
  readFileSync(join(ROOT, "node_modules/uplot/dist/uPlot.min.css"), "utf8") + readFileSync(join(SRC, "styles.css"), "utf8"),
  { loader: "css", minify: true },
);

const files: Array<[string, string | Uint8Array]> = [
  [join(PAGE, "index.html"), readFileSync(join(SRC, "index.html"), "utf8")],
  [join(PAGE, "app.js"), script.outputFiles[0].contents],
  [join(PAGE, "app.css"), css.code],
  [join(DIST, "_headers"), HEADERS],
];
for (const [path, contents] of files) writeAtomically(path, contents);

if (process.argv.includes("--report")) {
  let raw = 0;
  let gzip = 0;
  for (const [path, contents] of files) {
    const bytes = typeof contents === "string" ? Buffer.from(contents) : contents;
    const zipped = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gzip += zipped;
    console.log(`${relative(ROOT, path).padEnd(36)} ${(bytes.length / 1024).toFixed(1).padStart(6)} KB  ${(zipped / 1024).toFixed(1).padStart(6)} KB gzip`);
  }
  console.log(`${"total".padEnd(36)} ${(raw / 1024).toFixed(1).padStart(6)} KB  ${(gzip / 1024).toFixed(1).padStart(6)} KB gzip`);
}
