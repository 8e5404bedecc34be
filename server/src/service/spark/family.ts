import { defineFamily, ruleContext, type Family } from '../family';
import { runRules } from '../rules/rule';
import { analyzeScope } from './analysis';
import { sparkCompletion } from './completion';
import { sparkHover } from './hover';
import { parseSparkDocument, type JvmSparkParser, type PythonSparkParser } from './parse';
import { SPARK_RULES } from './rules';
import { lineTexts } from '../text/lines';

/** Spark and Databricks configuration in conf files, spark-submit scripts, Python, Scala, Java and init scripts. */
export function sparkFamily(python: PythonSparkParser | undefined, jvm?: JvmSparkParser): Family {
  return defineFamily({
    id: 'spark',
    rules: SPARK_RULES,
    parse: (input) =>
      parseSparkDocument(
        {
          uri: input.uri,
          text: input.text,
          ...(input.languageId ? { languageId: input.languageId } : {}),
          ...(input.version !== undefined ? { version: input.version } : {}),
          explicit: !!input.explicit,
        },
        python,
        jvm,
      ),
    parseReads: { explicit: true },
    answers: (parse) => ({
      kind: (input) => parse(input)?.kind,
      validate(input, enabled, report) {
        const parsed = parse(input);
        if (!parsed) return;
        const scopes = parsed.doc.scopes.map(analyzeScope);
        runRules(SPARK_RULES, (emit) => ({ ...ruleContext(input, emit), doc: parsed.doc, scopes }), enabled, report);
      },
      hover(input, offset) {
        const parsed = parse(input);
        return parsed ? sparkHover(parsed.doc, offset) : undefined;
      },
      complete(input, offset) {
        const parsed = parse(input);
        // A .conf file that is not Spark configuration yet (new, or its first key half-typed) gets key completion
        // only while every line is a comment or starts with `spark`: nginx or supervisord files get none.
        const sparkSoFar = input.uri.endsWith('.conf') && lineTexts(input.text).every((l) => /^\s*(?:[#!].*)?$|^\s*spark/.test(l));
        const kind = parsed?.kind ?? (input.languageId === 'spark-conf' || sparkSoFar ? 'spark-conf' : undefined);
        return kind ? sparkCompletion(kind, input.doc, offset, parsed?.doc) : [];
      },
    }),
  });
}
