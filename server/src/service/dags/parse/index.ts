/**
 * Reads an Airflow DAG file's lineage declarations from its tree-sitter tree: DAGs (`DAG(...)`,
 * `with DAG(...) as dag`, `@dag`), tasks (operator calls, `@task` functions), task groups, dependencies
 * (`>>`, `<<`, `set_upstream`/`set_downstream`, `chain`, `chain_linear`, `cross_downstream`) and the
 * inlets/outlets/schedule objects, resolved through the names they are bound to.
 *
 * The reading is in passes: `outline.ts` collects the nodes and scopes of the file in one query;
 * `dags.ts`, `tasks.ts` (placed by `placement.ts`) and `dependencies.ts` read the model from it, with
 * `xlets.ts` for inlets/outlets and `context.ts` for what they share (names, arguments, strings).
 *
 * Error tolerance: the whole tree is walked, ERROR nodes included. When the tree has ERROR nodes (a file
 * being typed), the broken statements are blanked out and the text parsed again (`python/repair.ts`): one
 * unclosed bracket then costs only its own statement instead of everything after it. This needs
 * `options.reparse`; without it the tree is read as it is.
 *
 * All offsets are UTF-16 offsets into `text`, like every offset in the service.
 */
import type { PythonTree } from '../../python/parser';
import { repairSyntaxErrors } from '../../python/repair';
import type { DagFile } from '../model';
import { DAG_MODULE, DagContext } from './context';
import { DagDefs } from './dags';
import { readDependencies } from './dependencies';
import { outlineOf } from './outline';
import { Placements } from './placement';
import { TaskDefs } from './tasks';
import { XletReader } from './xlets';

export interface ParseDagOptions {
  /**
   * Parses a repaired copy of the text (same length). Given, a file with syntax errors is read statement by
   * statement around the broken one; without it, as tree-sitter's error recovery left it. Returning
   * `undefined` (the parse was cancelled: time budget) stops the repairs.
   */
  readonly reparse?: (text: string) => PythonTree | undefined;
}

/** Cheap test: can this Python text be an Airflow DAG file at all? */
export function mentionsAirflow(text: string): boolean {
  return text.includes('airflow');
}

const IMPORTS_AIRFLOW = /^[ \t]*(?:from|import)[ \t]+airflow\b/m;

/** The DAG file model of `text`, parsed as `tree` (none: its parse was cancelled, an empty model). Never throws. */
export function parseDagFile(tree: PythonTree | undefined, text: string, options: ParseDagOptions = {}): DagFile {
  if (!tree) return { isAirflow: false, imports: [], dags: [], tasks: [], dependencies: [] };
  let root = tree.rootNode;
  let source = text;
  if (options.reparse && root.hasError) ({ root, text: source } = repairSyntaxErrors(root, text, options.reparse));
  try {
    const outline = outlineOf(root, source);
    const isAirflow = outline.imports.some((i) => DAG_MODULE.test(i.module)) || IMPORTS_AIRFLOW.test(text);
    const cx = new DagContext(source, outline);
    const xlets = new XletReader(cx);
    const dags = new DagDefs(cx, xlets);
    const placements = new Placements(cx, dags);
    const tasks = new TaskDefs(cx, xlets, dags, placements);
    const dependencies = readDependencies(cx, tasks, placements);
    return { isAirflow, imports: outline.imports, dags: dags.defs, tasks: tasks.defs, dependencies };
  } catch {
    // A bug here must not take validation down; an empty model is the safe answer.
    return { isAirflow: IMPORTS_AIRFLOW.test(text), imports: [], dags: [], tasks: [], dependencies: [] };
  }
}
