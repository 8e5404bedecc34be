/**
 * Verify Setup's endpoint checks against real servers: the local endpoint (every step passes and the test
 * run is read back), the Marquez test server in its failure modes, a closed port, a failing DNS lookup,
 * TLS to a plain port and a self-signed certificate. Each failure is the first failed step, says what was
 * found and what to do, and skips the steps that need it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkEndpoint, TEST_JOB, testRunEvents, type CheckStep, type EndpointCheckResult } from '../../extension/src/setup/endpoint-check';
import { startLocalEndpoint, type LocalEndpoint } from '../../server/src/serve';
import { EventValidator } from '../../server/src/serve/schema';
import { closedPortUrl, selfSignedCertificate, startMarquezServer, type MarquezTestServer } from '../support/marquez-server';

const summary = (r: EndpointCheckResult) => r.steps.map((s) => `${s.id} ${s.status}`);
const step = (r: EndpointCheckResult, id: CheckStep['id']) => r.steps.find((s) => s.id === id)!;

describe('Verify Setup: endpoint checks', function () {
  this.timeout(20_000);
  let local: LocalEndpoint;
  let dir: string;
  let marquez: MarquezTestServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-verify-'));
    local = await startLocalEndpoint({ port: 0, dataDir: join(dir, 'data') });
    marquez = await startMarquezServer();
  });
  beforeEach(() => marquez.reset());
  after(async () => {
    await local?.close();
    await marquez?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes every step against the local endpoint, and reads the test run back', async () => {
    const result = await checkEndpoint({ url: local.url, namespace: 'verify-it' });
    assert.deepEqual(summary(result), ['url pass', 'dns skip', 'tcp pass', 'tls skip', 'http pass', 'auth pass', 'send pass', 'read pass']);
    assert.equal(result.ok, true);
    assert.deepEqual(result.test && [result.test.namespace, result.test.job, result.test.nodeId, result.test.readBack], [
      'verify-it',
      TEST_JOB,
      `job:verify-it:${TEST_JOB}`,
      true,
    ]);
    assert.match(step(result, 'read').detail, new RegExp(result.test!.runId));
  });

  it('sends valid OpenLineage events (the schema the local endpoint enforces)', () => {
    const validator = new EventValidator();
    for (const event of testRunEvents('ns', '0195f3a0-6b2c-7d4e-8f10-2a3b4c5d6e7f', new Date('2026-11-21T12:00:00Z'))) {
      const verdict = validator.validate(event);
      assert.ok(verdict.ok, JSON.stringify(verdict));
    }
  });

  it('a closed port: the TCP step fails, says nothing listens and how to start something, and the rest is skipped', async () => {
    const result = await checkEndpoint({ url: await closedPortUrl(), namespace: 'ns' });
    assert.deepEqual(summary(result), ['url pass', 'dns skip', 'tcp fail', 'tls skip', 'http skip', 'auth skip', 'send skip', 'read skip']);
    assert.match(step(result, 'tcp').detail, /ECONNREFUSED/);
    assert.match(step(result, 'tcp').fix!, /Nothing listens on 127\.0\.0\.1:\d+.*Start Local Lineage Endpoint/);
    assert.equal(result.ok, false);
  });

  it('a name that does not resolve: the DNS step fails with the host and the error', async () => {
    const result = await checkEndpoint({
      url: 'http://marquez.internal.example:5000',
      namespace: 'ns',
      lookup: () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })),
    });
    assert.deepEqual(summary(result).slice(0, 3), ['url pass', 'dns fail', 'tcp skip']);
    assert.equal(step(result, 'dns').detail, 'marquez.internal.example does not resolve (ENOTFOUND).');
  });

  it('an invalid URL fails first, saying how to set one', async () => {
    const result = await checkEndpoint({ url: 'marquez:5000', namespace: 'ns' });
    assert.equal(step(result, 'url').status, 'fail');
    assert.match(step(result, 'url').fix!, /Set Endpoint/);
  });

  it('https to a plain-HTTP port: the TLS step says the port does not speak TLS', async () => {
    const result = await checkEndpoint({ url: marquez.url.replace('http:', 'https:'), namespace: 'ns' });
    assert.deepEqual(summary(result).slice(0, 5), ['url pass', 'dns skip', 'tcp pass', 'tls fail', 'http skip']);
    assert.match(step(result, 'tls').fix!, /does not speak TLS: use http:\/\//);
  });

  it('a self-signed certificate: the TLS step names the problem and the fix', async function () {
    const tls = selfSignedCertificate();
    if (!tls) this.skip(); // No openssl to make a certificate with.
    const https = await startMarquezServer({ tls });
    try {
      const result = await checkEndpoint({ url: https.url, namespace: 'ns' });
      assert.equal(step(result, 'tls').status, 'fail');
      assert.match(step(result, 'tls').detail, /DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED/);
      assert.match(step(result, 'tls').fix!, /NODE_EXTRA_CA_CERTS/);
    } finally {
      await https.close();
    }
  });

  it('a missing or rejected API key: the API answered, the key step fails with how to set one', async () => {
    marquez.requireApiKey = 'the-key';
    const none = await checkEndpoint({ url: marquez.url, namespace: 'ns' });
    assert.deepEqual(summary(none).slice(4), ['http pass', 'auth fail', 'send skip', 'read skip']);
    assert.equal(step(none, 'auth').detail, 'the endpoint needs an API key, and none is set.');
    assert.match(step(none, 'auth').fix!, /Set API Key/);
    const wrong = await checkEndpoint({ url: marquez.url, namespace: 'ns', apiKey: 'wrong' });
    assert.equal(step(wrong, 'auth').detail, 'the endpoint rejected the API key.');
    const right = await checkEndpoint({ url: marquez.url, namespace: 'ns', apiKey: 'the-key', sendTestEvent: false });
    assert.deepEqual(summary(right).slice(4), ['http pass', 'auth pass', 'send skip', 'read skip']);
    assert.equal(step(right, 'auth').detail, 'the API key was accepted');
  });

  it('a web page instead of the API: the API step says to point at the API root', async () => {
    marquez.mode = 'html';
    const result = await checkEndpoint({ url: marquez.url, namespace: 'ns' });
    assert.equal(step(result, 'http').status, 'fail');
    assert.match(step(result, 'http').fix!, /API root/);
  });

  it('an endpoint that accepts events but does not show them: a warning, not a failure', async () => {
    const result = await checkEndpoint({ url: marquez.url, namespace: 'ns', readAttempts: 1 });
    assert.deepEqual(summary(result).slice(6), ['send pass', 'read warn']);
    assert.equal(result.ok, true);
    assert.equal(result.test?.readBack, false);
    // The test server recorded the two events, START then COMPLETE, of one run.
    const posted = marquez.requests
      .filter((r) => r.method === 'POST')
      .map((r) => JSON.parse(r.body!) as { eventType: string; run: { runId: string } });
    assert.deepEqual(
      posted.map((e) => e.eventType),
      ['START', 'COMPLETE'],
    );
    assert.equal(posted[0]!.run.runId, result.test!.runId);
  });
});
