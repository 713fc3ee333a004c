/** Every error the API can answer with, and the HTTP status it maps to. */
export const ERROR_STATUS = {
  invalid_json: 400,
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unknown_label: 422,
  unprocessable: 422,
  idempotency_mismatch: 422,
  rate_limited: 429,
  /** The daily budget cannot cover a remote call and no edge answer exists; Retry-After is the next UTC midnight. */
  budget_exhausted: 429,
  internal: 500,
  misconfigured: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error that becomes `{ error: { code, message, request_id, details? } }` with the code's status. */
export class ApiError extends Error {
  readonly status: (typeof ERROR_STATUS)[ErrorCode];

  /** For a 429 or 503: when to try again, in seconds (the `Retry-After` header). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.name = "ApiError";
    this.status = ERROR_STATUS[code];
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** How long a client waits before retrying a 503 or a 429 that names no time of its own. */
export const DEFAULT_RETRY_AFTER_SECONDS = { 503: 5, 429: 60 } as const;

/** The `Retry-After` value for an error's status, or null when the status has none. */
export function retryAfterOf(error: ApiError): string | null {
  if (error.status === 503 || error.status === 429) {
    return String(Math.max(1, Math.ceil(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS[error.status])));
  }
  // Any other error names a time only when it has one (a 409 for a request still running).
  return error.retryAfterSeconds === undefined ? null : String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; request_id: string; details?: unknown };
}

export function errorBody(error: ApiError, requestId: string): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: error.message, request_id: requestId } };
  if (error.details !== undefined) body.error.details = error.details;
  return body;
}
