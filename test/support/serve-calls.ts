/**
 * Calls to a running local endpoint's Marquez API from the tests, JSON in and out: `call(method, path, body?)`
 * and `get(path)`, `path` under `/api/v1`. `url` is read at each call (the endpoint is started per test).
 */
export type Json = Record<string, unknown>;

export function serveCalls(url: () => string) {
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${url()}/api/v1${path}`, {
      method,
      ...(body !== undefined && { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  return { call, get: (path: string) => call('GET', path) };
}
