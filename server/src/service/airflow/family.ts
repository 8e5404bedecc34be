import type { DocInput, Family } from '../family';
import { runRules } from '../rules/rule';
import { settingInfos, transportSites, versionsOf } from './analysis';
import { airflowCompletion } from './completion';
import { connectionTransports } from './connections';
import { airflowKind, parseAirflowDocument, type AirflowDocument } from './document';
import { airflowHover } from './hover';
import { AIRFLOW_RULES } from './rules';
import type { AirflowRuleContext } from './rules/rule';
import { checkTransportSite, type TransportIssue } from './transport';

/**
 * Airflow and Astro projects: `airflow.cfg` (`[openlineage]`, `[lineage]`), `.env`, Dockerfile `ENV`,
 * docker-compose `environment`, `airflow_settings.yaml`, `requirements.txt` and `packages.txt`.
 */
export function airflowFamily(): Family {
  // One parse per document version, shared by validation, hover and completion.
  const cache = new Map<string, { version: number | undefined; text: string; doc: AirflowDocument | undefined }>();
  const parse = (input: DocInput): AirflowDocument | undefined => {
    const hit = cache.get(input.uri);
    if (hit && hit.version === input.version && hit.text === input.text) return hit.doc;
    const kind = airflowKind(input.uri, input.text);
    const doc = kind ? parseAirflowDocument(kind, input.text) : undefined;
    cache.set(input.uri, { version: input.version, text: input.text, doc });
    if (cache.size > 200) cache.delete(cache.keys().next().value!);
    return doc;
  };

  return {
    id: 'airflow',
    rules: AIRFLOW_RULES.map(({ id, defaultSeverity, summary }) => ({ id, defaultSeverity, summary })),
    kind: (input) => airflowKind(input.uri, input.text),
    validate(input, enabled, report) {
      const doc = parse(input);
      if (!doc) return;
      const settings = settingInfos(doc.settings);
      const transports = doc.kind === 'airflow-settings' ? connectionTransports(doc, input.project) : transportSites(settings);
      let issues: TransportIssue[] | undefined;
      const versions = versionsOf(input.project);
      runRules<AirflowRuleContext>(
        AIRFLOW_RULES,
        (emit) => ({
          uri: input.uri,
          text: input.text,
          doc,
          project: input.project,
          versions,
          settings,
          transports,
          transportIssues: () => (issues ??= transports.flatMap(checkTransportSite)),
          report: emit,
        }),
        enabled,
        report,
      );
    },
    hover(input, offset) {
      const doc = parse(input);
      return doc ? airflowHover(doc, input, offset) : undefined;
    },
    complete(input, offset) {
      const doc = parse(input);
      return airflowCompletion(doc, input, offset);
    },
  };
}
