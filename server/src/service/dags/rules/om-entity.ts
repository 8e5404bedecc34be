import type { Finding } from '../../rules/rule';
import { nearest } from '../../util/nearest';
import {
  dictEntry,
  importOf,
  OM_ENTITY_CLASSES,
  OM_ENTITY_TYPES,
  OMENTITY_FIELDS,
  omEntityArgs,
  type OmDict,
  type OmEntityCall,
} from '../om-xlets';
import type { DagRule, DagRuleContext } from './rule';
import { callNameRange, onceReporter, positional, removeArg, shown, splats, uniqueXlets } from '../xlets';
import { andList } from '../../text/wording';

/**
 * OpenMetadata entity xlets (docs/upstream/openmetadata.md#inlets-and-outlets): `OMEntity(entity=<class>, fqn="...",
 * key="...")` is an attrs class with keyword-only fields (entity and fqn required, key defaults to "default"), so
 * positional, missing or unknown arguments raise TypeError; `entity` takes an OpenMetadata entity class, not a string
 * or Airflow's `Table`. The dict form `{"entity": ..., "fqn": ..., "key": ...}` needs all three keys (otherwise it is
 * read as a legacy dict and yields nothing) and an entity type OpenMetadata knows (otherwise it is skipped).
 */
export const omEntity: DagRule = {
  id: 'dags/om-entity',
  defaultSeverity: 'error',
  summary:
    'OpenMetadata OMEntity(entity=, fqn=, key=) and {"entity", "fqn", "key"} xlets with missing, positional or unknown fields, or an entity OpenMetadata does not know (case fix for dict entity types).',
  check(ctx) {
    const report = onceReporter(ctx);
    for (const x of uniqueXlets(ctx.file)) {
      if (x.kind === 'om-entity') checkCall(ctx, report, x);
      else if (x.kind === 'om-dict') checkDict(ctx.text, report, x);
    }
  },
};

function checkCall(ctx: DagRuleContext, report: (f: Finding) => void, x: OmEntityCall): void {
  const pos = positional(x.args);
  if (pos.length) {
    // Python puts positional arguments first; naming them is safe unless a keyword already names that field.
    const taken = OMENTITY_FIELDS.slice(0, pos.length) as readonly string[];
    const fixable = pos.length <= OMENTITY_FIELDS.length && !x.args.some((a) => taken.includes(a.name));
    const edits = fixable
      ? pos.map((a, i) => ({ range: { start: a.valueRange.start, end: a.valueRange.start }, newText: `${OMENTITY_FIELDS[i]}=` }))
      : [];
    report({
      range: { start: pos[0]!.valueRange.start, end: pos[pos.length - 1]!.valueRange.end },
      message: `\`OMEntity\` takes keyword arguments only (\`entity=\`, \`fqn=\`, \`key=\`): positional arguments raise TypeError when the DAG is parsed. Name them.`,
      ...(fixable
        ? { fixes: [{ title: `Name the arguments (${pos.map((_, i) => `${OMENTITY_FIELDS[i]}=`).join(', ')})`, edits, preferred: true }] }
        : {}),
    });
    return;
  }
  if (splats(ctx.text, x)) return;
  const renamed = new Set<string>();
  for (const a of x.args) {
    if ((OMENTITY_FIELDS as readonly string[]).includes(a.name)) continue;
    const near = nearest(
      a.name,
      OMENTITY_FIELDS.filter((f) => !x.args.some((b) => b.name === f)),
    );
    if (near) renamed.add(near);
    report({
      range: a.nameRange,
      message: `\`OMEntity\` has no field \`${a.name}\` (only \`entity\`, \`fqn\` and \`key\`); an unknown keyword raises TypeError when the DAG is parsed.${near ? ` Did you mean \`${near}\`?` : ' Remove it.'}`,
      fixes: [
        ...(near ? [{ title: `Rename to ${near}`, edits: [{ range: a.nameRange, newText: near }], preferred: true }] : []),
        { title: `Remove ${a.name}=`, edits: [removeArg(x.args, a)] },
      ],
    });
  }
  const { entity, fqn } = omEntityArgs(x);
  const missing = [...(entity || renamed.has('entity') ? [] : ['entity']), ...(fqn || renamed.has('fqn') ? [] : ['fqn'])];
  if (missing.length) {
    report({
      range: callNameRange(ctx.text, x),
      message: `\`OMEntity\` is missing ${andList(missing)}, which ${missing.length > 1 ? 'are' : 'is'} required: the DAG fails to parse with TypeError. Write \`OMEntity(entity=Table, fqn="service.database.schema.table", key="...")\` (the entity class from \`metadata.generated.schema.entity...\`).`,
    });
  }
  if (!entity) return;
  if (entity.string) {
    if (entity.string.kind !== 'literal') return;
    const v = entity.string.value;
    const cls = Object.keys(OM_ENTITY_CLASSES).find(
      (c) => OM_ENTITY_CLASSES[c]!.toLowerCase() === v.toLowerCase() || c.toLowerCase() === v.toLowerCase(),
    );
    report({
      range: entity.valueRange,
      message: `\`OMEntity(entity=...)\` takes an OpenMetadata entity class, not the string "${v}": serialising the xlet fails (a string has no \`__module__\`), so it gives no lineage. Pass the class${cls ? ` \`${cls}\`` : ''} (e.g. \`from metadata.generated.schema.entity.data.table import Table\`), or use the dict form \`{"entity": "${cls ? OM_ENTITY_CLASSES[cls] : v}", "fqn": ..., "key": ...}\`.`,
    });
    return;
  }
  const text = entity.valueText.trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) return;
  const binding = importOf(ctx.file, text);
  if (!binding) return;
  if (binding.module === 'airflow.lineage.entities' || binding.module.startsWith('airflow.')) {
    report({
      range: entity.valueRange,
      message: `\`${text}\` here is Airflow's \`${binding.module}.${binding.imported}\`, not an OpenMetadata entity class, so OpenMetadata cannot resolve this xlet. Import OpenMetadata's class instead (e.g. \`from metadata.generated.schema.entity.data.table import Table\`; alias one of them if the file needs both).`,
    });
    return;
  }
  if (binding.module.startsWith('metadata.') && !OM_ENTITY_CLASSES[binding.imported]) {
    report({
      range: entity.valueRange,
      severity: 'warning',
      message: `\`${binding.imported}\` is not one of the entity classes OpenMetadata documents for OMEntity (${Object.keys(OM_ENTITY_CLASSES).join(', ')}); lineage for it may not be created. Use one of those classes.`,
    });
  }
}

function checkDict(text: string, report: (f: Finding) => void, x: OmDict): void {
  const missing = OMENTITY_FIELDS.filter((k) => !dictEntry(x, k));
  const keys = x.entries.map((e) => e.key.value);
  if (missing.length) {
    const anchor = x.entries[0]?.key.range ?? x.definitionRange;
    const typo = keys.flatMap((k) => {
      const n = nearest(k, missing);
      return n ? [`\`${k}\` → \`${n}\``] : [];
    });
    report({
      range: anchor,
      message:
        `This OpenMetadata xlet dict lacks ${andList(missing)}: OpenMetadata needs all of "entity", "fqn" and "key", and otherwise reads the dict in the legacy format, where string values are ignored, so it yields no lineage.` +
        (typo.length ? ` Check the spelling (${typo.join(', ')}).` : ` Add ${missing.map((m) => `a "${m}" entry`).join(' and ')}.`),
    });
    return;
  }
  const entity = dictEntry(x, 'entity')!;
  const v = entity.value;
  if (!v || v.kind !== 'literal') return;
  if (OM_ENTITY_TYPES.includes(v.value)) return;
  const exact = OM_ENTITY_TYPES.find((t) => t.toLowerCase() === v.value.toLowerCase());
  if (exact) {
    report({
      range: v.range,
      message: `OpenMetadata looks the entity type up case-sensitively: "${v.value}" is unknown, so this xlet is skipped with a warning. Write "${exact}".`,
      ...(v.exact ? { fixes: [{ title: `Write "${exact}"`, edits: [{ range: v.range, newText: exact }], preferred: true }] } : {}),
    });
    return;
  }
  const near = nearest(v.value, OM_ENTITY_TYPES);
  report({
    range: shown(text, v),
    severity: 'warning',
    message: `"${v.value}" is not an entity type OpenMetadata knows (${OM_ENTITY_TYPES.slice(0, 10).join(', ')}, …), so this xlet is skipped with a warning.${near ? ` Did you mean "${near}"?` : ''} The list grows with OpenMetadata versions; check yours.`,
    ...(near && v.exact ? { fixes: [{ title: `Write "${near}"`, edits: [{ range: v.range, newText: near }] }] } : {}),
  });
}
