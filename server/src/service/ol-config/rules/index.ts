import { literalSecret } from './literal-secret';
import type { OlConfigRule } from './rule';
import { syntax } from './syntax';
import { transportKeyMismatch } from './transport-key-mismatch';
import { transportRequired } from './transport-required';
import { transportType } from './transport-type';
import { unexpandedEnvVar } from './unexpanded-env-var';
import { unknownKey } from './unknown-key';
import { url } from './url';
import { valueType } from './value-type';
import { wrongDialectKey } from './wrong-dialect-key';

/** Every `openlineage.yml` rule, in the order their findings are listed. */
export const OL_CONFIG_RULES: readonly OlConfigRule[] = [
  syntax,
  wrongDialectKey,
  unknownKey,
  transportKeyMismatch,
  transportType,
  transportRequired,
  valueType,
  url,
  unexpandedEnvVar,
  literalSecret,
];
