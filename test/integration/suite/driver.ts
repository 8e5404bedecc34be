/**
 * The suite's side of the driver (test/integration/driver.mjs): asks the script that drives the workbench in
 * Chromium to click an element of a webview, as a user would, and waits for it to be done. Only under
 * code-server (test/integration/run.mjs); under @vscode/test-electron there is no driver and
 * {@link driverAvailable} is false.
 */
import { existsSync, readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Environment variable naming the driver's folder (as in driver.mjs). */
const DRIVER_ENV = 'LINEAGE_LENS_TEST_DRIVER';

let sequence = 0;

/** Whether a driver serves this run. */
export function driverAvailable(): boolean {
  const dir = process.env[DRIVER_ENV];
  return dir !== undefined && dir !== '' && existsSync(dir);
}

/** Clicks the first visible element matching `selector` in whichever webview (frame) shows one. */
export function driverClick(selector: string, timeoutMs = 40_000): Promise<void> {
  const dir = process.env[DRIVER_ENV];
  if (!dir) return Promise.reject(new Error(`${DRIVER_ENV} is not set: no driver serves this run`));
  const id = `${process.pid}-${++sequence}`;
  const responsePath = join(dir, `${id}.response.json`);
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (!existsSync(responsePath)) return;
      try {
        const response = JSON.parse(readFileSync(responsePath, 'utf8')) as { ok: boolean; error?: string };
        finish(response.ok ? undefined : new Error(`the driver could not click ${selector}: ${response.error ?? 'no reason given'}`));
      } catch (err) {
        finish(err instanceof Error ? err : new Error(String(err)));
      }
    };
    const watcher = watch(dir, (_event, name) => {
      if (name === `${id}.response.json`) check();
    });
    const timer = setTimeout(() => finish(new Error(`the driver did not answer a click on ${selector} within ${timeoutMs} ms`)), timeoutMs);
    const requestPath = join(dir, `${id}.request.json`);
    writeFileSync(`${requestPath}.tmp`, JSON.stringify({ action: 'click', selector }));
    renameSync(`${requestPath}.tmp`, requestPath);
    check();
  });
}
