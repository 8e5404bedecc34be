/**
 * Connections of an Astro `airflow_settings.yaml` (`airflow.connections[]`) that hold OpenLineage client
 * configuration: the one `[openlineage] config_conn_id` names, or (when none is named) one whose id mentions
 * openlineage or whose extra has a `transport`.
 */
import type { ProjectModel } from '../project/model';
import type { OffsetRange } from '../text/model';
import { get, pair } from '../yaml/ast';
import type { TransportSite } from './analysis';
import { SECTION } from './catalog';
import type { AirflowDocument } from './document';
import { entry, fromYaml, parseJson, type JsonNode } from './json';

export interface OlConnection {
  readonly id: string;
  readonly idRange: OffsetRange;
  readonly extra?: JsonNode;
  /** Offset to add to the extra's ranges (a JSON string extra), or 0 (YAML). */
  readonly base: number;
}

export function olConnections(doc: AirflowDocument, project: ProjectModel): OlConnection[] {
  const root = doc.yaml?.documents[0];
  const list = get(root, 'airflow', 'connections');
  if (list?.kind !== 'seq') return [];
  const named = project.settings
    .filter((s) => s.section === SECTION && s.option === 'config_conn_id' && s.value.trim())
    .map((s) => s.value.trim());
  const out: OlConnection[] = [];
  for (const item of list.items) {
    const idPair = pair(item, 'conn_id');
    if (idPair?.value?.kind !== 'scalar') continue;
    const id = idPair.value.value;
    const extraNode = pair(item, 'conn_extra')?.value;
    let extra: JsonNode | undefined;
    let base = 0;
    if (extraNode?.kind === 'scalar' && extraNode.value.trim()) {
      const parsed = parseJson(extraNode.value);
      if (parsed.node) {
        extra = parsed.node;
        base = extraNode.exact ? extraNode.range.start : -1;
      } else extra = fromYaml(extraNode);
    } else if (extraNode) extra = fromYaml(extraNode);
    const isOl = named.length ? named.includes(id) : /openlineage/i.test(id) || !!entry(extra, 'transport');
    if (isOl) out.push({ id, idRange: idPair.value.range, ...(extra ? { extra } : {}), base });
  }
  return out;
}

/** The transports inside OpenLineage connections' extras, for the transport rules (warnings: unverified). */
export function connectionTransports(doc: AirflowDocument, project: ProjectModel): TransportSite[] {
  const out: TransportSite[] = [];
  for (const c of olConnections(doc, project)) {
    const t = entry(c.extra, 'transport');
    if (!t) continue;
    const whole = c.extra!.range;
    const map = (r: OffsetRange) => (c.base < 0 ? whole : { start: r.start + c.base, end: r.end + c.base });
    out.push({ label: `the extra of connection \`${c.id}\``, json: t.value, map, exact: false, unverified: true });
  }
  return out;
}
