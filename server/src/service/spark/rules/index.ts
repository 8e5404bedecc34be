import { apiKeySpelling } from './api-key-spelling';
import { artifact } from './artifact';
import { authType } from './auth-type';
import { brokenChain } from './broken-chain';
import { databricksInitScript } from './databricks-init-script';
import { databricksListener } from './databricks-listener';
import { duplicateKey } from './duplicate-key';
import { facetDisabledValue } from './facet-disabled-value';
import { ignoredJobKey } from './ignored-job-key';
import { keyVersion } from './key-version';
import { legacyKey } from './legacy-key';
import { listSyntax } from './list-syntax';
import { listenerClass } from './listener-class';
import { literalSecret } from './literal-secret';
import { missingListener } from './missing-listener';
import { pipPackage } from './pip-package';
import { removePathPattern } from './remove-path-pattern';
import type { SparkRule } from './rule';
import { syntax } from './syntax';
import { transportKeyMismatch } from './transport-key-mismatch';
import { transportRequired } from './transport-required';
import { transportType } from './transport-type';
import { unknownKey } from './unknown-key';
import { url } from './url';
import { valueType } from './value-type';

/** Every Spark rule, in the order their findings are listed. */
export const SPARK_RULES: readonly SparkRule[] = [
  syntax,
  brokenChain,
  legacyKey,
  unknownKey,
  ignoredJobKey,
  apiKeySpelling,
  listenerClass,
  missingListener,
  databricksListener,
  databricksInitScript,
  pipPackage,
  artifact,
  transportType,
  transportRequired,
  transportKeyMismatch,
  authType,
  url,
  valueType,
  listSyntax,
  facetDisabledValue,
  removePathPattern,
  literalSecret,
  duplicateKey,
  keyVersion,
];
