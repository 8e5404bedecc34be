// Driving the VS Code workbench (code-server in Chromium, through playwright-core) the way a user does: the
// command palette, side bar views, webviews. Shared by the demo's screenshot mode and scripts/screenshots.mjs.
/** Runs a command from the palette by its title (as the palette lists it, without the category). */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/** Waits until a Lineage Lens webview in the page has drawn a graph (or a notice), in whichever frame it is. */
export async function waitForWebview(page, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const drawn = await frame
        .locator('.ll-root[data-state="graph"], .ll-root[data-state="empty"]')
        .count()
        .catch(() => 0);
      if (drawn > 0) {
        // The graph is laid out in a worker: wait for its first frame to be drawn.
        // (The function runs in the page, where `window` and `document` exist.)
        await frame.waitForFunction(
          '(window.__lineageLens?.stats?.().generation ?? 0) > 0 || document.querySelector(\'.ll-root[data-state="empty"]\') !== null',
          undefined,
          { timeout: 30_000 },
        );
        return;
      }
    }
    if (Date.now() > deadline) throw new Error(`no lineage webview drew anything within ${timeoutMs / 1000} s`);
    await page.waitForEvent('framenavigated', { timeout: 2_000 }).catch(() => {});
  }
}

/** Drags the side bar's edge so that it is `width` pixels wide. */
export async function resizeSidebar(page, width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || !Number.isFinite(width)) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
}

/** Waits until a webview (in whichever frame) shows `text`, e.g. a Markdown preview's heading. */
export async function waitForWebviewText(page, text, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const found = await frame
        .getByText(text, { exact: false })
        .count()
        .catch(() => 0);
      if (found > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview showed "${text}" within ${timeoutMs / 1000} s`);
    await page.waitForEvent('framenavigated', { timeout: 2_000 }).catch(() => {});
  }
}
