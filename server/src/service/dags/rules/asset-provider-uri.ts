import type { Severity } from '../../rules/rule';
import { assetArgs, generation, label, type Generation } from '../assets';
import type { DagRule } from './rule';
import { checkShape, looksLikeUri, providerShape, splitUri } from '../uri';
import { airflowFact, airflowOptionTrue, declaredPackage } from '../versions';
import { literal, onceReporter, subRange, uniqueXlets } from '../xlets';

/**
 * Dataset/Asset URIs whose scheme a provider normalises (postgres, mysql, trino, bigquery, gs, s3, sftp,
 * wasbs) but that miss the provider's required shape (docs/upstream/airflow.md#provider-normalisers). The normaliser
 * runs only when the provider is installed: on Airflow 3 it raises at DAG parse time; on Airflow 2 it warns ("not
 * AIP-60 compliant"), or raises with `[core] strict_dataset_uri_validation`. Without the provider the asset is not
 * converted to an OpenLineage dataset either. Severity follows what is known; messages say what.
 */
export const assetProviderUri: DagRule = {
  id: 'dags/asset-provider-uri',
  defaultSeverity: 'error',
  summary:
    "Dataset/Asset URIs that miss their provider's required shape (postgres://host[:port]/database/schema/table, mysql, trino, bigquery, s3/gs bucket, sftp, wasbs); error only when the provider is installed and the Airflow version makes it fail.",
  check(ctx) {
    const report = onceReporter(ctx);
    const airflow = airflowFact(ctx.project);
    const strict = airflowOptionTrue(ctx.project, 'core', 'strict_dataset_uri_validation', 'strict_asset_uri_validation');
    for (const x of uniqueXlets(ctx.file)) {
      if (x.kind !== 'asset') continue;
      const gen = generation(x, airflow);
      const s = literal(assetArgs(x, gen).uri);
      if (!s || !s.value.trim()) continue;
      const u = splitUri(s.value);
      if (!looksLikeUri(u) || !u.scheme || u.scheme.startsWith('x-')) continue;
      const shape = providerShape(u.scheme);
      if (!shape) continue;
      const problem = checkShape(u);
      if (!problem) continue;
      const installed = declaredPackage(ctx.project, shape.provider);
      const { severity, consequence } = verdict(gen, installed, shape.provider, strict);
      report({
        range: subRange(s, problem.start, problem.end),
        severity,
        message: `This ${label(x)} URI ${problem.message}. Write it as \`${shape.shape}\`. ${consequence}`,
      });
    }
  },
};

function verdict(
  gen: Generation,
  installed: { how: string } | undefined,
  provider: string,
  strict: { where: string } | undefined,
): { severity: Severity; consequence: string } {
  if (gen.major === 2 && gen.minor !== undefined && gen.minor < 9) {
    return {
      severity: 'information',
      consequence: `This project runs ${gen.text}, which does not check Dataset URIs against provider shapes (provider URI normalisers came with Airflow 2.9); from 2.9 the provider warns, and Airflow 3 raises ValueError when the DAG is parsed.`,
    };
  }
  if (!installed) {
    return {
      severity: 'warning',
      consequence:
        `The check rests on ${provider} being installed, and the workspace does not declare it (Astro Runtime and the apache/airflow image may bundle it): ` +
        `with it, Airflow ${gen.major === 2 ? 'warns that the URI is not AIP-60 compliant' : gen.major === 3 ? 'raises ValueError when the DAG is parsed' : 'rejects the URI (a ValueError on Airflow 3, a warning on Airflow 2)'}; without it, the OpenLineage provider cannot turn this asset into a dataset.`,
    };
  }
  if (gen.major === 3) {
    return {
      severity: gen.verified ? 'error' : 'warning',
      consequence: `With ${installed.how}, the provider's normaliser raises ValueError when the DAG is parsed on Airflow 3, so the DAG does not load (the verdict rests on ${gen.text}).`,
    };
  }
  if (gen.major === 2) {
    if (strict) {
      return {
        severity: gen.verified ? 'error' : 'warning',
        consequence: `With ${installed.how} and strict URI validation on (${strict.where}), Airflow raises ValueError when the DAG is parsed (the verdict rests on ${gen.text}).`,
      };
    }
    return {
      severity: 'warning',
      consequence: `With ${installed.how}, Airflow 2 warns that the URI is not AIP-60 compliant, and the OpenLineage provider does not convert it; on Airflow 3 (or with [core] strict_dataset_uri_validation) it raises ValueError when the DAG is parsed. The verdict rests on ${gen.text}.`,
    };
  }
  return {
    severity: 'warning',
    consequence: `With ${installed.how}, Airflow 3 raises ValueError when the DAG is parsed and Airflow 2 warns that the URI is not AIP-60 compliant; which applies depends on ${gen.text}.`,
  };
}
