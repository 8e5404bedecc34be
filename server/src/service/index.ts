/**
 * The Lineage Lens language service: pure functions from document text (and settings) to diagnostics,
 * hovers, completions and code actions. No `vscode`, no I/O: the LSP server and the CLI are thin layers on
 * top of it, and tests call it directly.
 */
import {
  CodeActionKind, DiagnosticSeverity, DiagnosticTag, type CodeAction, type CompletionItem, type Diagnostic, type Hover, type Range,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileKind } from './classify';
import { ruleDocsUrl, type Finding, type Fix, type RuleMeta, type Severity } from './rules/rule';
import type { LanguageSettings } from './settings';
import { analyzeScope } from './spark/analysis';
import { sparkCompletion } from './spark/completion';
import { sparkHover } from './spark/hover';
import type { SparkDocument } from './spark/model';
import { parseSparkDocument, type PythonSparkParser } from './spark/parse';
import { SPARK_RULES } from './spark/rules';
import { lineIndex } from './util/search';

export { DEFAULT_SETTINGS, normalizeSettings, type LanguageSettings } from './settings';
export type { RuleMeta, Severity } from './rules/rule';
export type { PythonSparkParser } from './spark/parse';

/** The source shown next to every diagnostic. */
export const DIAGNOSTIC_SOURCE = 'Lineage Lens';

/** What a diagnostic's `data` carries: the quick fixes, already as LSP edits, so code actions need no re-analysis. */
export interface DiagnosticData {
  readonly fixes: readonly { title: string; preferred?: boolean; edits: { range: Range; newText: string }[] }[];
}

export interface LanguageServiceOptions {
  /** Python support; without it Python files are skipped (the CLI and server always provide it). */
  readonly python?: PythonSparkParser;
}

export interface ValidateOptions {
  /** The user named this file explicitly (CLI): decide by content whatever its name. */
  readonly explicit?: boolean;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface LanguageService {
  /** Every rule's metadata (id, default severity, summary), for settings validation and docs. */
  readonly rules: readonly RuleMeta[];
  /** Which kind of lineage configuration the document holds, if any. */
  fileKind(doc: TextDocument, options?: ValidateOptions): FileKind | undefined;
  validate(doc: TextDocument, settings: LanguageSettings, options?: ValidateOptions): Diagnostic[];
  hover(doc: TextDocument, offset: number): Hover | null;
  complete(doc: TextDocument, offset: number): CompletionItem[];
  /** Quick fixes for the diagnostics VS Code passes in (ours are recognised by source, code and data). */
  codeActions(doc: TextDocument, diagnostics: readonly Diagnostic[]): CodeAction[];
}

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  // One parse per document version, shared by validation, hover and completion.
  const cache = new Map<string, { version: number; text: string; explicit: boolean; result: ReturnType<typeof parseSparkDocument> }>();
  const parse = (doc: TextDocument, explicit = false) => {
    const text = doc.getText();
    const hit = cache.get(doc.uri);
    if (hit && hit.version === doc.version && hit.text === text && hit.explicit === explicit) return hit.result;
    const result = parseSparkDocument({ uri: doc.uri, text, languageId: doc.languageId, version: doc.version, explicit }, options.python);
    cache.set(doc.uri, { version: doc.version, text, explicit, result });
    if (cache.size > 200) cache.delete(cache.keys().next().value!);
    return result;
  };

  return {
    rules: SPARK_RULES.map(({ id, defaultSeverity, summary }) => ({ id, defaultSeverity, summary })),

    fileKind(doc, opts) {
      return parse(doc, opts?.explicit)?.kind;
    },

    validate(doc, settings, opts) {
      if (!settings.validation.enable) return [];
      const parsed = parse(doc, opts?.explicit);
      if (!parsed) return [];
      return runSparkRules(doc, parsed.doc, settings);
    },

    hover(doc, offset) {
      const parsed = parse(doc);
      if (!parsed) return null;
      const h = sparkHover(parsed.doc, offset);
      return h ? { contents: { kind: 'markdown', value: h.markdown }, range: toRange(doc, h.range) } : null;
    },

    complete(doc, offset) {
      const parsed = parse(doc);
      // A .conf file that is not Spark configuration yet (new, or its first key half-typed) gets key completion
      // only while every line is a comment or starts with `spark`: nginx or supervisord files get none.
      const sparkSoFar = doc.uri.endsWith('.conf') && doc.getText().split('\n').every((l) => /^\s*(?:[#!].*)?$|^\s*spark/.test(l));
      const kind = parsed?.kind ?? (doc.languageId === 'spark-conf' || sparkSoFar ? 'spark-conf' : undefined);
      return kind ? sparkCompletion(kind, doc, offset, parsed?.doc) : [];
    },

    codeActions(doc, diagnostics) {
      const actions: CodeAction[] = [];
      for (const d of diagnostics) {
        if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string') continue;
        const data = d.data as DiagnosticData | undefined;
        for (const f of data?.fixes ?? []) {
          actions.push({
            title: f.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            isPreferred: f.preferred ?? false,
            edit: { changes: { [doc.uri]: f.edits } },
          });
        }
      }
      return actions;
    },
  };
}

function runSparkRules(doc: TextDocument, spark: SparkDocument, settings: LanguageSettings): Diagnostic[] {
  const text = doc.getText();
  const scopes = spark.scopes.map(analyzeScope);
  const diagnostics: Diagnostic[] = [];
  const lineAt = lineIndex(text);
  for (const rule of SPARK_RULES) {
    const level = settings.rules[rule.id];
    if (level === 'off') continue;
    const findings: Finding[] = [];
    try {
      rule.check({ text, doc: spark, scopes, report: (f) => findings.push(f), lineAt });
    } catch (e) {
      // A rule bug must not take the other rules (or the server) down; surface it instead.
      findings.push({ range: { start: 0, end: 0 }, severity: 'information', message: `Lineage Lens: rule ${rule.id} failed on this file (${(e as Error).message}). Please report this.` });
    }
    for (const f of findings) diagnostics.push(toDiagnostic(doc, rule, f, level));
  }
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function toDiagnostic(doc: TextDocument, rule: RuleMeta, f: Finding, level: Severity | undefined): Diagnostic {
  const severity = level ?? f.severity ?? rule.defaultSeverity;
  const data: DiagnosticData = { fixes: (f.fixes ?? []).map((fx: Fix) => ({ title: fx.title, ...(fx.preferred ? { preferred: true } : {}), edits: fx.edits.map((e) => ({ range: toRange(doc, e.range), newText: e.newText })) })) };
  const tags = (f.tags ?? []).map((t) => (t === 'deprecated' ? DiagnosticTag.Deprecated : DiagnosticTag.Unnecessary));
  return {
    range: toRange(doc, f.range),
    severity: SEVERITY[severity],
    code: rule.id,
    codeDescription: { href: ruleDocsUrl(rule.id) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
    ...(tags.length ? { tags } : {}),
    data,
  };
}

function toRange(doc: TextDocument, r: { start: number; end: number }): Range {
  return { start: doc.positionAt(r.start), end: doc.positionAt(r.end) };
}
