import { airflow3 } from './airflow3';
import { apiEndpoint } from './api-endpoint';
import { backendClass } from './backend-class';
import { callbackConfig } from './callback-config';
import { callbackImport } from './callback-import';
import { callbackSlot } from './callback-slot';
import { legacyAuth } from './legacy-auth';
import { literalJwt } from './literal-jwt';
import { maxStatus } from './max-status';
import { missingBackend } from './missing-backend';
import { onlyKeepDagLineage } from './only-keep-dag-lineage';
import type { OmRule } from './rule';
import { serviceName } from './service-name';
import { unknownKey } from './unknown-key';
import { verifySsl } from './verify-ssl';

/** Every OpenMetadata rule, in the order of the rules table. */
export const OPENMETADATA_RULES: readonly OmRule[] = [
  backendClass,
  airflow3,
  missingBackend,
  serviceName,
  apiEndpoint,
  onlyKeepDagLineage,
  verifySsl,
  maxStatus,
  legacyAuth,
  literalJwt,
  unknownKey,
  callbackImport,
  callbackSlot,
  callbackConfig,
];
