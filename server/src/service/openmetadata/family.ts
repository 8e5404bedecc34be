import { defineFamily, ruleContext, type DocInput, type Family } from '../family';
import { treeOf, type PythonTreeSource } from '../python/parser';
import { runRules } from '../rules/rule';
import { parseAirflowCfg } from '../settings/airflow-cfg';
import { CALLBACK_MODULE } from './catalog';
import { cfgCompletion, envCompletion } from './completion';
import { lineageView, settingsKind, type LineageView } from './config';
import { dagFacts, mentionsOpenMetadata, type DagFacts } from './dag';
import { dagHover, settingsHover } from './hover';
import { OPENMETADATA_RULES } from './rules';
import { airflowVerdict, omVersion } from './versions';

export interface OpenMetadataDeps {
  /** Python syntax trees; without them DAG files are skipped. */
  readonly pythonTree?: PythonTreeSource;
}

type Parsed = { kind: 'openmetadata-cfg' | 'openmetadata-env'; view: LineageView } | { kind: 'openmetadata-dag'; dag: DagFacts };

/**
 * OpenMetadata's Airflow lineage backend (`openmetadata-ingestion`): its `[lineage]` options in airflow.cfg
 * and as `AIRFLOW__LINEAGE__*` variables (.env, Dockerfile, docker-compose), and its callbacks in DAG files.
 * Verdicts that depend on versions read them from the project model and say which one they rest on.
 */
export function openmetadataFamily(deps: OpenMetadataDeps = {}): Family {
  // One parse per document version and project model, shared by validation, hover and completion.
  return defineFamily<Parsed | undefined>({
    id: 'openmetadata',
    rules: OPENMETADATA_RULES,
    parse: (input) => parseDoc(input, deps),
    parseReads: { explicit: true, project: true },
    answers: (parse) => ({
      kind: (input) => parse(input)?.kind,
      validate(input, enabled, report) {
        const parsed = parse(input);
        if (!parsed) return;
        const om = omVersion(input.project);
        const airflow = airflowVerdict(input.project);
        runRules(
          OPENMETADATA_RULES,
          (emit) => ({
            ...ruleContext(input, emit),
            om,
            airflow,
            ...(parsed.kind === 'openmetadata-dag' ? { dag: parsed.dag } : { config: parsed.view }),
          }),
          enabled,
          report,
        );
      },
      hover(input, offset) {
        const parsed = parse(input);
        if (parsed?.kind === 'openmetadata-dag') return dagHover(parsed.dag, input.project, offset);
        if (parsed) return settingsHover(parsed.view, input.project, offset);
        // A `[lineage]` section that is not OpenMetadata's yet (being written): key docs still help.
        const view = lineageView(input.uri, input.text, !!input.explicit, input.project);
        return view ? settingsHover(view, input.project, offset) : undefined;
      },
      complete(input, offset) {
        const form = settingsKind(input.uri, input.text, !!input.explicit);
        if (!form) return [];
        const view = lineageView(input.uri, input.text, !!input.explicit, input.project);
        if (form === 'airflow-cfg') return cfgCompletion(input.doc, offset, view?.doc ?? parseAirflowCfg(input.text), view, input.project);
        return envCompletion(input.doc, offset, view, input.project);
      },
      definition(input, offset) {
        // From a callback to the [lineage] configuration it reads.
        const parsed = parse(input);
        if (parsed?.kind !== 'openmetadata-dag') return undefined;
        const onCallback =
          parsed.dag.imports.some(
            (i) => i.module === CALLBACK_MODULE && i.names.some((n) => n.range.start <= offset && offset <= n.range.end),
          ) || parsed.dag.uses.some((u) => u.range.start <= offset && offset <= u.range.end);
        if (!onCallback) return undefined;
        const targets = input.project.settings.filter((s) => s.section === 'lineage' && s.option === 'airflow_service_name');
        return targets.length ? targets.map((s) => ({ uri: s.source.uri, range: s.source.range })) : undefined;
      },
    }),
  });
}

function parseDoc(input: DocInput, deps: OpenMetadataDeps): Parsed | undefined {
  const isPython = input.uri.toLowerCase().endsWith('.py') || input.languageId === 'python';
  if (isPython) {
    if (!deps.pythonTree || !mentionsOpenMetadata(input.text)) return undefined;
    const tree = treeOf(deps.pythonTree, input.text, input.uri, input.version);
    if (!tree) return undefined; // parse cancelled (time budget)
    const dag = dagFacts(tree, input.text);
    return dag.imports.length ? { kind: 'openmetadata-dag', dag } : undefined;
  }
  const view = lineageView(input.uri, input.text, !!input.explicit, input.project);
  if (!view || !view.active) return undefined;
  return { kind: view.doc.form === 'airflow-cfg' ? 'openmetadata-cfg' : 'openmetadata-env', view };
}
