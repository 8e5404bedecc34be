/**
 * What an Airflow DAG file declares, as far as lineage is concerned: DAGs, tasks, their dependencies, and the
 * inlets/outlets (xlets) they declare, each with its source range. Produced by `parseDagFile` from a
 * tree-sitter tree (error-tolerant: files are edited live and often broken mid-edit); read by the `dags/*`
 * rules and by the static lineage model (`lineage.ts`).
 *
 * All ranges are UTF-16 offsets into the file's text.
 */
import type { OffsetRange, ValueKind } from '../text/model';

/** A string as written in Python: a literal, a template (`{{ ds }}`, `${X}`), or an expression we can't evaluate. */
export interface PyString {
  readonly value: string;
  /** The value's text (inside the quotes for literals; the whole expression otherwise). */
  readonly range: OffsetRange;
  readonly kind: ValueKind;
  /** True when `text.slice(range) === value`, so sub-ranges inside the value are exact. */
  readonly exact: boolean;
}

/** A keyword argument of a constructor call, e.g. `uri="s3://b/k"` or the first positional argument. */
export interface PyArg {
  /** Keyword name, or `#0`, `#1`, ... for positional arguments. */
  readonly name: string;
  /** The keyword's range (or the argument's range when positional). */
  readonly nameRange: OffsetRange;
  /** The argument value when it is a string; undefined for other expressions. */
  readonly string?: PyString;
  /** The whole argument value's range. */
  readonly valueRange: OffsetRange;
  /** The value's source text. */
  readonly valueText: string;
  /**
   * The items of a list or tuple value (or of a name bound once to one), each as `string` is read; an item that
   * is not a string is an `expression`.
   */
  readonly strings?: readonly PyString[];
  /**
   * The entries of a dict value (`{...}`, `dict(k=v)`, or a name bound once to one; `**spread` followed), as
   * arguments named by their string keys, read like the call's own arguments (nested dicts have entries too).
   */
  readonly entries?: readonly PyArg[];
}

/** Where an xlet came from, so rules can say "in default_args" or "bound to `orders` on line 3". */
export type XletOrigin = 'inlets' | 'outlets' | 'schedule' | 'default_args.inlets' | 'default_args.outlets';

/**
 * One inlet or outlet, resolved through module-level names, lists and tuples. The `range` is where it is
 * written in the call (a name like `orders_ds` when bound elsewhere); `definitionRange` is where the object is
 * constructed.
 */
export type Xlet =
  | (XletBase & {
      /** Airflow 2 `airflow.datasets.Dataset`, Airflow 3 `airflow.sdk.Asset` (and `Dataset`/`Model` aliases), `AssetAlias`. */
      readonly kind: 'asset';
      /** The class as imported, e.g. `Dataset`, `Asset`, `AssetAlias`, `Model`. */
      readonly className: string;
      /** The module the class was imported from, when the import is in the file (`airflow.datasets`, `airflow.sdk`). */
      readonly module?: string;
      readonly args: readonly PyArg[];
    })
  | (XletBase & {
      /** `airflow.lineage.entities` (Airflow 2; removed in 3): Table, File, Column, User. */
      readonly kind: 'entity';
      readonly className: 'Table' | 'File' | 'Column' | 'User' | 'Tag';
      readonly module?: string;
      readonly args: readonly PyArg[];
    })
  | (XletBase & {
      /** openlineage-python `Dataset(namespace=..., name=...)`. */
      readonly kind: 'ol-dataset';
      readonly module?: string;
      readonly args: readonly PyArg[];
    })
  | (XletBase & {
      /** OpenMetadata `OMEntity(entity=..., fqn=..., key=...)`. */
      readonly kind: 'om-entity';
      readonly module?: string;
      readonly args: readonly PyArg[];
    })
  | (XletBase & {
      /** OpenMetadata dict form `{"entity": ..., "fqn": ..., "key": ...}`. */
      readonly kind: 'om-dict';
      readonly entries: readonly PyDictEntry[];
    })
  | (XletBase & {
      /**
       * OpenMetadata legacy dict `{"tables": [FQN, ...]}` (deprecated since OpenMetadata 1.4) and Airflow 1.10
       * dicts (`{"datasets": [...]}`, `{"auto": True}`): every list-valued key is a group key.
       */
      readonly kind: 'legacy-dict';
      readonly entries: readonly PyDictEntry[];
    })
  | (XletBase & {
      /** Anything else: a call we don't know, a name we can't resolve, a number. */
      readonly kind: 'unknown';
      readonly text: string;
    });

interface XletBase {
  readonly origin: XletOrigin;
  /** Where it appears in the inlets/outlets/schedule expression. */
  readonly range: OffsetRange;
  /** Where the object is constructed (differs from `range` when it was bound to a name). */
  readonly definitionRange: OffsetRange;
  /** The module-level name it was bound to, if it came through one. */
  readonly boundName?: string;
}

export interface PyDictEntry {
  readonly key: PyString;
  /** String values; list values are expanded into `items`. */
  readonly value?: PyString;
  readonly items?: readonly PyString[];
  /** The entry's whole range, for fixes. */
  readonly range: OffsetRange;
  readonly valueRange: OffsetRange;
}

export interface TaskDef {
  /** The `task_id` string, or the decorated function's name for `@task`. */
  readonly taskId?: PyString;
  /** The variable the task is assigned to (`extract = BashOperator(...)`), for dependencies. */
  readonly variable?: string;
  /** The operator class or `task` decorator as written (`BashOperator`, `task`, `task.bash`). */
  readonly operator: string;
  /** The whole call (or decorated function) range; the task's source location. */
  readonly range: OffsetRange;
  /** Index into `DagFile.dags` of the DAG the task belongs to, when known. */
  readonly dag?: number;
  /**
   * The task group prefix Airflow puts before the task id (`group.task_id`; nested groups dot-joined), when the
   * task is created inside `with TaskGroup(...)` or a `@task_group` function (absent with `prefix_group_id=False`).
   * Its range is the innermost group id's.
   */
  readonly taskGroup?: PyString;
  readonly inlets: readonly Xlet[];
  readonly outlets: readonly Xlet[];
  /** Range of the `inlets=` / `outlets=` keyword arguments, for fixes and messages. */
  readonly inletsRange?: OffsetRange;
  readonly outletsRange?: OffsetRange;
  /**
   * Every argument of the operator call (of the decorator call for `@task.x(...)`), keyword and positional, as
   * the operator receives it: what lineage prediction reads (`sql=`, `conn_id=`, `bucket_name=`...).
   */
  readonly args: readonly PyArg[];
  /** OpenMetadata-style callbacks and the like stay with their families; this model is about lineage. */
}

export interface DagDef {
  /** The `dag_id` (first positional or keyword), or the decorated function's name for `@dag`. */
  readonly dagId?: PyString;
  readonly form: 'with' | 'call' | 'decorator';
  readonly range: OffsetRange;
  /** Assets in `schedule=[...]` (data-aware scheduling): the DAG consumes them. */
  readonly schedule: readonly Xlet[];
  /** `default_args={"inlets": ..., "outlets": ...}` apply to every task of the DAG. */
  readonly defaultInlets: readonly Xlet[];
  readonly defaultOutlets: readonly Xlet[];
  /**
   * The arguments of the `DAG(...)` / `@dag(...)` call (`template_searchpath=`, `default_args=` with its
   * entries): `default_args` entries apply to every task whose operator takes them, as BaseOperator applies them.
   */
  readonly args: readonly PyArg[];
}

/** `a >> b`, `a << b`, `a.set_upstream(b)`, `chain(a, b, c)`; resolved to task indices where possible. */
export interface Dependency {
  readonly upstream: number;
  readonly downstream: number;
  readonly range: OffsetRange;
}

export interface ImportBinding {
  /** The local name (`Dataset`, or the alias of `import X as Y`). */
  readonly local: string;
  /** The imported name (`Dataset`). */
  readonly imported: string;
  /** The module (`airflow.datasets`). */
  readonly module: string;
  readonly range: OffsetRange;
}

export interface DagFile {
  /** True when the file imports Airflow (only such files are DAG files to us). */
  readonly isAirflow: boolean;
  readonly imports: readonly ImportBinding[];
  readonly dags: readonly DagDef[];
  readonly tasks: readonly TaskDef[];
  readonly dependencies: readonly Dependency[];
}
