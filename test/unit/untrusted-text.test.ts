/**
 * Outside text made safe where VS Code interprets it (extension/src/untrusted.ts): no command link can be made
 * of an endpoint's answer shown in a notification, Markdown quotes stay literal, and the paths that build those
 * messages (the endpoint client's errors, the Verify Setup report) go through it.
 */
import assert from 'node:assert/strict';
import { jsonDepthExceeds } from '../../common/json-depth';
import { MarquezClient } from '../../extension/src/endpoint/client';
import { EndpointError } from '../../extension/src/endpoint/errors';
import { reportMarkdown } from '../../extension/src/setup/report';
import { mdText } from '../../common/markdown';
import { mdCode } from '../../common/markdown';
import { MAX_MESSAGE_CHARS, neutralize } from '../../extension/src/untrusted';

/** VS Code's own parser of links in notification text (src/vs/base/common/linkedText.ts, 1.100). */
const LINK_REGEX = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const linksIn = (text: string) => [...text.matchAll(LINK_REGEX)].map((m) => m[2]);

const HOSTILE = '[Fix it](command:workbench.action.terminal.new) [docs](https://evil.example/x) [f](file:///etc/passwd)';

async function failure(fetch: typeof globalThis.fetch): Promise<EndpointError> {
  const client = new MarquezClient({ baseUrl: 'http://marquez.example:5000', fetch, retryDelayMs: 0 });
  try {
    await client.namespaces();
  } catch (error) {
    assert.ok(error instanceof EndpointError);
    return error;
  }
  assert.fail('expected the request to fail');
}

describe('untrusted text: neutralize (notifications)', () => {
  it('leaves no link VS Code would make, and reads the same', () => {
    assert.equal(linksIn(HOSTILE).length, 3, 'the test’s parser finds the links in the raw text');
    const out = neutralize(HOSTILE);
    assert.deepEqual(linksIn(out), []);
    assert.equal(out, '［Fix it］(command:workbench.action.terminal.new) ［docs］(https://evil.example/x) ［f］(file:///etc/passwd)');
  });

  it('cannot be joined into a link: no ASCII bracket survives', () => {
    for (const [a, b] of [
      ['[x', '](command:a)'],
      ['x]', '(command:a)'],
      ['[', ']'],
    ]) {
      const joined = `${neutralize(a)}${neutralize(b)}`;
      assert.doesNotMatch(joined, /[[\]]/);
      assert.deepEqual(linksIn(joined), []);
    }
  });

  it('keeps ordinary text, drops bidi overrides, and caps the length', () => {
    assert.equal(neutralize('Cannot reach http://127.0.0.1:5000 (ECONNREFUSED).'), 'Cannot reach http://127.0.0.1:5000 (ECONNREFUSED).');
    assert.equal(neutralize('job \u202Egnp.exe\u202C'), 'job gnp.exe');
    const long = neutralize('x'.repeat(1_000_000));
    assert.equal(long.length, MAX_MESSAGE_CHARS);
    assert.ok(long.endsWith('…'));
  });
});

describe('untrusted text: Markdown', () => {
  it('escapes what would make a link, an image, HTML or a table cell', () => {
    const out = mdText('![img](https://x/y.png) [a](command:z) <img src=x> a|b *em* `code`\nnext');
    assert.equal(out, '\\!\\[img\\](https://x/y.png) \\[a\\](command:z) \\<img src=x\\> a\\|b \\*em\\* \\`code\\` next');
    assert.doesNotMatch(out, /(?<!\\)[[\]<>`]/);
  });

  it('quotes code spans with a fence longer than any backtick run inside, whole and on one line', () => {
    const quote = (text: string) => mdCode(text, Infinity, 'space');
    assert.equal(quote('lineage_lens.verify_setup'), '`lineage_lens.verify_setup`');
    assert.equal(quote('a`b'), '``a`b``');
    assert.equal(quote('`[x](command:y)`'), '`` `[x](command:y)` ``');
    assert.equal(quote('two  \n\n  lines'), '`two lines`');
    assert.equal(quote('\u202Eevil'), '`evil`');
    assert.equal(quote('x'.repeat(300)), `\`${'x'.repeat(300)}\``);
  });
});

describe('untrusted text: the paths that show it', () => {
  it('a Location header that is not a URL: the notification has no link', async () => {
    const error = await failure(async () => new Response(null, { status: 302, headers: { location: `http://[x]${HOSTILE}` } }));
    assert.equal(error.kind, 'redirect');
    assert.ok(linksIn(error.message).length > 0, 'the raw message carries the links');
    const shown = neutralize(`Lineage Lens: ${error.message}`);
    assert.deepEqual(linksIn(shown), []);
    assert.doesNotMatch(shown, /\]\(command:/);
  });

  it('a same-origin redirect to a hostile path, then a hostile error body: no link', async () => {
    const fetch: typeof globalThis.fetch = async (input) =>
      String(input).includes('/moved/')
        ? new Response(JSON.stringify({ message: HOSTILE }), { status: 400, headers: { 'content-type': 'application/json' } })
        : new Response(null, { status: 307, headers: { location: `/moved/${HOSTILE}` } });
    const error = await failure(fetch);
    assert.equal(error.kind, 'http');
    const shown = neutralize(`Lineage Lens: ${error.message}`);
    assert.deepEqual(linksIn(shown), []);
    assert.match(
      shown,
      /The server said: "［Fix it］\(command:workbench\.action\.terminal\.new\)/,
      'the server’s words are still there to read',
    );
  });

  it('the Verify Setup report quotes an endpoint’s answer literally', () => {
    const md = reportMarkdown({
      endpoint: {
        url: 'http://127.0.0.1:5000',
        ok: false,
        steps: [
          {
            id: 'http',
            label: 'Lineage API',
            status: 'fail',
            detail: `GET failed. The server said: "${HOSTILE}"`,
            fix: '<script>alert(1)</script>',
          },
        ],
        test: { namespace: 'ns`[x](command:y)`', job: 'lineage_lens.verify_setup', runId: 'r', nodeId: 'job:ns:j', readBack: false },
      },
      setupError: HOSTILE,
      now: new Date(0),
    });
    assert.match(md, /namespace `` ns`\[x\]\(command:y\)` ``/, 'a namespace with backticks stays inside its code span');
    const outsideCode = md.replace(/`` ns`\[x\]\(command:y\)` ``/, '');
    assert.doesNotMatch(outsideCode, /(?<!\\)\]\((command|https?|file):/, 'every bracket before a target is escaped');
    assert.doesNotMatch(outsideCode, /(?<!\\)<script/);
  });
});

describe('untrusted input: bodies that would stall the extension host', () => {
  it('refuses JSON nested over 1,000 levels before parsing it, in one linear pass', async () => {
    const levels = 2_000_000;
    const body = `{"graph":${'['.repeat(levels)}${']'.repeat(levels)}}`;
    const started = performance.now();
    const fetch: typeof globalThis.fetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    const error = await new MarquezClient({ baseUrl: 'http://marquez.example:5000', fetch }).lineage('job:ns:j').then(
      () => assert.fail('expected a refusal'),
      (e: unknown) => e as EndpointError,
    );
    const ms = performance.now() - started;
    assert.equal(error.kind, 'invalid-response');
    assert.match(error.message, /nested more than 1,000 levels deep/);
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  });

  it('counts nesting outside strings only', () => {
    assert.equal(jsonDepthExceeds('{"a":"[[[[[[[[[[\\"[[[["}', 3), false);
    assert.equal(jsonDepthExceeds('[[[[]]]]', 3), true);
    assert.equal(jsonDepthExceeds('[[[]]]', 3), false);
  });
});
