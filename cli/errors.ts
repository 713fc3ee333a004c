/** What went wrong, as the exit code a script can branch on (documented in README.md, "Command line"). */
export const EXIT = { failure: 1, usage: 2, unreachable: 3, auth: 4 } as const;

/** The one error type of the CLI: a code, a one-line message and the exit code it ends with. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT.failure,
    readonly extra: { status?: number; request_id?: string; details?: unknown; retry_after_ms?: number } = {},
  ) {
    super(message.replace(/\s*\n\s*/g, " "));
    this.name = "CliError";
  }
}

export function usageError(message: string): CliError {
  return new CliError("usage", message, EXIT.usage);
}
