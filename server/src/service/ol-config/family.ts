import { defineFamily, ruleContext, type DocInput, type Family } from '../family';
import { baseName } from '../util/path';
import { runRules } from '../rules/rule';
import { parseYaml } from '../yaml/ast';
import { analyze, type OlConfigAnalysis } from './analysis';
import { olConfigCompletion } from './completion';
import { decideDialect, type DialectDecision } from './dialect';
import { olConfigHover } from './hover';
import { OL_CONFIG_RULES } from './rules';

export const OL_CONFIG_KIND = 'openlineage-yml';

/** True for the names the clients look for (`openlineage.yml`; `.yaml` through `OPENLINEAGE_CONFIG`). */
export function isOpenLineageYmlName(uri: string): boolean {
  return /^openlineage\.ya?ml$/i.test(baseName(uri));
}

/**
 * True for an OpenMetadata ingestion workflow (top-level `source:` with `sink:` or `workflowConfig:`, and no
 * `transport:`; docs/upstream/openmetadata.md#ingestion-workflows): the content decides, whatever the file is called.
 */
export function isIngestionWorkflow(text: string): boolean {
  return /^source[ \t]*:/m.test(text) && /^(?:sink|workflowConfig)[ \t]*:/m.test(text) && !/^transport[ \t]*:/m.test(text);
}

/**
 * False for a file named like a client config that is clearly something else: not a YAML mapping at its top
 * level (notes, `KEY=value` lines, SQL) and no `transport:` anywhere. A broken client config still has its
 * `transport:` and is checked, syntax error included.
 */
export function looksLikeYamlConfig(text: string): boolean {
  if (/^[ \t]*transport[ \t]*:/m.test(text)) return true;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || /^\s*#/.test(line) || /^\s/.test(line)) continue;
    if (!/^(---|\.\.\.|- |-$|["']?[\w.$@/-]+["']?[ \t]*:(\s|$))/.test(line)) return false;
  }
  return true;
}

/**
 * `openlineage.yml`, the configuration file of both OpenLineage clients (Python: dbt-ol, Airflow, GE; Java:
 * Spark, Flink). Files of that name (unless their content is an OpenMetadata ingestion workflow), or files named
 * explicitly (CLI) whose top level has `transport:`.
 */
export function olConfigFamily(): Family {
  const kind = (input: DocInput) => {
    if (isOpenLineageYmlName(input.uri))
      return isIngestionWorkflow(input.text) || !looksLikeYamlConfig(input.text) ? undefined : OL_CONFIG_KIND;
    if (input.explicit && /\.ya?ml$/i.test(baseName(input.uri)) && /^transport[ \t]*:/m.test(input.text)) return OL_CONFIG_KIND;
    return undefined;
  };
  const dialectOf = (input: DocInput, analysis: OlConfigAnalysis): DialectDecision => decideDialect(input.uri, input.project, analysis);

  return defineFamily<OlConfigAnalysis>({
    id: 'ol-config',
    rules: OL_CONFIG_RULES,
    // One analysis per document version, shared by validation and hover.
    parse: (input) => analyze(parseYaml(input.text)),
    cacheSize: 100,
    answers: (analysisOf) => ({
      kind,
      validate(input, enabled, report) {
        if (!kind(input)) return;
        const analysis = analysisOf(input);
        const dialect = dialectOf(input, analysis);
        runRules(OL_CONFIG_RULES, (emit) => ({ ...ruleContext(input, emit), uri: input.uri, analysis, dialect }), enabled, report);
      },
      hover(input, offset) {
        if (!kind(input)) return undefined;
        const analysis = analysisOf(input);
        return olConfigHover(analysis, dialectOf(input, analysis), offset);
      },
      complete(input, offset) {
        // A new, still empty openlineage.yml gets completion too (its name says what it is).
        if (!kind(input) && !isOpenLineageYmlName(input.uri)) return [];
        return olConfigCompletion(input.doc, offset, (a) => dialectOf(input, a));
      },
    }),
  });
}
