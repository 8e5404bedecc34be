import { defineFamily, ruleContext, type DocInput, type Family } from '../family';
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
  return defineFamily<AirflowDocument | undefined>({
    id: 'airflow',
    rules: AIRFLOW_RULES,
    parse(input) {
      const kind = airflowKind(input.uri, input.text);
      return kind ? parseAirflowDocument(kind, input.text) : undefined;
    },
    answers: (parse) => ({
      kind: (input) => (input.notebookEnv?.settings.length ? 'notebook-env' : airflowKind(input.uri, input.text)),
      validate(input, enabled, report) {
        const doc = notebookOr(input, parse);
        if (!doc) return;
        const settings = settingInfos(doc.settings);
        const transports = doc.kind === 'airflow-settings' ? connectionTransports(doc, input.project) : transportSites(settings);
        let issues: TransportIssue[] | undefined;
        const versions = versionsOf(input.project);
        runRules<AirflowRuleContext>(
          AIRFLOW_RULES,
          (emit) => ({
            ...ruleContext(input, emit),
            uri: input.uri,
            doc,
            versions,
            settings,
            transports,
            transportIssues: () => (issues ??= transports.flatMap(checkTransportSite)),
          }),
          enabled,
          report,
        );
      },
      hover(input, offset) {
        const doc = notebookOr(input, parse);
        return doc ? airflowHover(doc, input, offset) : undefined;
      },
      complete(input, offset) {
        const doc = parse(input);
        return airflowCompletion(doc, input, offset);
      },
    }),
  });
}

/** A notebook's environment settings are judged as a `.env` file's; any other document by its own parse. */
function notebookOr(input: DocInput, parse: (input: DocInput) => AirflowDocument | undefined): AirflowDocument | undefined {
  return input.notebookEnv ? { kind: 'env-file', settings: input.notebookEnv } : parse(input);
}
