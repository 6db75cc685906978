/** A fetch that answers with the given responses in order and records what was sent. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
}

export function scriptedFetch(...responses: Response[]): typeof fetch & { requests: SentRequest[] } {
  const requests: SentRequest[] = [];
  const stub = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = init?.body;
    requests.push({
      url: input.toString(),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: body === undefined || body === null ? undefined : typeof body === "string" ? body : new TextDecoder().decode(body as Uint8Array),
    });
    const next = responses[requests.length - 1];
    if (!next) {
      throw new Error(`No scripted answer for request ${requests.length}.`);
    }

    return next;
  };
  return Object.assign(stub, { requests });
}

export function ok(json: unknown): Response {
  return new Response(JSON.stringify(json), { status: 200, headers: { "Content-Type": "application/json" } });
}

export function problem(status: number, title: string, detail: string, headers: Record<string, string> = {}, extra: object = {}): Response {
  return new Response(JSON.stringify({ type: "https://tools.ietf.org/html/rfc6585#section-4", title, status, detail, ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
  });
}

export function rateLimited(retryAfter: string): Response {
  return problem(429, "Rate limit exceeded", "Your plan allows 2 requests per second.", { "Retry-After": retryAfter });
}
