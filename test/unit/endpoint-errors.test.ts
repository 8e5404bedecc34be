/**
 * The remedy of endpoint failures (extension/src/endpoint/errors.ts): the one place that decides which button
 * Test Connection, the viewer, the Recent Runs and Issues views and the DAG Lineage view offer after a failure.
 * Each case is a failure as the endpoint client builds it, and the button the user then gets; the messages of
 * each kind are tested where they arise, in endpoint-transport.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cancelledError,
  networkError,
  notJsonError,
  redirectError,
  remedyFor,
  REMEDY_COMMANDS,
  shapeError,
  statusError,
  timeoutError,
  tooDeepError,
  tooLargeError,
  webPageError,
  type EndpointError,
  type FailedRequest,
} from '../../extension/src/endpoint/errors';
import { ROOT } from '../support/harness';

const ORIGIN = 'http://marquez:5000';
const request: FailedRequest = { method: 'GET', url: `${ORIGIN}/api/v1/namespaces`, origin: ORIGIN, what: 'namespaces' };
/** fetch's own failure, with the system error code undici puts in its cause. */
const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

/** The label of the button offered after `error`, if any. */
const button = (error: EndpointError | { kind: string }) => {
  const remedy = remedyFor(error.kind);
  return remedy && REMEDY_COMMANDS[remedy].label;
};

describe('endpoint errors: what a failure offers to do', () => {
  it('offers Set API Key when the endpoint refuses the key or wants one, the button the message names', () => {
    const refused = [
      statusError(request, { status: 401, statusText: 'Unauthorized' }, { serverMessage: 'Invalid API key', json: true }, true),
      statusError(request, { status: 401, statusText: 'Unauthorized' }, { json: false }, false),
      statusError(request, { status: 403, statusText: 'Forbidden' }, { json: false }, true),
      statusError(request, { status: 403, statusText: 'Forbidden' }, { json: false }, false),
    ];
    for (const e of refused) {
      assert.equal(button(e), 'Set API Key', e.message);
      assert.ok(e.message.includes(`"Lineage Lens: ${button(e)!}"`), e.message);
    }
  });

  it('offers Set Endpoint when the URL leads to no lineage API: nothing there, bad TLS, a web page, another API, a redirect', () => {
    const wrongPlace = [
      networkError(request, fetchFailed('ECONNREFUSED')),
      networkError(request, fetchFailed('ENOTFOUND')),
      networkError(request, fetchFailed('DEPTH_ZERO_SELF_SIGNED_CERT')),
      statusError(request, { status: 404, statusText: 'Not Found' }, { json: false }, false),
      webPageError(request, 200, 'text/html'),
      notJsonError(request, 200, 'text/plain', 'hello', new SyntaxError('Unexpected token h')),
      tooDeepError(request, 200, 1000),
      shapeError(ORIGIN, request.url, 'namespace list', 'no namespaces array'),
      redirectError(
        request,
        302,
        { why: 'other-origin', target: new URL('https://elsewhere:5000/api/v1/namespaces') },
        'https://elsewhere:5000/api/v1/namespaces',
      ),
    ];
    for (const e of wrongPlace) assert.equal(button(e), 'Set Endpoint', `${e.kind}: ${e.message}`);
    // No endpoint at all: every caller offers the same.
    assert.equal(button({ kind: 'not-configured' }), 'Set Endpoint');
  });

  it('offers nothing where no setting helps: a failing or slow server, too large an answer, a cancelled request', () => {
    const noSetting = [
      statusError(request, { status: 500, statusText: 'Internal Server Error' }, { json: false }, false),
      redirectError(request, 302, { why: 'no-location' }, undefined),
      timeoutError(request, 30_000, new Error('timed out')),
      tooLargeError(request, 200, 20 * 1024 * 1024),
      cancelledError(request),
    ];
    for (const e of noSetting) assert.equal(button(e), undefined, `${e.kind}: ${e.message}`);
  });

  it("offers nothing for a caller's own kinds, nor for names inherited from Object", () => {
    for (const kind of ['empty', 'invalid-argument', 'show-failed', 'toString', '__proto__', 'constructor'])
      assert.equal(remedyFor(kind), undefined, kind);
  });

  it("runs commands the extension contributes, each button labelled with its command's title", () => {
    const contributed = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string; title: string }[] } }
    ).contributes.commands;
    for (const { label, command } of Object.values(REMEDY_COMMANDS)) {
      assert.equal(contributed.find((c) => c.command === command)?.title, label, command);
    }
  });
});
