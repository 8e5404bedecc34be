/**
 * The Lineage Lens language service: pure functions from document text (and settings) to diagnostics,
 * hovers, completions and code actions. No `vscode`, no I/O: the LSP server and the CLI are thin layers on
 * top of it, and tests call it directly.
 */
import {
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type Location,
  type Range,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocInput, Family } from './family';
import type { LineageIndex } from './dags/lineage';
import { builtinFamilies } from './families';
import { EMPTY_PROJECT, type ProjectModel } from './project/model';
import { ruleDocsUrl, type Finding, type Fix, type RuleMeta, type Severity } from './rules/rule';
import type { LanguageSettings } from './language-settings';
import type { PythonTreeSource } from './python/parser';
import type { JvmSparkParser, PythonSparkParser } from './spark/parse';
import type { SettingsDocument } from './settings/model';
import { lineIndex } from './util/search';
import { isNotebookPath, NotebookLayer, UNREADABLE_NOTEBOOK } from './notebook/service';
import {
  DEFAULT_LIMITS,
  GENERAL_RULES,
  TIME_BUDGET,
  TOO_LARGE,
  maxFileBytes,
  outOfTime,
  overBudget,
  tooLargeMessage,
  withTimeBudget,
  type Limits,
} from './budget';

export {
  DEFAULT_SETTINGS,
  normalizeDiagnosticsScope,
  normalizeSettings,
  type DiagnosticsScope,
  type LanguageSettings,
} from './language-settings';
export type { RuleMeta, Severity } from './rules/rule';
export type { JvmSparkParser, PythonSparkParser } from './spark/parse';
export type { JvmLanguage } from './spark/parsers/jvm-spark/syntax';
export type { PythonTreeSource } from './python/parser';
export type { DocInput, Family } from './family';
export { ProjectIndex, projectFileKind } from './project/index';
export { LineageIndex, jobNamespace } from './dags/lineage';
export { EMPTY_PROJECT, type ProjectModel } from './project/model';
export { DEFAULT_LIMITS, maxFileBytes, overBudget, type Limits } from './budget';
export { isNotebookPath, notebookPythonUri, NOTEBOOK_MAX_CHARS, type EditorCell, type NotebookLayer } from './notebook/service';

/** The source shown next to every diagnostic. */
export const DIAGNOSTIC_SOURCE = 'Lineage Lens';

/** What a diagnostic's `data` carries: the quick fixes, already as LSP edits, so code actions need no re-analysis. */
export interface DiagnosticData {
  readonly fixes: readonly { title: string; preferred?: boolean; edits: { range: Range; newText: string }[] }[];
}

export interface LanguageServiceOptions {
  /** Python support; without it Python files are skipped (the CLI and server always provide it). */
  readonly python?: PythonSparkParser;
  /** Python syntax trees (tree-sitter), cached per document version, for families that read Python code. */
  readonly pythonTree?: PythonTreeSource;
  /** Scala and Java support; without it those files are skipped. */
  readonly jvm?: JvmSparkParser;
  /** The families to run instead of the built-in ones (tests of one family). */
  readonly families?: readonly Family[];
  /** The size and time budgets of one document (budget.ts); the defaults unless given. */
  readonly limits?: Partial<Limits>;
  /** The clock of the time budget, in milliseconds (tests pass a fake one). */
  readonly now?: () => number;
}

export interface ValidateOptions {
  /** The user named this file explicitly (CLI): decide by content whatever its name. */
  readonly explicit?: boolean;
  /** What is known about the workspace; rules that depend on it say so when it is empty. */
  readonly project?: ProjectModel;
  /** The workspace's static lineage (DAG files), for definitions and references across files. */
  readonly lineage?: LineageIndex;
  /** A notebook's environment settings (the notebook layer passes them with the notebook's Python document). */
  readonly notebookEnv?: SettingsDocument;
}

/** Documentation files: they quote configuration, often deliberately wrong; no family checks them. */
const DOCUMENTATION = /\.(md|markdown|mdx|rst|adoc|txt\.md|html?)$/i;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface LanguageService {
  /** Every rule's metadata (id, default severity, summary), for settings validation and docs. */
  readonly rules: readonly RuleMeta[];
  /** What the document is to the families that recognise it (e.g. `spark-conf`), if anything. */
  fileKind(doc: TextDocument, options?: ValidateOptions): string | undefined;
  /** The family that recognises the document (`spark`, `airflow`, `gx`, `ol-config`, `dbt`, `openmetadata`, `dags`) and what it is to it. */
  classify(doc: TextDocument, options?: ValidateOptions): { family: string; kind: string } | undefined;
  validate(doc: TextDocument, settings: LanguageSettings, options?: ValidateOptions): Diagnostic[];
  hover(doc: TextDocument, offset: number, options?: ValidateOptions): Hover | null;
  complete(doc: TextDocument, offset: number, options?: ValidateOptions): CompletionItem[];
  definition(doc: TextDocument, offset: number, options?: ValidateOptions): Location[];
  /** Every place the symbol at `offset` is used, across the workspace (with its declarations if asked). */
  references(doc: TextDocument, offset: number, options?: ValidateOptions & { includeDeclaration?: boolean }): Location[];
  /** Quick fixes for the diagnostics VS Code passes in (ours are recognised by source, code and data). */
  codeActions(doc: TextDocument, diagnostics: readonly Diagnostic[]): CodeAction[];
  /** The budgets this service applies to every document. */
  readonly limits: Limits;
  /** Notebooks open in the editor (LSP notebook sync): checked as one document, answered per cell. */
  readonly notebooks?: NotebookLayer;
  /**
   * For readers that know a file's size before reading it: the one diagnostic of a file of `bytes` bytes when
   * it is certainly over the size budget (more than `maxFileBytes(limits)`), else undefined (read it and
   * validate as usual).
   */
  tooLargeOnDisk(bytes: number, settings: LanguageSettings): Diagnostic[] | undefined;
}

/** Characters of an oversized document that are still used to decide whether a family recognises it. */
const CLASSIFY_HEAD_CHARS = 64 * 1024;

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  const families: readonly Family[] = options.families ?? builtinFamilies(options);
  const rules = [...GENERAL_RULES, ...families.flatMap((f) => f.rules)];
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const now = options.now ?? (() => Date.now());
  // Whether a document is over the size budget, computed once per document version.
  const budgetCache = new WeakMap<TextDocument, { version: number; over: string | undefined }>();
  const tooLarge = (doc: TextDocument): string | undefined => {
    const hit = budgetCache.get(doc);
    if (hit && hit.version === doc.version) return hit.over;
    const over = overBudget(doc.getText(), limits);
    budgetCache.set(doc, { version: doc.version, over });
    return over;
  };
  // Documentation quotes configuration as examples (often deliberately wrong ones); it is never checked.
  const familiesFor = (doc: TextDocument): readonly Family[] => (DOCUMENTATION.test(doc.uri) ? [] : families);
  const input = (doc: TextDocument, opts?: ValidateOptions): DocInput => ({
    uri: doc.uri,
    text: doc.getText(),
    languageId: doc.languageId,
    version: doc.version,
    ...(opts?.explicit ? { explicit: true } : {}),
    project: opts?.project ?? EMPTY_PROJECT,
    ...(opts?.lineage ? { lineage: opts.lineage } : {}),
    ...(opts?.notebookEnv ? { notebookEnv: opts.notebookEnv } : {}),
    lineAt: lineIndex(doc.getText()),
    doc,
  });

  const classify = (doc: TextDocument, opts?: ValidateOptions): { family: string; kind: string } | undefined => {
    // An oversized document is recognised (or not) by its head: no family reads all of it.
    const i = tooLarge(doc) ? headInput(doc, opts) : input(doc, opts);
    return budgeted(undefined, () => {
      for (const f of familiesFor(doc)) {
        let k: string | undefined;
        try {
          k = f.kind(i);
        } catch {
          // A bug in one family's reader must not stop the others (or the CLI run) from seeing the file; the
          // family's validate fails the same way and reports it as its internal-error diagnostic.
          continue;
        }
        if (k) return { family: f.id, kind: k };
      }
      return undefined;
    });
  };

  const headInput = (doc: TextDocument, opts?: ValidateOptions): DocInput => {
    const text = doc.getText().slice(0, CLASSIFY_HEAD_CHARS);
    return { ...input(doc, opts), text, lineAt: lineIndex(text) };
  };

  /**
   * A request (hover, completion, ...) under the same time budget as validation: a parse it starts is cancelled
   * past it (and that version is then known to have no tree), and the request answers `none`.
   */
  const budgeted = <T>(none: T, work: () => T): T => {
    let result = none;
    const outcome = withTimeBudget(limits.timeMs, now, () => {
      result = work();
    });
    return outcome === 'parse' ? none : result;
  };

  const general = (doc: TextDocument, settings: LanguageSettings, rule: RuleMeta, message: string): Diagnostic[] =>
    settings.rules[rule.id] === 'off'
      ? []
      : [toDiagnostic(doc, rule, { range: { start: 0, end: 0 }, message }, levelOf(settings, rule.id))];

  const service: LanguageService = {
    rules,
    limits,

    tooLargeOnDisk(bytes, settings) {
      if (bytes <= maxFileBytes(limits)) return undefined;
      if (!settings.validation.enable) return [];
      // Position 0:0 needs no text: a stand-in document that holds none.
      const empty = {
        uri: '',
        languageId: '',
        version: 0,
        lineCount: 1,
        getText: () => '',
        positionAt: () => ({ line: 0, character: 0 }),
        offsetAt: () => 0,
      } as unknown as TextDocument;
      return general(empty, settings, TOO_LARGE, tooLargeMessage(bytes, limits, 'bytes'));
    },

    fileKind(doc, opts) {
      return classify(doc, opts)?.kind;
    },

    classify,

    validate(doc, settings, opts) {
      if (!settings.validation.enable) return [];
      const over = tooLarge(doc);
      if (over) return opts?.explicit || classify(doc, opts) ? general(doc, settings, TOO_LARGE, over) : [];
      const i = input(doc, opts);
      const diagnostics: Diagnostic[] = [];
      const enabled = (id: string) => settings.rules[id] !== 'off';
      const started = now();
      const outcome = withTimeBudget(limits.timeMs, now, () => {
        for (const family of familiesFor(doc)) {
          if (outOfTime()) return;
          const report = (rule: RuleMeta, f: Finding) => diagnostics.push(toDiagnostic(doc, rule, f, levelOf(settings, rule.id)));
          try {
            family.validate(i, enabled, report);
          } catch (e) {
            // A bug in one family must not take the others (or the server) down; surface it instead.
            const meta: RuleMeta = { id: `${family.id}/internal-error`, defaultSeverity: 'information', summary: '' };
            report(meta, {
              range: { start: 0, end: 0 },
              message: `Lineage Lens: checking this file for ${family.id} failed (${(e as Error).message}). Please report this.`,
            });
          }
        }
      });
      const seconds = ((now() - started) / 1000).toFixed(1);
      if (outcome === 'parse') {
        // Parsing alone ran out of time: what other families found is partial too, so this is the one finding.
        return general(
          doc,
          settings,
          TIME_BUDGET,
          `Lineage Lens stopped parsing this file after ${seconds} s (the limit is ${limits.timeMs / 1000} s): it was not checked, so it may have problems not shown.`,
        );
      }
      if (outcome === 'rules') {
        diagnostics.push(
          ...general(
            doc,
            settings,
            TIME_BUDGET,
            `Lineage Lens stopped checking this file after ${seconds} s (the limit is ${limits.timeMs / 1000} s): the rules not run yet were skipped, so it may have more problems than shown.`,
          ),
        );
      }
      return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    },

    hover(doc, offset, opts) {
      if (tooLarge(doc)) return null;
      const i = input(doc, opts);
      return budgeted(null, () => {
        for (const f of familiesFor(doc)) {
          const h = f.hover?.(i, offset);
          if (h) return { contents: { kind: 'markdown', value: h.markdown }, range: toRange(doc, h.range) };
        }
        return null;
      });
    },

    complete(doc, offset, opts) {
      if (tooLarge(doc)) return [];
      const i = input(doc, opts);
      return budgeted([], () => familiesFor(doc).flatMap((f) => f.complete?.(i, offset) ?? []));
    },

    definition(doc, offset, opts) {
      if (tooLarge(doc)) return [];
      const i = input(doc, opts);
      return budgeted([], () => familiesFor(doc).flatMap((f) => f.definition?.(i, offset) ?? []));
    },

    references(doc, offset, opts) {
      if (tooLarge(doc)) return [];
      const i = input(doc, opts);
      return budgeted([], () =>
        familiesFor(doc).flatMap((f) => f.references?.(i, offset, { includeDeclaration: !!opts?.includeDeclaration }) ?? []),
      );
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
  return withNotebooks(service, new NotebookLayer(service, options.pythonTree));
}

/**
 * The service with notebooks: a `.ipynb` text is checked through its code cells (positions mapped back to the
 * JSON text), and `notebooks` checks a notebook open in the editor cell by cell.
 */
function withNotebooks(service: LanguageService, notebooks: NotebookLayer): LanguageService {
  const nb = (doc: TextDocument) => isNotebookPath(doc.uri);
  return {
    ...service,
    rules: [...service.rules.slice(0, GENERAL_RULES.length), UNREADABLE_NOTEBOOK, ...service.rules.slice(GENERAL_RULES.length)],
    notebooks,
    fileKind: (doc, o) => (nb(doc) ? notebooks.classifyFile(doc, o)?.kind : service.fileKind(doc, o)),
    classify: (doc, o) => (nb(doc) ? notebooks.classifyFile(doc, o) : service.classify(doc, o)),
    validate: (doc, settings, o) => (nb(doc) ? notebooks.validateFile(doc, settings, o) : service.validate(doc, settings, o)),
    hover: (doc, offset, o) => (nb(doc) ? notebooks.hoverFile(doc, offset, o) : service.hover(doc, offset, o)),
    // Completion, definitions and references in a notebook's JSON text are not offered (its cells get them in the editor).
    complete: (doc, offset, o) => (nb(doc) ? [] : service.complete(doc, offset, o)),
    definition: (doc, offset, o) => (nb(doc) ? [] : service.definition(doc, offset, o)),
    references: (doc, offset, o) => (nb(doc) ? [] : service.references(doc, offset, o)),
  };
}

function levelOf(settings: LanguageSettings, id: string): Severity | undefined {
  const level = settings.rules[id];
  return level && level !== 'off' ? level : undefined;
}

function toDiagnostic(doc: TextDocument, rule: RuleMeta, f: Finding, level: Severity | undefined): Diagnostic {
  const severity = level ?? f.severity ?? rule.defaultSeverity;
  const data: DiagnosticData = {
    fixes: (f.fixes ?? []).map((fx: Fix) => ({
      title: fx.title,
      ...(fx.preferred ? { preferred: true } : {}),
      edits: fx.edits.map((e) => ({ range: toRange(doc, e.range), newText: e.newText })),
    })),
  };
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
