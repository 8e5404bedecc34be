/**
 * Dataset names of object stores and files as the provider's operators build them: `s3://bucket` + key (a full
 * `s3://` URL in a key argument split), `gs://bucket` + the GCS helper's name of a path (wildcards and
 * prefixes cut to their folder), and the `file://<local-ip>:port` namespace of the local side of SFTP/FTP.
 */
import type { Placeholder } from '../types';
import type { NamePart } from './args';

export const LOCAL_IP: Placeholder = {
  name: 'local-ip',
  why: "the provider resolves the worker's host name to an IP address when the task runs",
};

export function known(text: string): NamePart {
  return { text, placeholders: [], known: true };
}

/** A part made of others: `parts` joined by the template `strings` (a tagged-template-like join). */
export function join(...parts: readonly (NamePart | string)[]): NamePart {
  const placeholders: Placeholder[] = [];
  let text = '';
  let all = true;
  for (const p of parts) {
    if (typeof p === 'string') text += p;
    else {
      text += p.text;
      all &&= p.known;
      for (const h of p.placeholders) if (!placeholders.some((q) => q.name === h.name)) placeholders.push(h);
    }
  }
  return { text, placeholders, known: all };
}

export function mapText(p: NamePart, f: (text: string) => string): NamePart {
  return { ...p, text: f(p.text) };
}

/**
 * `S3Hook.get_s3_bucket_key`: the bucket argument and the key as given, or, without a bucket (or with a key
 * written as a full URL), the bucket and key of `s3://bucket/key` (the key's leading `/` dropped).
 */
export function s3BucketKey(bucket: NamePart | undefined, key: NamePart): { bucket: NamePart; key: NamePart } | undefined {
  const url = /^s3[an]?:\/\/([^/]*)\/?([\s\S]*)$/.exec(key.text);
  if (url) return { bucket: { ...key, text: url[1]! }, key: { ...key, text: url[2]! } };
  return bucket ? { bucket, key } : undefined;
}

/** `_parse_gcs_url`: bucket and blob of `gs://bucket/blob`. */
export function gcsUrl(url: NamePart): { bucket: NamePart; blob: NamePart } | undefined {
  const m = /^gs:\/\/([^/]*)\/?([\s\S]*)$/.exec(url.text);
  return m ? { bucket: { ...url, text: m[1]! }, blob: { ...url, text: m[2]! } } : undefined;
}

/**
 * `extract_ds_name_from_gcs_path`: the path cut at a wildcard `*`; a last segment without a file extension (and
 * no trailing `/`) is a prefix, dropped; slashes trimmed at both ends; nothing left is `/`.
 */
export function gcsDatasetName(path: string): string {
  let p = path.includes('*') ? path.slice(0, path.indexOf('*')) : path;
  if (!p.endsWith('/') && !hasSuffix(p)) {
    const cut = p.replace(/\/+$/, '').lastIndexOf('/');
    p = cut >= 0 ? p.slice(0, cut) : '';
  }
  p = p.replace(/^\/+|\/+$/g, '');
  return p === '' || p === '.' ? '/' : p;
}

/** Python's `PurePath(p).suffix` is not empty: the last segment has a dot after its first character, not last. */
function hasSuffix(path: string): boolean {
  const seg = path.slice(path.lastIndexOf('/') + 1);
  const dot = seg.lastIndexOf('.');
  return dot > 0 && dot < seg.length - 1;
}

/** A host as the provider resolves it with `socket.gethostbyname`: an IP stays, a name is a placeholder. */
export function resolvedHost(host: NamePart): NamePart {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host.text) || !host.known) return host;
  const name = `ip:${host.text}`;
  return {
    text: `<${name}>`,
    placeholders: [
      { name, why: `the provider resolves \`${host.text}\` to an IP address when the task runs (kept as written when it cannot)` },
    ],
    known: false,
  };
}
