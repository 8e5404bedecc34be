import { configPathTarget } from './config-path-target';
import { deprecatedOption } from './deprecated-option';
import { disabled } from './disabled';
import { duplicateOption } from './duplicate-option';
import { dynamicEnvKey } from './dynamic-env-key';
import { emissionPolicy } from './emission-policy';
import { envName } from './env-name';
import { envValue } from './env-value';
import { legacyPackage } from './legacy-package';
import { lineageBackend } from './lineage-backend';
import { listSeparator } from './list-separator';
import { literalSecret } from './literal-secret';
import { missingPackage } from './missing-package';
import { nothingConfigured } from './nothing-configured';
import { openlineageConnection } from './openlineage-connection';
import { optionType } from './option-type';
import { optionVersion } from './option-version';
import { packagesTxt } from './packages-txt';
import type { AirflowRule } from './rule';
import { sectionName } from './section-name';
import { syntax } from './syntax';
import { transportJson } from './transport-json';
import { transportKey } from './transport-key';
import { transportRequired } from './transport-required';
import { transportType } from './transport-type';
import { transportValue } from './transport-value';
import { unknownOption } from './unknown-option';
import { url } from './url';

/** Every Airflow / Astro rule, in the order their findings are listed. */
export const AIRFLOW_RULES: readonly AirflowRule[] = [
  syntax,
  sectionName,
  unknownOption,
  optionType,
  listSeparator,
  transportJson,
  transportType,
  transportRequired,
  transportKey,
  transportValue,
  emissionPolicy,
  optionVersion,
  deprecatedOption,
  disabled,
  nothingConfigured,
  configPathTarget,
  lineageBackend,
  legacyPackage,
  missingPackage,
  packagesTxt,
  openlineageConnection,
  url,
  envValue,
  envName,
  dynamicEnvKey,
  literalSecret,
  duplicateOption,
];
