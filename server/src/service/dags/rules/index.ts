import { airflow1Lineage } from './airflow1-lineage';
import { assetImport } from './asset-import';
import { assetProviderUri } from './asset-provider-uri';
import { assetUri } from './asset-uri';
import { assetUriNormalization } from './asset-uri-normalization';
import { fileUrlScheme } from './file-url-scheme';
import { lineageEntitiesAirflow3 } from './lineage-entities-airflow3';
import { lineageEntity } from './lineage-entity';
import { olDataset } from './ol-dataset';
import { omEntity } from './om-entity';
import { omFqn } from './om-fqn';
import { omGroupKey } from './om-group-key';
import { omLegacyDict } from './om-legacy-dict';
import type { DagRule } from './rule';
import { sqlUnparsable } from './sql-unparsable';

export type { DagRule, DagRuleContext } from './rule';

/** Every DAG-file rule, in the order of the rules table. */
export const DAG_RULES: readonly DagRule[] = [
  assetUri,
  assetProviderUri,
  assetUriNormalization,
  assetImport,
  lineageEntity,
  fileUrlScheme,
  lineageEntitiesAirflow3,
  airflow1Lineage,
  olDataset,
  omEntity,
  omFqn,
  omGroupKey,
  omLegacyDict,
  sqlUnparsable,
];
