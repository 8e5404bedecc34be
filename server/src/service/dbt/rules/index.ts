import { context } from './context';
import { envValue } from './env-value';
import { flagVersion } from './flag-version';
import { parentId } from './parent-id';
import { plainDbt } from './plain-dbt';
import type { DbtRule } from './rule';
import { unknownCommand } from './unknown-command';
import { unknownEnvVar } from './unknown-env-var';
import { unknownFlag } from './unknown-flag';
import { unsupportedCommand } from './unsupported-command';

/** Every dbt rule, in the order their findings are listed. */
export const DBT_RULES: readonly DbtRule[] = [
  unknownCommand,
  unsupportedCommand,
  unknownFlag,
  flagVersion,
  plainDbt,
  unknownEnvVar,
  envValue,
  context,
  parentId,
];
