import type { Finding, Severity } from '../../rules/rule';
import type { PyArg, PyString } from '../model';
import { assetArgs, generation, label, type AssetXlet, type Generation } from '../assets';
import type { DagRule } from './rule';
import { hostOf, looksLikeUri, splitUri } from '../uri';
import { airflowFact, airflowOptionValue } from '../versions';
import { literal, onceReporter, subRange, uniqueXlets } from '../xlets';

const MAX_2 = 3000;
const MAX_3 = 1500;

/**
 * The URI (and, on Airflow 3, name) rules of Airflow Datasets/Assets
 * (docs/upstream/airflow.md#dataset-and-asset-uris): empty or whitespace-only values, the reserved `airflow` scheme,
 * the length limits (3000 on 2.x, 1500 on 3.x), ASCII (2.x; 3.x only on a MySQL metadata database), the reserved
 * names `self` and `context` (3.x), and user info, which Airflow drops with a warning. Verdicts that depend on the
 * version name it, or say it is unknown.
 */
export const assetUri: DagRule = {
  id: 'dags/asset-uri',
  defaultSeverity: 'error',
  summary:
    'Dataset/Asset URIs and names Airflow rejects or rewrites: empty, reserved `airflow` scheme, too long for the Airflow version (3000 / 1500), non-ASCII on 2.x, names `self`/`context` on 3.x, user info dropped.',
  check(ctx) {
    const report = onceReporter(ctx);
    const airflow = airflowFact(ctx.project);
    const mysql = /^\s*mysql/i.test(
      airflowOptionValue(ctx.project, 'database', 'sql_alchemy_conn') ?? airflowOptionValue(ctx.project, 'core', 'sql_alchemy_conn') ?? '',
    );
    for (const x of uniqueXlets(ctx.file)) {
      if (x.kind !== 'asset') continue;
      const gen = generation(x, airflow);
      const { name, uri } = assetArgs(x, gen);
      const isAlias = /Alias$/.test(x.className);
      if (uri) checkUri(report, x, gen, uri, mysql);
      if (name && name !== uri) checkIdentifier(report, x, gen, name, 'name', mysql);
      if (name && (gen.major === 3 || gen.major === undefined) && !isAlias) checkReservedName(report, gen, name);
    }
  },
};

type Report = (f: Finding) => void;

/** Checks shared by names and URIs: empty, whitespace only, length, ASCII. Returns false when the value is unusable. */
function checkIdentifier(
  report: Report,
  x: AssetXlet,
  gen: Generation,
  arg: PyArg,
  what: 'name' | 'URI',
  mysql: boolean,
): PyString | undefined {
  const s = literal(arg);
  if (!s) return undefined;
  const v = s.value;
  if (v === '') {
    report({
      range: arg.valueRange,
      message: `This ${label(x)} ${what} is empty, which Airflow rejects with ValueError when the DAG is parsed. Give it a ${what === 'URI' ? 'URI such as `s3://bucket/key`' : 'name'}.`,
    });
    return undefined;
  }
  if (v.trim() === '') {
    report({
      range: s.range,
      message: `This ${label(x)} ${what} is only whitespace, which Airflow rejects with ValueError when the DAG is parsed. Give it a real ${what}.`,
    });
    return undefined;
  }
  const length = [...v].length;
  if (length > MAX_2) {
    report({
      range: s.range,
      message: `This ${label(x)} ${what} is ${length} characters long; Airflow allows at most ${MAX_2} on 2.x and ${MAX_3} on 3.x and raises ValueError otherwise. Shorten it.`,
    });
  } else if (length > MAX_3) {
    const sev = byGeneration(gen, 3);
    if (sev) {
      report({
        range: s.range,
        severity: sev,
        message:
          gen.major === 3
            ? `This ${label(x)} ${what} is ${length} characters long; Airflow 3 allows at most ${MAX_3} and raises ValueError when the DAG is parsed (the verdict rests on ${gen.text}). Shorten it.`
            : `This ${label(x)} ${what} is ${length} characters long: Airflow 2 accepts up to ${MAX_2}, but Airflow 3 allows at most ${MAX_3} and raises ValueError. Whether this DAG loads depends on ${gen.text}; shorten it to be safe.`,
      });
    }
  }
  const nonAscii = firstNonAscii(v);
  if (nonAscii) {
    const at = nonAscii.index;
    const range = subRange(s, at, at + nonAscii[0].length);
    if (gen.major === 2) {
      report({
        range,
        severity: gen.verified ? 'error' : 'warning',
        message: `\`${nonAscii[0]}\` is not ASCII: Airflow 2 accepts only ASCII ${what}s and raises ValueError when the DAG is parsed (the verdict rests on ${gen.text}). Percent-encode or replace it.`,
      });
    } else if (gen.major === undefined) {
      report({
        range,
        severity: 'warning',
        message: `\`${nonAscii[0]}\` is not ASCII: Airflow 2 rejects non-ASCII ${what}s (ValueError), and Airflow 3 does on a MySQL metadata database. The verdict depends on ${gen.text}; percent-encode or replace it to be safe.`,
      });
    } else if (mysql) {
      report({
        range,
        severity: gen.verified ? 'error' : 'warning',
        message: `\`${nonAscii[0]}\` is not ASCII: on a MySQL metadata database (sql_alchemy_conn in this workspace) Airflow 3 accepts only ASCII ${what}s and raises ValueError (the verdict rests on ${gen.text}). Percent-encode or replace it.`,
      });
    }
  }
  return s;
}

function checkUri(report: Report, x: AssetXlet, gen: Generation, arg: PyArg, mysql: boolean): void {
  const s = checkIdentifier(report, x, gen, arg, 'URI', mysql);
  if (!s) return;
  const u = splitUri(s.value);
  if (!looksLikeUri(u) || !u.scheme) return;
  if (u.scheme === 'airflow') {
    report({
      range: subRange(s, u.schemeStart, u.schemeStart + u.schemeWritten.length),
      message: `The URI scheme \`airflow\` is reserved: Airflow raises ValueError when the DAG is parsed. Use your own scheme, or \`x-<name>://\` for a private one.`,
    });
    return;
  }
  if (u.scheme.startsWith('x-')) return;
  checkUserInfo(report, x, gen, s, u.netloc, u.netlocStart);
}

function checkUserInfo(report: Report, x: AssetXlet, gen: Generation, s: PyString, netloc: string, netlocStart: number): void {
  const at = netloc.lastIndexOf('@');
  if (at < 0) return;
  const userinfo = netloc.slice(0, at);
  const hasPassword = userinfo.includes(':');
  const range = subRange(s, netlocStart, netlocStart + at + 1);
  const scheme = splitUri(s.value).scheme;
  if (scheme === 'wasbs') {
    // `container@account...` is the provider's own shape; Airflow 2 drops the container with the "user info".
    if (gen.major === 3 && !hasPassword) return;
    report({
      range,
      severity: gen.major === 2 ? 'warning' : 'information',
      message: `Airflow 2 treats \`${userinfo}@\` as user info and drops it, so this wasbs URI loses its container and becomes \`wasbs://${hostOf(netloc)}...\`; Airflow 3 keeps it (only a password is dropped). The verdict rests on ${gen.text}. On Airflow 2, upgrade to Airflow 3 for wasbs assets, or use a URI without \`@\` (an \`x-\` scheme is kept as written, but the OpenLineage provider does not convert it).`,
    });
    return;
  }
  if (gen.major === 3 && !hasPassword) return;
  const fix = { title: `Remove "${userinfo}@" from the URI`, edits: [{ range, newText: '' }], preferred: true };
  if (gen.major === undefined && !hasPassword) {
    report({
      range,
      severity: 'information',
      message: `Airflow 2 drops user info (\`${userinfo}@\`) from Dataset URIs with a warning; Airflow 3 keeps a bare user name. Which applies depends on ${gen.text}. Leave credentials out of URIs (they belong in an Airflow connection).`,
      fixes: s.exact ? [fix] : [],
    });
    return;
  }
  report({
    range,
    severity: 'warning',
    message: `Airflow drops ${hasPassword ? 'the user name and password' : 'the user info'} (\`${hasPassword ? `${userinfo.slice(0, userinfo.indexOf(':'))}:…` : userinfo}@\`) from ${label(x)} URIs with a warning, so the URI Airflow stores differs from the one written. Remove it: credentials belong in an Airflow connection, not in a URI.`,
    fixes: s.exact ? [fix] : [],
  });
}

function checkReservedName(report: Report, gen: Generation, arg: PyArg): void {
  const s = literal(arg);
  if (!s || (s.value !== 'self' && s.value !== 'context')) return;
  const sev = byGeneration(gen, 3);
  if (!sev) return;
  report({
    range: s.range,
    severity: sev,
    message:
      gen.major === 3
        ? `\`${s.value}\` is a reserved Asset name on Airflow 3 (\`self\` and \`context\` are prohibited): Airflow raises ValueError when the DAG is parsed (the verdict rests on ${gen.text}). Choose another name.`
        : `\`${s.value}\` is a reserved Asset name on Airflow 3 (\`self\` and \`context\` are prohibited, ValueError); Airflow 2 accepts it. Whether this DAG loads depends on ${gen.text}; choose another name to be safe.`,
  });
}

/** Severity of a rule that holds on Airflow `major` only: error/warning by verification, information when unknown. */
function byGeneration(gen: Generation, major: 2 | 3): Severity | undefined {
  if (gen.major === undefined) return 'information';
  if (gen.major !== major) return undefined;
  return gen.verified ? 'error' : 'warning';
}

/** The first non-ASCII character (a whole code point) and its UTF-16 index. */
function firstNonAscii(v: string): { index: number; 0: string } | undefined {
  for (let i = 0; i < v.length; i++) {
    if (v.charCodeAt(i) > 0x7f) return { index: i, 0: String.fromCodePoint(v.codePointAt(i)!) };
  }
  return undefined;
}
