/**
 * The local endpoint the extension runs ("Start Local Lineage Endpoint") while it runs, and its per-session
 * read key. No `vscode` import, so it is unit-tested in plain Node.
 *
 * The key is made fresh for every start (32 random bytes), handed to the child process over its IPC channel
 * (never in argv, where `ps` shows it to every user of the machine, nor in its environment), and held here in
 * memory only: never written to settings or SecretStorage. It goes out only with requests to the local
 * endpoint's own origin: {@link sessionKeyFor} answers for that origin and nothing else. With it the
 * endpoint's read API (GET /api/v1/…) is closed to other programs and web pages on the machine, while
 * pipelines keep posting events (POST /api/v1/lineage) without a key.
 */
import { randomBytes } from 'node:crypto';

/** A fresh read key for one session of the local endpoint. */
export function newSessionKey(): string {
  return randomBytes(32).toString('base64url');
}

let current: { url: string; origin: string; key: string | undefined } | undefined;

/**
 * Records the local endpoint's URL and read key while it runs (undefined once stopped). With no endpoint set
 * in the settings, it is the endpoint.
 */
export function setLocalSession(url: string | undefined, key?: string): void {
  current = url === undefined ? undefined : { url, origin: new URL(url).origin, key };
}

/** The running local endpoint's URL and origin, if one runs. */
export function localSession(): { url: string; origin: string } | undefined {
  return current && { url: current.url, origin: current.origin };
}

/** The session key for requests to `origin`: only the running local endpoint's own origin gets one. */
export function sessionKeyFor(origin: string): string | undefined {
  if (!current?.key) return undefined;
  let canonical: string;
  try {
    canonical = new URL(origin).origin;
  } catch {
    return undefined;
  }
  return canonical === current.origin ? current.key : undefined;
}
