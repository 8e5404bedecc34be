/**
 * Seed files of every family the language service recognises, and the mutations the fuzz surfaces apply to
 * them (byte flips, truncation, duplicated and shuffled lines, unbalanced quotes and brackets, deep nesting,
 * long lines, every Unicode whitespace and line separator, BOM, NUL, invalid UTF-8 decoded with U+FFFD, CRLF
 * and CR, Markdown command links planted in keys, values and names). Shared by the `service` and `cli` surfaces. Seeds are the repository's own fixtures and
 * test/fuzz/seeds/service/, never third-party files.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Rng } from './types';

const ROOT = resolve(__dirname, '..', '..');
/** Inputs are cut here: a little over the service's 2,000,000-character budget, so that path is fuzzed too. */
export const MAX_INPUT_CHARS = 2_500_000;

// ---------------------------------------------------------------------------------------------------------
// Seeds: one or more files per family, from the repository's own fixtures and test/fuzz/seeds/service/.

export interface Seed {
  readonly family: string;
  /** The URI the mutated text is opened as (its name decides what the service thinks it is). */
  readonly uri: string;
  readonly languageId: string;
  readonly path: string;
}

export const SEEDS: readonly Seed[] = [
  {
    family: 'spark-conf',
    uri: 'file:///w/conf/spark-defaults.conf',
    languageId: 'spark-conf',
    path: 'test/fixtures/workspace/spark-defaults.conf',
  },
  { family: 'spark-submit', uri: 'file:///w/submit.sh', languageId: 'shellscript', path: 'test/fuzz/seeds/service/submit.sh' },
  { family: 'pyspark', uri: 'file:///w/jobs/job.py', languageId: 'python', path: 'test/fuzz/seeds/service/job.py' },
  {
    family: 'databricks-init',
    uri: 'file:///w/databricks/open-lineage-init-script.sh',
    languageId: 'shellscript',
    path: 'test/fixtures/setup/databricks-init-script/partial/after/databricks/open-lineage-init-script.sh',
  },
  {
    family: 'databricks-conf',
    uri: 'file:///w/databricks/cluster-spark-conf.conf',
    languageId: 'plaintext',
    path: 'test/fixtures/setup/databricks-init-script/partial/after/databricks/cluster-spark-conf.conf',
  },
  {
    family: 'driver-conf',
    uri: 'file:///w/databricks/driver.conf',
    languageId: 'plaintext',
    path: 'test/fuzz/seeds/service/driver-conf.conf',
  },
  { family: 'airflow-cfg', uri: 'file:///w/airflow.cfg', languageId: 'ini', path: 'test/fixtures/workspace/airflow/airflow.cfg' },
  { family: 'env', uri: 'file:///w/.env', languageId: 'dotenv', path: 'examples/astro-project/.env' },
  {
    family: 'dockerfile',
    uri: 'file:///w/Dockerfile',
    languageId: 'dockerfile',
    path: 'test/fixtures/setup/airflow-provider-astro/apikey/after/Dockerfile',
  },
  { family: 'compose', uri: 'file:///w/docker-compose.yml', languageId: 'yaml', path: 'test/fuzz/seeds/service/docker-compose.yml' },
  {
    family: 'requirements',
    uri: 'file:///w/requirements.txt',
    languageId: 'pip-requirements',
    path: 'test/fixtures/setup/airflow-provider-astro/partial/after/requirements.txt',
  },
  { family: 'pyproject', uri: 'file:///w/pyproject.toml', languageId: 'toml', path: 'test/fuzz/seeds/service/pyproject.toml' },
  {
    family: 'openlineage-yml',
    uri: 'file:///w/openlineage.yml',
    languageId: 'yaml',
    path: 'test/fixtures/workspace/openlineage/openlineage.yml',
  },
  {
    family: 'gx-config',
    uri: 'file:///w/great_expectations/great_expectations.yml',
    languageId: 'yaml',
    path: 'test/fixtures/workspace/great_expectations/great_expectations.yml',
  },
  {
    family: 'gx-checkpoint',
    uri: 'file:///w/great_expectations/checkpoints/orders.yml',
    languageId: 'yaml',
    path: 'test/fixtures/workspace/great_expectations/checkpoints/broken_checkpoint.yml',
  },
  { family: 'dbt-ol', uri: 'file:///w/scripts/run-dbt.sh', languageId: 'shellscript', path: 'test/fuzz/seeds/service/run-dbt.sh' },
  { family: 'dbt-dag', uri: 'file:///w/dags/dbt_dag.py', languageId: 'python', path: 'test/fuzz/seeds/service/dbt_dag.py' },
  { family: 'sql-dag', uri: 'file:///w/dags/sql_dag.py', languageId: 'python', path: 'test/fuzz/seeds/service/sql_dag.py' },
  { family: 'dag', uri: 'file:///w/dags/orders_lineage.py', languageId: 'python', path: 'test/fixtures/workspace/dags/orders_lineage.py' },
  {
    family: 'dag-pipeline',
    uri: 'file:///w/dags/orders_pipeline.py',
    languageId: 'python',
    path: 'test/fixtures/workspace/dags/orders_pipeline.py',
  },
  {
    family: 'openmetadata',
    uri: 'file:///w/openmetadata/airflow.cfg',
    languageId: 'ini',
    path: 'test/fixtures/workspace/openmetadata/airflow.cfg',
  },
  { family: 'broken-chain', uri: 'file:///w/jobs/broken.py', languageId: 'python', path: 'test/fuzz/seeds/service/broken-chain.py' },
  { family: 'init-pip', uri: 'file:///w/databricks/init.sh', languageId: 'shellscript', path: 'test/fuzz/seeds/service/init-pip.sh' },
  {
    family: 'notebook',
    uri: 'file:///w/notebooks/orders_job.ipynb',
    languageId: 'json',
    path: 'test/fixtures/workspace/notebooks/orders_job.ipynb',
  },
  { family: 'scala', uri: 'file:///w/src/main/scala/Job.scala', languageId: 'scala', path: 'test/fuzz/seeds/service/Job.scala' },
  { family: 'java', uri: 'file:///w/src/main/java/Job.java', languageId: 'java', path: 'test/fuzz/seeds/service/Job.java' },
  {
    family: 'start-script',
    uri: 'file:///w/scripts/start-airflow.sh',
    languageId: 'shellscript',
    path: 'test/fuzz/seeds/service/start-airflow.sh',
  },
  { family: 'helm-values', uri: 'file:///w/chart/values.yaml', languageId: 'yaml', path: 'test/fuzz/seeds/service/values.yaml' },
];

const SPACES = [
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\f',
  '\v',
  '\ufeff',
  '\0',
  '\r',
  '\r\n',
  '\t',
];
const BRACKETS = ['(', ')', '[', ']', '{', '}', '"', "'", '"""', '`', '${', '{{', '}}', '\\', '#', ':', '=', ',', '- ', '<<EOF', '$('];

/** Markdown links a hover must never render as links, as a value, key or name could hold them. */
const LINKS = [
  '[x](command:workbench.action.quit)',
  '`[x](command:workbench.action.quit)',
  '``[x](command:workbench.action.quit)`',
  '<command:workbench.action.quit>',
  '[x](command:workbench.action.quit "t")',
  '![i](command:workbench.action.quit)',
  '[x]: command:workbench.action.quit',
];

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const int = (rng: Rng, n: number): number => Math.floor(rng() * n);

/** One mutation of `text`; returns the new text and the mutation's name. */
export function mutate(rng: Rng, text: string): [string, string] {
  const lines = text.split('\n');
  const at = int(rng, text.length + 1);
  switch (int(rng, 15)) {
    case 0: {
      // Byte flips, decoded as an editor decodes invalid UTF-8 (U+FFFD).
      const bytes = Buffer.from(text, 'utf8');
      for (let k = 1 + int(rng, 8); k > 0 && bytes.length; k--) bytes[int(rng, bytes.length)]! ^= 1 << int(rng, 8);
      return [new TextDecoder('utf-8').decode(bytes), 'byte-flip'];
    }
    case 1:
      return [text.slice(0, at), 'truncate'];
    case 2: {
      const i = int(rng, lines.length);
      const copies = Math.max(
        1,
        Math.min(1 + int(rng, rng() < 0.2 ? 2000 : 5), Math.floor(MAX_INPUT_CHARS / ((lines[i]?.length ?? 0) + 1))),
      );
      return [[...lines.slice(0, i), ...Array<string>(copies).fill(lines[i] ?? ''), ...lines.slice(i)].join('\n'), 'duplicate-lines'];
    }
    case 3: {
      const shuffled = [...lines];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = int(rng, i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      return [shuffled.join('\n'), 'shuffle-lines'];
    }
    case 4: {
      let t = text;
      for (let k = 1 + int(rng, 6); k > 0; k--) {
        const p = int(rng, t.length + 1);
        t = t.slice(0, p) + pick(rng, BRACKETS) + t.slice(p);
      }
      return [t, 'unbalanced'];
    }
    case 5: {
      const depth = 50 + int(rng, 3000);
      const [open, close] = pick(rng, [
        ['(', ')'],
        ['[', ']'],
        ['{', '}'],
        ['{"a": ', '}'],
        ['- ', ''],
        ['  ', ''],
      ] as const);
      const nest = open.repeat(depth) + (rng() < 0.5 ? close.repeat(depth) : '');
      return [text.slice(0, at) + nest + text.slice(at), 'deep-nesting'];
    }
    case 6: {
      const unit = pick(rng, [' ', 'a', '\\', ',', '/', '#', '{', '$', ' ,', '"', 'spark.', '\t', '=', '.']);
      const n = pick(rng, [1000, 20_000, 99_000, 150_000]);
      return [text.slice(0, at) + unit.repeat(n) + text.slice(at), 'long-line'];
    }
    case 7: {
      // Every kind of whitespace and line separator, in place of ordinary ones or sprinkled in.
      const ws = pick(rng, SPACES);
      if (rng() < 0.5)
        return [text.replace(rng() < 0.5 ? / /g : /\n/g, () => (rng() < 0.3 ? ws : rng() < 0.5 ? ' ' : '\n')), 'unicode-space-replace'];
      let t = text;
      for (let k = 1 + int(rng, 20); k > 0; k--) {
        const p = int(rng, t.length + 1);
        t = t.slice(0, p) + ws + t.slice(p);
      }
      return [t, 'unicode-space-insert'];
    }
    case 8:
      return [`\ufeff${text}`, 'bom'];
    case 9:
      return [text.replace(/\r?\n/g, pick(rng, ['\r\n', '\r', '\u2028', '\n\r'])), 'line-ends'];
    case 10: {
      const run = pick(rng, [' ', '\n', '\r\n', '\t', '\u00a0']).repeat(pick(rng, [5000, 50_000, 200_000]));
      return [text.slice(0, at) + run + text.slice(at), 'blank-run'];
    }
    case 11: {
      const other = readSeed(pick(rng, SEEDS));
      return [text.slice(0, at) + other.slice(int(rng, other.length)), 'splice'];
    }
    case 12:
      return [text.slice(0, at) + '\0'.repeat(1 + int(rng, 10)) + text.slice(at), 'nul'];
    case 13: {
      // Markdown links (to a command) planted into keys, values and names: hovers must quote them inertly.
      let t = text;
      for (let k = 1 + int(rng, 4); k > 0; k--) {
        const link = pick(rng, LINKS);
        // After a separator or quote most of the time, so the link lands in a key, a value or a name.
        const spots = [...t.matchAll(/[=:"'(/.\s]/g)].map((m) => m.index + 1);
        const p = spots.length && rng() < 0.8 ? pick(rng, spots) : int(rng, t.length + 1);
        t = t.slice(0, p) + link + t.slice(p);
      }
      return [t, 'markdown-link'];
    }
    default: {
      // A random line duplicated with one character changed (typos of keys: "did you mean").
      const i = int(rng, lines.length);
      const line = lines[i] ?? '';
      const p = int(rng, line.length + 1);
      const typo = line.slice(0, p) + pick(rng, ['x', '', '_', '.', 'Q']) + line.slice(p + 1);
      return [
        [
          ...lines.slice(0, i + 1),
          ...Array<string>(
            Math.max(1, Math.min(1 + int(rng, rng() < 0.2 ? 3000 : 3), Math.floor(MAX_INPUT_CHARS / (typo.length + 1)))),
          ).fill(typo),
          ...lines.slice(i + 1),
        ].join('\n'),
        'typos',
      ];
    }
  }
}

const seedTexts = new Map<string, string>();
export function readSeed(seed: Seed): string {
  let text = seedTexts.get(seed.path);
  if (text === undefined) seedTexts.set(seed.path, (text = readFileSync(join(ROOT, seed.path), 'utf8')));
  return text;
}
