// What a user's hands do, on behalf of the integration suite: the suite runs inside the extension host and
// cannot reach into a webview (a click on a webview's button is the webview's own code posting a message), so
// it asks the driver, which has the workbench page open in Chromium, to click for it.
//
// The channel is a folder (LINEAGE_LENS_TEST_DRIVER, passed to the extension host through code-server's
// environment): the suite writes `<id>.request.json` (atomically), the driver performs it and writes
// `<id>.response.json` ({ ok: true } or { ok: false, error }). Requests:
//   { action: 'click', selector }  clicks the first element matching `selector` in whichever frame of the
//                                  page has one (webviews are nested iframes), waiting up to 30 s for it.
// See test/integration/suite/driver.ts for the suite's side. Under @vscode/test-electron there is no driver:
// the tests that need one are skipped there.
import { existsSync, readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DRIVER_ENV = 'LINEAGE_LENS_TEST_DRIVER';

const WAIT_MS = 30_000;

/** Serves the requests written to `dir` on `page` until the returned `close()` is called. */
export function serveDriverRequests(dir, page, log = () => {}) {
  const done = new Set();
  let queue = Promise.resolve();
  const answer = (id, response) => {
    const path = join(dir, `${id}.response.json`);
    writeFileSync(`${path}.tmp`, JSON.stringify(response));
    renameSync(`${path}.tmp`, path);
  };
  const handle = (name) => {
    const match = /^(.+)\.request\.json$/.exec(name ?? '');
    if (!match || done.has(match[1]) || !existsSync(join(dir, name))) return;
    const id = match[1];
    done.add(id);
    // One at a time, in the order written: a user does one thing after the other.
    queue = queue.then(async () => {
      try {
        const request = JSON.parse(readFileSync(join(dir, name), 'utf8'));
        log(`driver: ${request.action} ${request.selector ?? ''}`);
        if (request.action === 'click') await click(page, request.selector);
        else throw new Error(`unknown driver action ${JSON.stringify(request.action)}`);
        answer(id, { ok: true });
      } catch (err) {
        answer(id, { ok: false, error: err?.message ?? String(err) });
      }
    });
  };
  const watcher = watch(dir, (_event, name) => handle(name));
  return { close: () => watcher.close() };
}

/**
 * Clicks the first visible element matching `selector` in any frame of the page, once one shows it: waits on
 * every frame at once, and looks again when a frame is attached (a webview loading).
 */
async function click(page, selector) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`no frame of the workbench shows ${selector} after ${WAIT_MS / 1000} s`);
    const frame = await Promise.any([
      ...page.frames().map((f) =>
        f
          .locator(selector)
          .first()
          .waitFor({ state: 'visible', timeout: remaining })
          .then(() => f),
      ),
      page.waitForEvent('frameattached', { timeout: remaining }).then(() => undefined),
    ]).catch(() => undefined);
    if (frame) {
      await frame.locator(selector).first().click({ timeout: WAIT_MS });
      return;
    }
  }
}
