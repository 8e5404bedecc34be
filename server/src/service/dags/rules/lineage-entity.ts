import type { Fix, OffsetEdit } from '../../rules/rule';
import type { OffsetRange } from '../../text/model';
import { nearest } from '../../util/nearest';
import type { PyArg, Xlet } from '../model';
import { scanCalls, type ScannedCall } from '../scan-calls';
import type { DagRule, DagRuleContext } from './rule';
import { argOf, callNameRange, literal, onceReporter, positional, removeArg, splats, uniqueXlets } from '../xlets';
import { andList } from '../../text/wording';

type EntityClass = 'Table' | 'File' | 'Column' | 'User' | 'Tag';

interface EntitySignature {
  readonly fields: readonly string[];
  readonly required: readonly string[];
  /** attrs `kw_only=True`: positional arguments raise TypeError. */
  readonly kwOnly: boolean;
}

/** `airflow.lineage.entities` (Airflow 2.x), as docs/upstream/airflow.md#inlets-and-outlets and the module define them. */
const SIGNATURES: Readonly<Record<EntityClass, EntitySignature>> = {
  File: { fields: ['url', 'type_hint'], required: ['url'], kwOnly: false },
  User: { fields: ['email', 'first_name', 'last_name'], required: ['email'], kwOnly: true },
  Tag: { fields: ['tag_name'], required: ['tag_name'], kwOnly: true },
  Column: { fields: ['name', 'description', 'data_type', 'tags'], required: ['name', 'data_type'], kwOnly: true },
  Table: {
    fields: ['database', 'cluster', 'name', 'tags', 'description', 'columns', 'owners', 'extra', 'type_hint'],
    required: ['database', 'cluster', 'name'],
    kwOnly: true,
  },
};

const NESTED: readonly EntityClass[] = ['Column', 'User', 'Tag'];
const ENTITIES_MODULE = 'airflow.lineage.entities';
/** Where `Table`, `File`... come from: Airflow 2's module, and the common.compat provider's copy (works on Airflow 3). */
const ENTITY_MODULES = new Set([ENTITIES_MODULE, 'airflow.providers.common.compat.lineage.entities']);

/** Local names of Column/User/Tag in this file (their aliases when imported `as`), to find nested calls. */
function nestedNames(ctx: DagRuleContext): Map<string, EntityClass> {
  const out = new Map<string, EntityClass>();
  for (const b of ctx.file.imports) {
    if (ENTITY_MODULES.has(b.module) && (NESTED as readonly string[]).includes(b.imported)) out.set(b.local, b.imported as EntityClass);
  }
  if (!out.size) for (const n of NESTED) out.set(n, n);
  return out;
}

/**
 * `airflow.lineage.entities` objects with missing required fields, positional arguments where the class is
 * keyword-only, or unknown keywords (`Table(schema=...)`: there is no `schema` field), each of which raises
 * TypeError when the DAG is parsed; and `File(url=...)` values the OpenLineage provider drops.
 */
export const lineageEntity: DagRule = {
  id: 'dags/lineage-entity',
  defaultSeverity: 'error',
  summary:
    'airflow.lineage.entities Table/File/Column/User/Tag with missing required fields, positional or unknown arguments (Table has no `schema`: fold it into `name`), or a File url the OpenLineage provider drops.',
  check(ctx) {
    const report = onceReporter(ctx);
    const nested = nestedNames(ctx);
    const wanted = new Set(nested.keys());
    for (const x of uniqueXlets(ctx.file)) {
      if (x.kind !== 'entity') continue;
      if (x.module !== undefined && !ENTITY_MODULES.has(x.module)) continue; // Airflow 1.10's airflow.lineage.datasets: dags/airflow1-lineage
      if (x.module === undefined) continue; // a Table/File we cannot tie to airflow.lineage.entities
      checkCall(report, x.className, x.args, x, callNameRange(ctx.text, x), splats(ctx.text, x));
      const fields = x.className === 'Table' ? ['columns', 'owners', 'tags'] : x.className === 'Column' ? ['tags'] : [];
      for (const field of fields) {
        const a = argOf(x.args, field);
        if (!a) continue;
        for (const call of scanCalls(a.valueText, a.valueRange.start, wanted)) checkNested(report, nested.get(call.name)!, call);
      }
    }
  },
};

type Report = (f: Parameters<DagRuleContext['report']>[0]) => void;

function checkCall(report: Report, cls: EntityClass, args: readonly PyArg[], xlet: Xlet, nameRange: OffsetRange, star: boolean): void {
  const sig = SIGNATURES[cls];
  if (!sig) return;
  const pos = positional(args);
  if (sig.kwOnly && pos.length) {
    for (const a of pos) {
      report({
        range: a.valueRange,
        message: `\`${cls}\` takes keyword arguments only (${sig.fields.map((f) => `${f}=`).join(', ')}); a positional argument raises TypeError when the DAG is parsed. Write it as \`keyword=value\`.`,
      });
    }
  }
  const given = new Set<string>();
  // A misspelt keyword with a rename fix (`mail` → `email`) is reported once, not also as a missing field.
  const renamed = new Set<string>();
  if (!sig.kwOnly) pos.slice(0, sig.fields.length).forEach((_, i) => given.add(sig.fields[i]!));
  for (const a of args) {
    if (a.name.startsWith('#')) continue;
    given.add(a.name);
    if (sig.fields.includes(a.name)) continue;
    if (cls === 'Table' && a.name === 'schema') {
      report(schemaFinding(args, a));
      continue;
    }
    const near = nearest(
      a.name,
      sig.fields.filter((f) => !args.some((b) => b.name === f)),
    );
    if (near) renamed.add(near);
    report({
      range: a.nameRange,
      message: `\`${cls}\` has no field \`${a.name}\` (it has ${andList(sig.fields)}); an unknown keyword raises TypeError when the DAG is parsed.${near ? ` Did you mean \`${near}\`?` : ' Remove it.'}`,
      fixes: [
        ...(near ? [{ title: `Rename to ${near}`, edits: [{ range: a.nameRange, newText: near }], preferred: true }] : []),
        { title: `Remove ${a.name}=`, edits: [removeArg(args, a)] },
      ],
    });
  }
  if (!star && !(sig.kwOnly && pos.length)) {
    const missing = sig.required.filter((f) => !given.has(f) && !renamed.has(f));
    if (missing.length) {
      report({
        range: nameRange,
        message: `\`${cls}\` is missing the required field${missing.length > 1 ? 's' : ''} ${andList(missing)}; the DAG fails to parse with TypeError. ${requiredHint(cls)}`,
      });
    }
  }
  if (cls === 'File') {
    const urlArg = argOf(args, 'url', 0);
    const url = literal(urlArg);
    if (url && !url.value.includes('/')) {
      report({
        range: url.value ? url.range : urlArg!.valueRange,
        severity: 'warning',
        message: `The OpenLineage provider drops a \`File\` whose url has no \`/\` (\`${url.value}\` is neither a path nor a URL), so this ${xlet.origin.includes('inlets') ? 'inlet' : 'outlet'} gives no dataset. Write a full path or URL, e.g. \`s3://bucket/${url.value || 'key'}\` or \`/data/${url.value || 'file'}\`.`,
      });
    }
  }
}

function requiredHint(cls: EntityClass): string {
  switch (cls) {
    case 'Table':
      return 'The OpenLineage provider names the dataset `{database}.{name}` in namespace `{cluster}`, so give all three.';
    case 'Column':
      return 'A Column needs its `name` and `data_type`.';
    case 'User':
      return 'A User needs an `email`.';
    case 'Tag':
      return 'A Tag needs a `tag_name`.';
    default:
      return 'A File needs a `url`.';
  }
}

/** `Table(schema=...)`: fold the schema into `name` (the provider names the dataset `{database}.{name}`), or drop it. */
function schemaFinding(args: readonly PyArg[], schema: PyArg) {
  const fixes: Fix[] = [];
  const s = literal(schema);
  const name = literal(argOf(args, 'name'));
  if (s && name && s.exact && name.exact && s.value && name.value && !/["'\\]/.test(s.value + name.value)) {
    const folded = `${s.value}.${name.value}`;
    const edits: OffsetEdit[] = [removeArg(args, schema), { range: name.range, newText: folded }];
    fixes.push({ title: `Fold the schema into name="${folded}"`, edits, preferred: true });
  }
  fixes.push({ title: 'Remove schema=', edits: [removeArg(args, schema)] });
  const example =
    s && name
      ? ` (here \`name="${s.value}.${name.value}"\`, which the OpenLineage provider turns into the dataset name \`<database>.${s.value}.${name.value}\`)`
      : '';
  return {
    range: schema.nameRange,
    message: `\`Table\` has no \`schema\` field (its fields are database, cluster and name, plus tags, description, columns, owners, extra and type_hint); \`schema=\` raises TypeError when the DAG is parsed. Put the schema in \`name\`${example}, or remove it.`,
    fixes,
  };
}

function checkNested(report: Report, cls: EntityClass, call: ScannedCall): void {
  const sig = SIGNATURES[cls];
  if (!sig || call.args.some((a) => a.star)) return;
  const pos = call.args.filter((a) => !a.keyword);
  if (sig.kwOnly && pos.length) {
    for (const a of pos) {
      report({
        range: a.range,
        message: `\`${cls}\` takes keyword arguments only (${sig.fields.map((f) => `${f}=`).join(', ')}); a positional argument raises TypeError when the DAG is parsed. Write it as \`keyword=value\`.`,
      });
    }
    return;
  }
  const given = new Set(call.args.flatMap((a) => (a.keyword ? [a.keyword] : [])));
  const renamed = new Set<string>();
  for (const a of call.args) {
    if (!a.keyword || sig.fields.includes(a.keyword)) continue;
    const near = nearest(
      a.keyword,
      sig.fields.filter((f) => !given.has(f)),
    );
    if (near) renamed.add(near);
    report({
      range: a.range,
      message: `\`${cls}\` has no field \`${a.keyword}\` (it has ${andList(sig.fields)}); an unknown keyword raises TypeError when the DAG is parsed.${near ? ` Did you mean \`${near}\`?` : ' Remove it.'}`,
      ...(near ? { fixes: [{ title: `Rename to ${near}`, edits: [{ range: a.range, newText: near }], preferred: true }] } : {}),
    });
  }
  const missing = sig.required.filter((f) => !given.has(f) && !renamed.has(f));
  if (missing.length) {
    report({
      range: call.nameRange,
      message: `\`${cls}\` is missing the required field${missing.length > 1 ? 's' : ''} ${andList(missing)}; the DAG fails to parse with TypeError. ${requiredHint(cls)}`,
    });
  }
}
