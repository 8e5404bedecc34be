import { actionClass } from './action-class';
import { actionModule } from './action-module';
import { actionShape } from './action-shape';
import { literalSecret } from './literal-secret';
import { noLineage } from './no-lineage';
import { noTransport } from './no-transport';
import { parameterVersion } from './parameter-version';
import type { GxRule } from './rule';
import { syntax } from './syntax';
import { trailingComma } from './trailing-comma';
import { unknownParameter } from './unknown-parameter';
import { unknownValidationOperator } from './unknown-validation-operator';
import { url } from './url';
import { valueType } from './value-type';
import { versionSupport } from './version-support';

/** Every Great Expectations rule, in the order their findings are listed. */
export const GX_RULES: readonly GxRule[] = [
  syntax,
  actionShape,
  actionClass,
  actionModule,
  unknownParameter,
  trailingComma,
  url,
  valueType,
  literalSecret,
  parameterVersion,
  versionSupport,
  unknownValidationOperator,
  noLineage,
  noTransport,
];
