import type { Family } from './family';
import type { PythonTreeSource } from './python/parser';
import type { JvmSparkParser, PythonSparkParser } from './spark/parse';
import { airflowFamily } from './airflow/family';
import { dagsFamily } from './dags/family';
import { DAG_RULES } from './dags/rules';
import { dbtFamily } from './dbt/family';
import { gxFamily } from './gx/family';
import { olConfigFamily } from './ol-config/family';
import { openmetadataFamily } from './openmetadata/family';
import { sparkFamily } from './spark/family';

export interface FamilyDeps {
  readonly python?: PythonSparkParser;
  readonly pythonTree?: PythonTreeSource;
  readonly jvm?: JvmSparkParser;
}

/**
 * The families every service runs, in the order their rules are listed. Add a family here (and its rule ids
 * to package.json) to make the editor and the CLI check it.
 */
export function builtinFamilies(deps: FamilyDeps): Family[] {
  const python = deps.pythonTree ? { pythonTree: deps.pythonTree } : {};
  return [
    sparkFamily(deps.python, deps.jvm),
    airflowFamily(),
    gxFamily(),
    olConfigFamily(),
    dbtFamily(python),
    openmetadataFamily(python),
    dagsFamily({ ...python, rules: DAG_RULES }),
  ];
}
