import type { Fix } from '../../rules/rule';
import type { ImportBinding } from '../model';
import type { DagRule, DagRuleContext } from './rule';
import { airflowFact, type AirflowFact } from '../versions';

/** Names of the Airflow 3 Task SDK's asset API. */
const SDK_ASSET_NAMES = new Set(['Asset', 'AssetAlias', 'AssetAll', 'AssetAny', 'AssetWatcher', 'Model', 'Dataset', 'Metadata']);
/** `airflow.datasets` names the fix can move to `airflow.sdk` (what Airflow 3's alias module resolves them to). */
const MOVED: Readonly<Record<string, string>> = { Dataset: 'Asset', DatasetAlias: 'AssetAlias' };

/**
 * The Airflow version decides which asset API exists (docs/upstream/airflow.md#inlets-and-outlets):
 * `airflow.datasets.Dataset` is Airflow
 * 2.4–2.x (on Airflow 3 a deprecated alias of `airflow.sdk.Asset`), `airflow.sdk.Asset` is Airflow 3 only.
 * Verdicts name the version they rest on; nothing is reported when it is unknown.
 */
export const assetImport: DagRule = {
  id: 'dags/asset-import',
  defaultSeverity: 'error',
  summary:
    "Dataset/Asset imports the project's Airflow version does not have: airflow.sdk on Airflow 2, airflow.datasets before 2.4, or the deprecated airflow.datasets alias on Airflow 3 (quick fix imports from airflow.sdk).",
  check(ctx) {
    const airflow = airflowFact(ctx.project);
    if (!airflow) return;
    for (const b of ctx.file.imports) {
      if (b.module === 'airflow.datasets') checkDatasets(ctx, airflow, b);
      else if ((b.module === 'airflow.sdk' || b.module.startsWith('airflow.sdk.')) && SDK_ASSET_NAMES.has(b.imported))
        checkSdk(ctx, airflow, b);
    }
  },
};

function checkDatasets(ctx: DagRuleContext, airflow: AirflowFact, b: ImportBinding): void {
  if (airflow.major >= 3) {
    const target = MOVED[b.imported];
    const fix = target ? sdkFix(ctx, b) : undefined;
    ctx.report({
      range: b.range,
      severity: 'warning',
      tags: ['deprecated'],
      message:
        `This project runs ${airflow.text}. On Airflow 3, \`airflow.datasets\` is only a deprecated alias module: \`${b.imported}\` resolves to \`airflow.sdk${target ? `.${target}` : ''}\` with a DeprecationWarning, and the module announces its removal in Airflow 3.2. ` +
        `Import ${target ? `\`${target}\`` : 'the asset API'} from \`airflow.sdk\` instead${target ? ` (keep the local name with \`${target} as ${b.local}\`)` : ''}.`,
      ...(fix ? { fixes: [fix] } : {}),
    });
    return;
  }
  if (airflow.major === 2 && airflow.minor < 4) {
    ctx.report({
      range: b.range,
      severity: airflow.verified ? 'error' : 'warning',
      message: `\`airflow.datasets\` was added in Airflow 2.4, and this project runs ${airflow.text}, so the import fails and the DAG does not load. Upgrade Airflow to 2.4 or later to use Datasets, or declare lineage with \`airflow.lineage.entities\` on this version.`,
    });
  }
}

function checkSdk(ctx: DagRuleContext, airflow: AirflowFact, b: ImportBinding): void {
  if (airflow.major >= 3) return;
  ctx.report({
    range: b.range,
    severity: airflow.verified ? 'error' : 'warning',
    message:
      `\`${b.module}\` is the Airflow 3 Task SDK, and this project runs ${airflow.text}, so importing \`${b.imported}\` fails and the DAG does not load. ` +
      (airflow.minor >= 4 || airflow.major > 2
        ? 'On Airflow 2.4+ use `from airflow.datasets import Dataset` and `Dataset("<uri>")` (a URI only: Airflow 2 Datasets have no separate name), or upgrade to Airflow 3.'
        : 'Airflow 2 has Datasets from 2.4 (`from airflow.datasets import Dataset`); upgrade Airflow to use data-aware lineage.'),
  });
}

/**
 * Rewrites `from airflow.datasets import Dataset[, DatasetAlias]` as `from airflow.sdk import Asset as Dataset[, ...]`,
 * which is exactly what Airflow 3's alias module resolves the names to, so every use keeps working. Only for a
 * single-line or parenthesised statement whose every name has an `airflow.sdk` equivalent.
 */
function sdkFix(ctx: DagRuleContext, b: ImportBinding): Fix | undefined {
  const text = ctx.text;
  const start = text.lastIndexOf('from', b.range.start);
  if (start < 0) return undefined;
  const head = /^from[ \t]+airflow\.datasets[ \t]+import[ \t]*(\(?)/.exec(text.slice(start));
  if (!head || start + head[0].length > b.range.start) return undefined;
  const bodyStart = start + head[0].length;
  let end: number;
  if (head[1]) {
    end = text.indexOf(')', bodyStart);
    if (end < 0) return undefined;
  } else {
    const nl = text.indexOf('\n', bodyStart);
    end = nl < 0 ? text.length : nl;
    if (text.slice(bodyStart, end).includes('\\')) return undefined;
    // Keep a trailing comment: the statement ends before it (and its spaces).
    const hash = text.slice(bodyStart, end).indexOf('#');
    if (hash >= 0) end = bodyStart + hash;
    while (end > bodyStart && /[ \t\r]/.test(text[end - 1]!)) end--;
  }
  const body = text.slice(bodyStart, end).replace(/#[^\n]*/g, '');
  const items = body
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const rewritten: string[] = [];
  for (const item of items) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\s+as\s+([A-Za-z_][A-Za-z0-9_]*))?$/.exec(item);
    if (!m) return undefined;
    const target = MOVED[m[1]!];
    if (!target) return undefined;
    rewritten.push(`${target} as ${m[2] ?? m[1]}`);
  }
  if (!rewritten.length) return undefined;
  const stmtEnd = head[1] ? end + 1 : end;
  return {
    title: `Import from airflow.sdk (${rewritten.join(', ')})`,
    edits: [{ range: { start, end: stmtEnd }, newText: `from airflow.sdk import ${rewritten.join(', ')}` }],
  };
}
