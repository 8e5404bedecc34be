/**
 * The endpoint settings' normaliser and the choice between the user's and the workspace's URL (trust and
 * confirmation), and the API key store keyed by origin: the pure parts behind extension/src/endpoint.
 */
import assert from 'node:assert/strict';
import { chooseEndpointUrl, normalizeEndpointUrl, normalizeNamespace } from '../../extension/src/endpoint/config';
import { ApiKeyStore, validateApiKey } from '../../extension/src/endpoint/secrets';

function url(input: unknown): string {
  const result = normalizeEndpointUrl(input);
  if (!result.ok) assert.fail(`expected a URL, got: ${result.message}`);
  return result.url;
}

function problem(input: unknown): string {
  const result = normalizeEndpointUrl(input);
  if (result.ok) assert.fail(`expected a problem, got ${result.url}`);
  return result.message;
}

describe('endpoint settings: URL normaliser', () => {
  it('keeps the API root, trimmed and without a trailing slash', () => {
    assert.equal(url(' http://localhost:5000/ '), 'http://localhost:5000');
    assert.equal(url('https://lineage.example.com'), 'https://lineage.example.com');
  });

  it('drops a copied /api/v1 or /api/v1/lineage, keeps a proxy path prefix', () => {
    assert.equal(url('http://marquez:5000/api/v1'), 'http://marquez:5000');
    assert.equal(url('http://marquez:5000/api/v1/lineage/'), 'http://marquez:5000');
    assert.equal(url('https://tools.example.com/marquez/api/v1/'), 'https://tools.example.com/marquez');
  });

  it('canonicalises the origin: lower-case host, no default port', () => {
    const result = normalizeEndpointUrl('HTTPS://Lineage.Example.COM:443/');
    assert.deepEqual(result, { ok: true, url: 'https://lineage.example.com', origin: 'https://lineage.example.com' });
  });

  it('refuses what is not an http(s) API root, saying what to enter', () => {
    assert.equal(problem(''), 'Enter the lineage API root, e.g. http://localhost:5000.');
    assert.equal(problem(42), 'Enter the lineage API root, e.g. http://localhost:5000.');
    assert.equal(
      problem('marquez:5000'),
      '"marquez:5000" uses marquez: the lineage API is served over http or https, e.g. http://localhost:5000.',
    );
    assert.equal(
      problem('localhost 5000'),
      '"localhost 5000" is not a URL. Enter the lineage API root with its scheme, e.g. http://localhost:5000.',
    );
    assert.equal(
      problem('ftp://marquez'),
      '"ftp://marquez" uses ftp: the lineage API is served over http or https, e.g. http://localhost:5000.',
    );
    assert.equal(
      problem('https://user:pw@marquez'),
      'Leave user name and password out of the URL: run "Lineage Lens: Set API Key" to store a key in the secret storage instead.',
    );
    assert.equal(
      problem('http://marquez:5000/api/v1/lineage?nodeId=x'),
      'Leave the query and fragment out of the URL: enter only the API root, e.g. http://marquez:5000.',
    );
  });
});

describe('endpoint settings: namespace normaliser', () => {
  it('trims, and treats empty or unset as no namespace', () => {
    assert.deepEqual(normalizeNamespace(' airflow-prod '), { ok: true, namespace: 'airflow-prod' });
    assert.deepEqual(normalizeNamespace('postgres://db:5432'), { ok: true, namespace: 'postgres://db:5432' });
    assert.deepEqual(normalizeNamespace(''), { ok: true, namespace: undefined });
    assert.deepEqual(normalizeNamespace(undefined), { ok: true, namespace: undefined });
  });

  it('refuses a non-string and a name longer than Marquez allows', () => {
    assert.deepEqual(normalizeNamespace(5), {
      ok: false,
      message: 'lineageLens.endpoint.namespace must be a string, e.g. "airflow-prod".',
    });
    assert.deepEqual(normalizeNamespace('n'.repeat(1025)), {
      ok: false,
      message: 'lineageLens.endpoint.namespace is 1025 characters long; namespaces have at most 1024.',
    });
  });
});

describe('endpoint settings: user URL or workspace URL', () => {
  const mine = 'http://localhost:5000';
  const theirs = 'https://lineage.attacker.example';

  it('uses the user setting directly', () => {
    assert.deepEqual(chooseEndpointUrl({ user: `${mine}/`, trusted: false }), { kind: 'user', url: mine, origin: mine });
  });

  it('ignores a workspace URL in an untrusted workspace, and says so', () => {
    assert.deepEqual(chooseEndpointUrl({ user: mine, workspace: theirs, trusted: false, confirmed: theirs }), {
      kind: 'user',
      url: mine,
      origin: mine,
      pending: { url: theirs, origin: theirs, reason: 'untrusted' },
    });
    assert.deepEqual(chooseEndpointUrl({ workspace: theirs, trusted: false }), {
      kind: 'none',
      pending: { url: theirs, origin: theirs, reason: 'untrusted' },
    });
  });

  it('waits for confirmation of a workspace URL in a trusted workspace', () => {
    assert.deepEqual(chooseEndpointUrl({ user: mine, workspace: theirs, trusted: true }), {
      kind: 'user',
      url: mine,
      origin: mine,
      pending: { url: theirs, origin: theirs, reason: 'unconfirmed' },
    });
  });

  it("uses a trusted workspace's URL once that exact URL was confirmed", () => {
    assert.deepEqual(chooseEndpointUrl({ user: mine, workspace: `${theirs}/api/v1`, trusted: true, confirmed: theirs }), {
      kind: 'workspace',
      url: theirs,
      origin: theirs,
    });
    assert.equal(chooseEndpointUrl({ user: mine, workspace: `${theirs}/other`, trusted: true, confirmed: theirs }).kind, 'user');
  });

  it("needs no confirmation when the workspace repeats the user's URL", () => {
    assert.deepEqual(chooseEndpointUrl({ user: mine, workspace: `${mine}/`, trusted: true }), { kind: 'user', url: mine, origin: mine });
  });

  it('reports an invalid URL naming where it is set', () => {
    assert.deepEqual(chooseEndpointUrl({ user: 'localhost', trusted: true }), {
      kind: 'none',
      problem:
        'lineageLens.endpoint.url: "localhost" is not a URL. Enter the lineage API root with its scheme, e.g. http://localhost:5000.',
    });
    assert.deepEqual(chooseEndpointUrl({ workspace: 'ftp://x', trusted: true }), {
      kind: 'none',
      problem:
        'lineageLens.endpoint.url in the workspace settings: "ftp://x" uses ftp: the lineage API is served over http or https, e.g. http://localhost:5000.',
    });
    assert.deepEqual(chooseEndpointUrl({ user: mine, workspace: 'ftp://x', trusted: true }), { kind: 'user', url: mine, origin: mine });
  });

  it('has nothing to use when nothing is set', () => {
    assert.deepEqual(chooseEndpointUrl({ trusted: true }), { kind: 'none' });
  });
});

describe('endpoint settings: API keys by origin', () => {
  /** An in-memory SecretStorage. */
  function secrets() {
    const map = new Map<string, string>();
    const storage = {
      get: async (key: string) => map.get(key),
      store: async (key: string, value: string) => void map.set(key, value),
      delete: async (key: string) => void map.delete(key),
      onDidChange: () => ({ dispose() {} }),
    };
    return { map, storage: storage as unknown as ConstructorParameters<typeof ApiKeyStore>[0] };
  }

  it('stores one key per origin: path, case and default port do not matter', async () => {
    const { map, storage } = secrets();
    const store = new ApiKeyStore(storage);
    await store.set('https://Lineage.example.com:443/marquez', 'k1');
    assert.equal(await store.get('https://lineage.example.com'), 'k1');
    assert.equal(await store.reader('https://lineage.example.com/other')(), 'k1');
    assert.equal(await store.get('http://lineage.example.com'), undefined, 'http is another origin');
    assert.equal(await store.get('https://lineage.example.com:8443'), undefined, 'another port is another origin');
    assert.deepEqual([...map.keys()], ['lineageLens.apiKey:https://lineage.example.com']);
  });

  it('deletes a key and says whether there was one', async () => {
    const { storage } = secrets();
    const store = new ApiKeyStore(storage);
    await store.set('http://localhost:5000', 'k');
    assert.equal(await store.delete('http://localhost:5000'), true);
    assert.equal(await store.delete('http://localhost:5000'), false);
    assert.equal(await store.get('http://localhost:5000'), undefined);
  });

  it('validates a typed key', () => {
    assert.equal(validateApiKey(' abc.DEF-123_= '), undefined);
    assert.equal(validateApiKey('  '), 'Enter the API key (it is sent as "Authorization: Bearer <key>").');
    assert.equal(validateApiKey('abc def'), 'An API key has no spaces, line breaks or control characters: paste only the key.');
    assert.equal(validateApiKey('abc\ndef'), 'An API key has no spaces, line breaks or control characters: paste only the key.');
  });
});
