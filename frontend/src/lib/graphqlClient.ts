import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { readCookie } from './cookies';

export const CSRF_COOKIE = 'pc_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/**
 * Codes the UI knows how to explain. Server codes arrive in `errors[].extensions.code`;
 * NETWORK / HTTP / BAD_RESPONSE are made up here when no GraphQL answer came back.
 */
export type ClientErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID'
  | 'INVALID_CREDENTIALS'
  | 'PAGE_SIZE'
  | 'INVALID_CURSOR'
  | 'CSRF'
  | 'LIMIT'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'GRAPHQL_VALIDATION'
  | 'NETWORK'
  | 'HTTP'
  | 'BAD_RESPONSE'
  | 'UNKNOWN';

const KNOWN_CODES: ReadonlySet<string> = new Set<ClientErrorCode>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID',
  'INVALID_CREDENTIALS',
  'PAGE_SIZE',
  'INVALID_CURSOR',
  'CSRF',
  'LIMIT',
  'RATE_LIMITED',
  'INTERNAL',
  'GRAPHQL_VALIDATION',
]);

export interface GraphQLErrorPayload {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; requestId?: string; [key: string]: unknown };
}

/** One failed request, already mapped to a code the UI can translate. */
export class GraphQLClientError extends Error {
  readonly code: ClientErrorCode;
  readonly status: number | null;
  readonly requestId: string | null;
  readonly errors: GraphQLErrorPayload[];
  /** Seconds to wait before trying again (RATE_LIMITED), from the error or `Retry-After`. */
  readonly retryAfter: number | null;

  constructor(
    code: ClientErrorCode,
    message: string,
    opts: {
      status?: number | null;
      requestId?: string | null;
      errors?: GraphQLErrorPayload[];
      retryAfter?: number | null;
    } = {},
  ) {
    super(message);
    this.name = 'GraphQLClientError';
    this.code = code;
    this.status = opts.status ?? null;
    this.requestId = opts.requestId ?? null;
    this.errors = opts.errors ?? [];
    this.retryAfter = opts.retryAfter ?? null;
  }
}

export function toClientCode(code: unknown): ClientErrorCode {
  return typeof code === 'string' && KNOWN_CODES.has(code) ? (code as ClientErrorCode) : 'UNKNOWN';
}

/** Maps an HTTP response body (or its absence) to an error, or null when the answer is usable. */
export function errorFromResponse(
  status: number,
  body: unknown,
  headerRequestId: string | null,
): GraphQLClientError | null {
  const payload = (body && typeof body === 'object' ? body : null) as {
    data?: unknown;
    errors?: GraphQLErrorPayload[];
  } | null;
  const errors = Array.isArray(payload?.errors) ? payload.errors : [];
  if (errors.length > 0) {
    const first = errors[0];
    const ext = first.extensions ?? {};
    const requestId = typeof ext.requestId === 'string' ? ext.requestId : headerRequestId;
    const retryAfter = typeof ext.retryAfter === 'number' ? ext.retryAfter : null;
    return new GraphQLClientError(toClientCode(ext.code), first.message ?? '', {
      status,
      requestId,
      errors,
      retryAfter,
    });
  }
  if (status < 200 || status >= 300) {
    return new GraphQLClientError('HTTP', `HTTP ${status}`, { status, requestId: headerRequestId });
  }
  if (!payload || !('data' in payload) || payload.data == null) {
    return new GraphQLClientError('BAD_RESPONSE', 'The server sent no data.', { status, requestId: headerRequestId });
  }
  return null;
}

export interface ClientOptions {
  endpoint?: string;
  fetch?: typeof fetch;
  /** Returns the current `document.cookie` string (read at every request: the cookie changes at login). */
  getCookies?: () => string;
  /** Called for every error whose code is UNAUTHENTICATED (session expired or signed out elsewhere). */
  onUnauthenticated?: () => void;
}

export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & {
  toString(): string;
};

export interface GraphQLClient {
  request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables?: TVariables,
    init?: { signal?: AbortSignal },
  ): Promise<TResult>;
  setOnUnauthenticated(listener: (() => void) | undefined): void;
}

function operationName(query: string): string | undefined {
  return /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

export function createClient(options: ClientOptions = {}): GraphQLClient {
  const endpoint = options.endpoint ?? '/graphql';
  let onUnauthenticated = options.onUnauthenticated;

  return {
    setOnUnauthenticated(listener) {
      onUnauthenticated = listener;
    },
    async request<TResult, TVariables>(
      document: TypedDocument<TResult, TVariables>,
      variables?: TVariables,
      init?: { signal?: AbortSignal },
    ): Promise<TResult> {
      const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
      const query = document.toString();
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        Accept: 'application/json',
      };
      const csrf = readCookie(options.getCookies?.() ?? '', CSRF_COOKIE);
      if (csrf) headers[CSRF_HEADER] = csrf;

      let response: Response;
      try {
        response = await doFetch(endpoint, {
          method: 'POST',
          headers,
          credentials: 'same-origin',
          body: JSON.stringify({ query, variables: variables ?? {}, operationName: operationName(query) }),
          signal: init?.signal,
        });
      } catch (err) {
        if (err instanceof DOMException && err.name === 'AbortError') throw err;
        throw new GraphQLClientError('NETWORK', err instanceof Error ? err.message : String(err));
      }
      const headerRequestId = response.headers.get('X-Request-Id');
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      const error = errorFromResponse(response.status, body, headerRequestId);
      if (error) {
        if (error.code === 'UNAUTHENTICATED') onUnauthenticated?.();
        throw error;
      }
      return (body as { data: TResult }).data;
    },
  };
}

/** The app's client: same-origin /graphql, CSRF header from the pc_csrf cookie. */
export const client = createClient({
  getCookies: () => (typeof document === 'undefined' ? '' : document.cookie),
});
