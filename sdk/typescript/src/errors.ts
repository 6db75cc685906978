/** An `application/problem+json` body (RFC 9457), with the `errors` extension of validation problems. */
export interface ProblemDetails {
  type?: string | null;
  title?: string | null;
  status?: number | null;
  detail?: string | null;
  instance?: string | null;
  errors?: Record<string, string[]> | null;
}

/**
 * A call that TrustVault answered with an error status. The problem details (RFC 9457) of the answer are on the error:
 * `title`, `detail` and, for invalid input, the messages per field in `errors`.
 */
export class TrustVaultApiError extends Error {
  override readonly name = "TrustVaultApiError";

  /** The HTTP status of the answer. */
  readonly status: number;

  readonly problem: ProblemDetails;

  /** How long to wait before trying again, in milliseconds, when the answer said so (429 and some 503). */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, problem: ProblemDetails, retryAfterMs?: number) {
    super(TrustVaultApiError.describe(status, problem));
    this.status = status;
    this.problem = problem;
    this.retryAfterMs = retryAfterMs;
  }

  get type(): string | undefined {
    return this.problem.type ?? undefined;
  }

  get title(): string | undefined {
    return this.problem.title ?? undefined;
  }

  get detail(): string | undefined {
    return this.problem.detail ?? undefined;
  }

  /** Messages per input field (e.g. `days`, `pageSize`), empty unless the input was invalid. */
  get errors(): Record<string, string[]> {
    return this.problem.errors ?? {};
  }

  private static describe(status: number, problem: ProblemDetails): string {
    const title = problem.title ?? `HTTP ${status}`;
    return problem.detail ? `${status} ${title}: ${problem.detail}` : `${status} ${title}`;
  }
}
