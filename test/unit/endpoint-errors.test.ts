/**
 * The remedy table of endpoint failures (extension/src/endpoint/errors.ts): the one place that decides which
 * command Test Connection, the viewer, the Recent Runs and Issues views and the DAG Lineage view offer after
 * a failure. The messages of each kind are tested where they arise, in endpoint-transport.test.ts.
 */
import assert from 'node:assert/strict';
import { remedyFor, REMEDY_COMMANDS, type EndpointErrorKind } from '../../extension/src/endpoint/errors';

describe('endpoint errors: the remedy table', () => {
  const kinds: Record<EndpointErrorKind | 'not-configured', ReturnType<typeof remedyFor>> = {
    'not-configured': 'set-endpoint',
    unreachable: 'set-endpoint',
    tls: 'set-endpoint',
    timeout: undefined,
    unauthorized: 'set-api-key',
    forbidden: 'set-api-key',
    'not-found': 'set-endpoint',
    'not-json': 'set-endpoint',
    'invalid-response': 'set-endpoint',
    'too-large': undefined,
    redirect: 'set-endpoint',
    http: undefined,
    cancelled: undefined,
  };

  it('offers Set API Key for a refused key, Set Endpoint where the URL is wrong, nothing where no setting helps', () => {
    for (const [kind, remedy] of Object.entries(kinds)) assert.equal(remedyFor(kind), remedy, kind);
  });

  it('offers nothing for a caller\'s own kinds, nor for names inherited from Object', () => {
    for (const kind of ['empty', 'invalid-argument', 'show-failed', 'toString', '__proto__', 'constructor']) assert.equal(remedyFor(kind), undefined, kind);
  });

  it('names the command of each remedy and the button that runs it', () => {
    assert.deepEqual(REMEDY_COMMANDS, {
      'set-api-key': { label: 'Set API Key', command: 'lineageLens.setApiKey' },
      'set-endpoint': { label: 'Set Endpoint', command: 'lineageLens.setEndpoint' },
    });
  });
});
