/** A one-line progress bar on stderr, redrawn at most ten times a second; silent when disabled. */
export interface Progress {
  advance(by: number): void;
  /** Replaces the text after the counts (e.g. a status). */
  status(text: string): void;
  done(): void;
}

const WIDTH = 28;

export function createProgress(label: string, total: number, enabled: boolean): Progress {
  let current = 0;
  let suffix = "";
  let drawnAt = 0;
  const draw = (force = false) => {
    if (!enabled) return;
    const now = Date.now();
    if (!force && now - drawnAt < 100) return;
    drawnAt = now;
    const share = total > 0 ? Math.min(current / total, 1) : 0;
    const filled = Math.round(share * WIDTH);
    const bar = `${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}`;
    process.stderr.write(`\r\x1b[2K${label} [${bar}] ${Math.floor(share * 100)}% ${current}/${total}${suffix ? ` ${suffix}` : ""}`);
  };
  draw(true);
  return {
    advance(by) {
      current += by;
      draw(current >= total);
    },
    status(text) {
      suffix = text;
      draw(true);
    },
    done() {
      if (enabled) process.stderr.write("\r\x1b[2K");
    },
  };
}
