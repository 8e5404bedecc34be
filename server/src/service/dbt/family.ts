import { defineFamily, ruleContext, type DocInput, type Family } from '../family';
import { projectFileKind } from '../project/index';
import { treeOf, type PythonTreeSource } from '../python/parser';
import { runRules } from '../rules/rule';
import { commandLine } from './analysis';
import { dbtCompletion } from './completion';
import { dbtHover } from './hover';
import { isShellScript, mentionsDbt, parseDbtDocument, type DbtDocument } from './parse';
import { DBT_RULES } from './rules';

export interface DbtFamilyDeps {
  /** Python syntax trees; without them Python files (Airflow `bash_command`s, `env` dicts) are skipped. */
  readonly pythonTree?: PythonTreeSource;
}

/**
 * dbt with OpenLineage: `dbt-ol` invocations in shell scripts and Airflow `bash_command` strings, and
 * dbt-ol's environment variables in `.env`, Dockerfile, compose files, shell scripts and Python dicts.
 */
export function dbtFamily(deps: DbtFamilyDeps = {}): Family {
  return defineFamily<DbtDocument | undefined>({
    id: 'dbt',
    rules: DBT_RULES,
    parse(input) {
      const tree = deps.pythonTree;
      return parseDbtDocument(
        { uri: input.uri, text: input.text, ...(input.languageId ? { languageId: input.languageId } : {}) },
        tree ? (text) => treeOf(tree, text, input.uri, input.version) : undefined,
      );
    },
    answers: (parse) => ({
      kind(input: DocInput): string | undefined {
        if (!mentionsDbt(input.text)) return undefined;
        const doc = parse(input);
        return doc ? `dbt-${doc.form}` : undefined;
      },
      validate(input, enabled, report) {
        if (!mentionsDbt(input.text)) return;
        const doc = parse(input);
        if (!doc) return;
        const lines = doc.invocations.map(commandLine);
        runRules(DBT_RULES, (emit) => ({ ...ruleContext(input, emit), doc, lines }), enabled, report);
      },
      hover(input, offset) {
        if (!mentionsDbt(input.text)) return undefined;
        const doc = parse(input);
        return doc ? dbtHover(doc, offset) : undefined;
      },
      complete(input, offset) {
        const settings = projectFileKind(input.uri);
        if (settings === 'env-file' || settings === 'dockerfile' || settings === 'compose') return dbtCompletion(input.doc, offset, 'env');
        if (isShellScript(input.uri, input.languageId, input.text)) return dbtCompletion(input.doc, offset, 'both');
        if (/\.py$/i.test(input.uri) || input.languageId === 'python')
          return deps.pythonTree ? dbtCompletion(input.doc, offset, 'command') : [];
        return [];
      },
    }),
  });
}
