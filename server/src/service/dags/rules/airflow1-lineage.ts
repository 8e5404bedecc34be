import { isAirflow1Dict } from '../om-xlets';
import type { DagRule } from './rule';
import { airflowFact } from '../versions';
import { shown, uniqueXlets } from '../xlets';

const MODULE = 'airflow.lineage.datasets';

/**
 * Airflow 1.10's lineage API (docs/upstream/airflow.md#inlets-and-outlets): `airflow.lineage.datasets.File` and dict
 * xlets such as `{"datasets": [...]}` and `{"auto": True}`. Airflow 2 replaced the module with
 * `airflow.lineage.entities` and reads inlets/outlets as lists of objects; that page records the 1.10 form but not
 * its removal, so this is a warning.
 */
export const airflow1Lineage: DagRule = {
  id: 'dags/airflow1-lineage',
  defaultSeverity: 'warning',
  summary:
    'Airflow 1.10 lineage: airflow.lineage.datasets imports and {"datasets": [...]} / {"auto": True} inlets/outlets, which Airflow 2+ and the OpenLineage provider do not read.',
  check(ctx) {
    const airflow = airflowFact(ctx.project);
    if (airflow && airflow.major < 2) return;
    const where = airflow ? airflow.text : 'Airflow 2 and later';
    const modern =
      'Declare lineage as a list of objects: `airflow.lineage.entities` (`File(url=...)`, `Table(...)`) on Airflow 2, or Assets (`from airflow.sdk import Asset`) on Airflow 3.';
    for (const b of ctx.file.imports) {
      if (b.module !== MODULE && !b.module.startsWith(`${MODULE}.`)) continue;
      ctx.report({
        range: b.range,
        tags: ['deprecated'],
        message: `\`${MODULE}\` is Airflow 1.10's lineage module; Airflow 2 replaced it with \`airflow.lineage.entities\`, so on ${where} this import is expected to fail. ${modern}`,
      });
    }
    for (const x of uniqueXlets(ctx.file)) {
      if (x.kind !== 'legacy-dict' || !isAirflow1Dict(x, ctx.file)) continue;
      const keys = x.entries.map((e) => `"${e.key.value}"`).join(', ');
      ctx.report({
        range: shown(ctx.text, x.entries[0]!.key),
        tags: ['deprecated'],
        message: `This ${keys} dict is Airflow 1.10's lineage form. On ${where}, Airflow keeps the dict as one opaque ${x.origin.includes('outlets') ? 'outlet' : 'inlet'}: neither Airflow's lineage nor the OpenLineage provider reads its ${keys} key${x.entries.length > 1 ? 's' : ''}, so it gives no lineage. ${modern}`,
      });
    }
  },
};
