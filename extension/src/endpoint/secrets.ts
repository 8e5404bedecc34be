/**
 * API keys of lineage endpoints, kept only in VS Code's SecretStorage (the OS keychain), one per endpoint
 * origin: never in settings, where they would be synced, shared or committed. Keying by origin means a key
 * is only ever read for requests to the origin it was entered for.
 */
import type * as vscode from 'vscode';
import { sessionKeyFor } from './local-session';

const KEY_PREFIX = 'lineageLens.apiKey:';

/** The canonical origin of a URL (`https://host` without the default port, lower-case host). */
export function originOf(url: string): string {
  return new URL(url).origin;
}

/** API keys by endpoint origin. */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private static key(origin: string): string {
    return `${KEY_PREFIX}${originOf(origin)}`;
  }

  get(origin: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(ApiKeyStore.key(origin)));
  }

  async set(origin: string, apiKey: string): Promise<void> {
    await this.secrets.store(ApiKeyStore.key(origin), apiKey);
  }

  /** Removes the key; resolves to whether there was one. */
  async delete(origin: string): Promise<boolean> {
    const existed = (await this.get(origin)) !== undefined;
    await this.secrets.delete(ApiKeyStore.key(origin));
    return existed;
  }

  /**
   * The key requests to `origin` carry: the local endpoint's session key for its own origin while it runs
   * (memory only, see ./local-session.ts), else the key stored for the origin. `get` answers for the stored
   * key alone (what the user set; what pipelines would need).
   */
  forRequests(origin: string): Promise<string | undefined> {
    const session = sessionKeyFor(origin);
    return session !== undefined ? Promise.resolve(session) : this.get(origin);
  }

  /** A reader for the client: the key is read when each request goes out, so a new key applies at once. */
  reader(origin: string): () => Promise<string | undefined> {
    return () => this.forRequests(origin);
  }
}

/** Checks an API key typed or passed in; undefined when it is fine. */
export function validateApiKey(value: string): string | undefined {
  if (value.trim() === '') return 'Enter the API key (it is sent as "Authorization: Bearer <key>").';
  if (/[\s\p{Cc}]/u.test(value.trim())) return 'An API key has no spaces, line breaks or control characters: paste only the key.';
  return undefined;
}
