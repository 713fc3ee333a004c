/**
 * Debian's chromium driven by playwright-core (no browser download). CI installs it (.ci/run);
 * a machine without it fails here with the command that installs it, rather than skipping.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

export async function launchChromium(): Promise<Browser> {
  const executablePath = CANDIDATES.find((path): path is string => !!path && existsSync(path));
  if (!executablePath) {
    throw new Error("The dashboard tests need Chromium: `apt-get install -y chromium` (Debian), or set CHROMIUM_PATH. .ci/run installs it.");
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath, args: ["--no-sandbox"] });
}
