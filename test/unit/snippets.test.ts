import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { loadPythonSpark } from '../../server/src/lsp/python';
import { createLanguageService, DEFAULT_SETTINGS, type LanguageService } from '../../server/src/service';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Expands a snippet body the way VS Code does when the user accepts every default. */
export function expandSnippet(body: string[]): string {
  const text = body.join('\n');
  let out = text;
  // Nested placeholders resolve inside-out, so repeat until stable.
  for (let i = 0; i < 5; i++) {
    out = out
      .replace(/\$\{\d+\|([^,|]*)(?:,[^|]*)?\|\}/g, '$1')
      .replace(/\$\{\d+:([^{}]*)\}/g, '$1')
      .replace(/\$\{(?:TM_FILENAME_BASE|TM_FILENAME|RELATIVE_FILEPATH|CURRENT_YEAR)[^}]*\}/g, 'file');
  }
  return out.replace(/\$\d+/g, '').replace(/\\\$/g, '$').replace(/\\\}/g, '}');
}

const HTTP_BASE = `spark.extraListeners io.openlineage.spark.agent.OpenLineageSparkListener
spark.jars.packages io.openlineage:openlineage-spark_2.12:1.52.0
spark.openlineage.transport.type http
spark.openlineage.transport.url http://localhost:5000
`;
const DATABRICKS_HTTP_BASE = `spark.extraListeners com.databricks.backend.daemon.driver.DBCEventLoggingListener,io.openlineage.spark.agent.OpenLineageSparkListener
spark.openlineage.transport.type http
spark.openlineage.transport.url https://lineage.example.com
`;

const URI_FOR: Record<string, string> = {
  'spark-conf': 'file:///w/spark-defaults.conf',
  python: 'file:///w/job.py',
  shellscript: 'file:///w/submit.sh',
};

describe('snippets', () => {
  let service: LanguageService;
  before(async () => {
    service = createLanguageService({ python: (await loadPythonSpark(join(root, 'dist'))).parse });
  });

  for (const contribution of pkg.contributes.snippets as { language: string; path: string }[]) {
    const snippets = JSON.parse(readFileSync(join(root, contribution.path), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
    for (const [name, snippet] of Object.entries(snippets)) {
      it(`${contribution.path} "${name}" expands to configuration our rules accept`, () => {
        let text = expandSnippet(snippet.body);
        // Databricks snippets are judged in a Databricks context, as users would place them.
        const databricks = /databricks/i.test(name) || /databricks/i.test(snippet.prefix);
        // Add-on snippets (auth only) extend an HTTP transport configuration; judge them in one.
        if (contribution.language === 'spark-conf' && !/transport\.type|extraListeners/.test(text)) text = `${databricks ? DATABRICKS_HTTP_BASE : HTTP_BASE}${text}`;
        const uri = databricks ? URI_FOR[contribution.language]!.replace('/w/', '/w/databricks/') : URI_FOR[contribution.language]!;
        const doc = TextDocument.create(uri, contribution.language, 1, text);
        assert.ok(service.fileKind(doc), `the expanded snippet is not recognised as Spark configuration:\n${text}`);
        const bad = service.validate(doc, DEFAULT_SETTINGS).filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning);
        assert.deepEqual(bad.map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`), [], `expanded text:\n${text}`);
      });
    }
  }

  it('expands choices, defaults and escapes like VS Code', () => {
    assert.equal(expandSnippet(['a ${1|http,kafka|} ${2:x} $3 \\$HOME']), 'a http x  $HOME');
  });
});
