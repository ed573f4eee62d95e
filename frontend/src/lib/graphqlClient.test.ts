import { describe, expect, it, vi } from 'vitest';
import { ViewerDocument } from '../gql/graphql';
import { createClient, CSRF_HEADER, errorFromResponse, GraphQLClientError } from './graphqlClient';

function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** A fake fetch answering every call with a fresh copy of `response` (a body is read once). */
function captureFetch(response: Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return response.clone();
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

describe('request headers', () => {
  it('sends the pc_csrf cookie value as X-CSRF-Token, JSON over POST to /graphql', async () => {
    const { fetch, calls } = captureFetch(jsonResponse({ data: { viewer: null } }));
    const client = createClient({ fetch, getCookies: () => 'theme=dark; pc_csrf=abc%2F123; other=1' });
    await client.request(ViewerDocument, {});
    expect(calls).toHaveLength(1);
    const { url, init } = calls[0];
    expect(url).toBe('/graphql');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    const headers = init.headers as Record<string, string>;
    expect(headers[CSRF_HEADER]).toBe('abc/123');
    expect(headers['Content-Type']).toBe('application/json');
    const body = JSON.parse(String(init.body));
    expect(body.operationName).toBe('Viewer');
    expect(body.query).toContain('query Viewer');
    expect(body.variables).toEqual({});
  });

  it('reads the cookie at each request (it appears after login)', async () => {
    let cookies = '';
    const { fetch, calls } = captureFetch(jsonResponse({ data: { viewer: null } }));
    const client = createClient({ fetch, getCookies: () => cookies });
    await client.request(ViewerDocument, {});
    expect((calls[0].init.headers as Record<string, string>)[CSRF_HEADER]).toBeUndefined();
    cookies = 'pc_csrf=fresh';
    await client.request(ViewerDocument, {});
    expect((calls[1].init.headers as Record<string, string>)[CSRF_HEADER]).toBe('fresh');
  });
});

describe('error mapping', () => {
  it('maps a 403 CSRF answer to code CSRF', async () => {
    const { fetch } = captureFetch(
      jsonResponse({ errors: [{ message: 'Missing or wrong X-CSRF-Token', extensions: { code: 'CSRF' } }] }, 403),
    );
    const client = createClient({ fetch });
    const err = await client.request(ViewerDocument, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphQLClientError);
    expect((err as GraphQLClientError).code).toBe('CSRF');
    expect((err as GraphQLClientError).status).toBe(403);
  });

  it('keeps the request id of INTERNAL errors', () => {
    const err = errorFromResponse(
      200,
      { data: null, errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL', requestId: 'r-123' } }] },
      'header-id',
    );
    expect(err?.code).toBe('INTERNAL');
    expect(err?.requestId).toBe('r-123');
  });

  it('calls onUnauthenticated for UNAUTHENTICATED', async () => {
    const { fetch } = captureFetch(
      jsonResponse({ data: null, errors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }] }),
    );
    const onUnauthenticated = vi.fn();
    const client = createClient({ fetch, onUnauthenticated });
    await expect(client.request(ViewerDocument, {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(onUnauthenticated).toHaveBeenCalledOnce();
  });

  it('maps unknown codes, bare HTTP errors, empty bodies and network failures', async () => {
    expect(errorFromResponse(200, { errors: [{ message: 'x', extensions: { code: 'WHAT' } }] }, null)?.code).toBe('UNKNOWN');
    expect(errorFromResponse(502, null, 'rid')?.code).toBe('HTTP');
    expect(errorFromResponse(502, null, 'rid')?.requestId).toBe('rid');
    expect(errorFromResponse(200, {}, null)?.code).toBe('BAD_RESPONSE');
    expect(errorFromResponse(200, { data: { viewer: null } }, null)).toBeNull();
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    await expect(createClient({ fetch: failing }).request(ViewerDocument, {})).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('returns data when the answer is clean', async () => {
    const viewer = { role: 'ACCOUNT_MANAGER', user: null, organization: { id: 'O1', name: 'X', kinds: [] } };
    const { fetch } = captureFetch(jsonResponse({ data: { viewer } }));
    await expect(createClient({ fetch }).request(ViewerDocument, {})).resolves.toEqual({ viewer });
  });
});
