/**
 * The details panel: a summary of the graph when nothing is selected; for a node, what Marquez and the
 * OpenLineage facets say about it (schema, latest run, SQL, source code location, documentation, owners,
 * data-quality assertions, column lineage, other facets) and its neighbours; for a "N more" node, what it
 * folds. Everything from the response is set as text (`textContent`), never parsed as HTML; SQL highlighting
 * is spans of text.
 */
import type { ExploreState, Side } from './graph/explore';
import { formatDuration } from '../../common/duration';
import { count } from '../../common/plural';
import { nodeDetails, type ColumnInput, type SchemaField, type SourceCodeLink } from './graph/facets';
import { issueOf, type IssueInfo } from './graph/issues';
import { foundShort, type PredictedInfo } from './graph/predicted';
import type { GraphNode, LineageModel } from './graph/model';
import { KIND_LETTER, KIND_NAME, type SceneNode } from './graph/scene';
import { tokenizeSql } from './graph/sql';

export interface DetailsActions {
  select(id: string): void;
  /** Explores around `id`, or shows the whole response for undefined. */
  explore(id: string | undefined): void;
  expand(id: string, side: Side): void;
  collapse(id: string, side: Side): void;
  openGroup(groupId: string, select?: string): void;
  openSource(location: SourceCodeLink): void;
  setMode(mode: 'table' | 'column'): void;
}

export interface DetailsContext {
  title: string;
  /** The model shown (table or column level). */
  model: LineageModel;
  mode: 'table' | 'column';
  columnAvailable: boolean;
  explore: ExploreState;
  /** Shown real nodes, and all nodes of the model. */
  shown: number;
  /** The selected scene node, if any. */
  selected?: SceneNode;
  /** Size of the selected node's lineage among the shown nodes. */
  path?: { upstream: number; downstream: number };
  /** Hidden neighbours of the selected node, in the model and beyond the response. */
  hidden?: { upstream: number; downstream: number };
  outside?: { upstream: number; downstream: number };
  /** `side`: the DAG Lineage view, where clicks open definitions and expand datasets. */
  variant?: 'panel' | 'side';
  /** The host's lines about the graph (where it comes from, what is missing), shown in the summary. */
  notices?: { text: string; actions: { label: string; run: () => void }[] }[];
}

type Child = Node | string | undefined | false;

/** An element with text content or children; every string becomes a text node. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; title?: string; attrs?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.title !== undefined) e.title = props.title;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== false) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

function button(text: string, onClick: () => void, props: { class?: string; title?: string } = {}): HTMLButtonElement {
  const b = el('button', { class: props.class ?? 'll-button', title: props.title, attrs: { type: 'button' } }, text);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Sets `text` as the content of `element`, with a line-break opportunity (`<wbr>`) after each `.`, `/`, `:`
 * and `_`, so that long names wrap between their parts. Text nodes only: nothing is parsed as HTML.
 */
export function setBreakableText(element: Element, text: string): void {
  element.replaceChildren();
  for (const part of text.split(/(?<=[./:_])/)) element.append(document.createTextNode(part), document.createElement('wbr'));
  element.lastChild?.remove();
}

function breakable(tag: 'h2' | 'dd' | 'span', text: string, className?: string): HTMLElement {
  const e = el(tag, { class: className });
  setBreakableText(e, text);
  return e;
}

/** A timestamp as `2024-11-18 02:41:09 UTC`. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

/** Replaces the panel's content with the summary, a node's details or a "N more" node's content. */
export function renderDetails(container: HTMLElement, ctx: DetailsContext, actions: DetailsActions): void {
  container.replaceChildren();
  const s = ctx.selected;
  if (!s) summary(container, ctx, actions);
  else if (s.group) moreDetails(container, ctx, s, actions);
  else if (s.node) nodeDetailsPanel(container, ctx, s.node, actions);
}

function summary(container: HTMLElement, ctx: DetailsContext, actions: DetailsActions): void {
  const { model } = ctx;
  container.append(el('h2', { class: 'll-title' }, ctx.title));
  const jobs = model.nodes.filter((n) => n.kind === 'job').length;
  const datasets = model.nodes.filter((n) => n.kind === 'dataset').length;
  const fields = model.nodes.filter((n) => n.kind === 'field').length;
  const others = model.nodes.length - jobs - datasets - fields;
  const counts = ctx.mode === 'column' ? [count(fields, 'column')] : [count(jobs, 'job'), count(datasets, 'dataset')];
  if (ctx.mode === 'table' && fields > 0) counts.push(count(fields, 'column'));
  if (others > 0) counts.push(count(others, 'other node'));
  container.append(el('p', { class: 'll-summary' }, `${counts.join(', ')}; ${count(model.edges.length, 'edge')}.`));
  const focus = ctx.explore.focus !== undefined ? model.nodeById.get(ctx.explore.focus) : undefined;
  if (focus) {
    const depth = Number.isFinite(ctx.explore.depth) ? `depth ${ctx.explore.depth}` : 'all levels';
    const direction = ctx.explore.direction === 'both' ? 'upstream and downstream' : ctx.explore.direction;
    const p = el(
      'p',
      { class: 'll-note' },
      `Showing ${ctx.shown.toLocaleString('en-US')} of ${count(model.nodes.length, 'node')}: ${depth} ${direction} of ${focus.label}. `,
    );
    p.append(button('Show everything', () => actions.explore(undefined), { class: 'll-inline-button' }));
    container.append(p);
  }
  if (model.danglingEdges > 0) {
    const n = model.danglingEdges;
    container.append(
      el(
        'p',
        { class: 'll-note' },
        `${n} ${n === 1 ? 'connection leads' : 'connections lead'} further than this graph reaches and ${n === 1 ? 'is' : 'are'} not drawn: select a node at the edge and use Fetch upstream or Fetch downstream to follow ${n === 1 ? 'it' : 'them'}.`,
      ),
    );
  }
  if (model.duplicateNodes > 0)
    container.append(
      el('p', { class: 'll-note' }, `${model.duplicateNodes} repeated ${model.duplicateNodes === 1 ? 'node was' : 'nodes were'} ignored.`),
    );
  for (const notice of ctx.notices ?? []) {
    const p = el('p', { class: 'll-note ll-host-notice' }, notice.text);
    for (const a of notice.actions) p.append(' ', button(a.label, a.run, { class: 'll-inline-button' }));
    container.append(p);
  }
  if (ctx.variant === 'side') {
    names(container, model, actions);
    container.append(
      el(
        'p',
        { class: 'll-hint' },
        'Click a task to open its definition in the editor; click a dataset to see its lineage around it. Scroll to zoom, drag to pan.',
      ),
    );
    return;
  }
  container.append(
    el(
      'p',
      { class: 'll-hint' },
      'Select a node to see its details and highlight what feeds it (upstream) and what it feeds (downstream). Scroll to zoom, drag to pan, Escape to clear the selection.',
    ),
    el(
      'p',
      { class: 'll-hint' },
      'Keyboard: arrow keys move between neighbours, Enter selects, Shift+Left/Right shows more upstream/downstream, F fits the graph, / searches. Double-click a node to explore around it.',
    ),
  );
}

/**
 * The DAG Lineage view's list beside the graph: every task and dataset by its whole name, so that a narrow side
 * bar shows them all legibly whatever the graph's zoom; a click selects the node.
 */
function names(container: HTMLElement, model: LineageModel, actions: DetailsActions): void {
  for (const [kind, heading] of [
    ['job', 'Tasks'],
    ['dataset', 'Datasets'],
  ] as const) {
    const nodes = model.nodes.filter((n) => n.kind === kind);
    if (nodes.length === 0) continue;
    const list = el('ul', { class: 'll-names', attrs: { 'aria-label': heading } });
    for (const n of nodes) {
      const b = button('', () => actions.select(n.id), { class: `ll-name kind-${kind}`, title: `${n.name}\n${n.namespace}` });
      setBreakableText(b, n.label);
      b.dataset.id = n.id;
      // How the code names a dataset (read from SQL, from dbt, declared and ignored…), beside its name.
      const how = kind === 'dataset' ? foundShort(n) : undefined;
      list.append(el('li', {}, b, how !== undefined && el('span', { class: 'll-muted ll-found' }, ` · ${how}`)));
    }
    section(container, `${heading} (${nodes.length})`, list);
  }
}

function section(container: HTMLElement, heading: string, ...children: Child[]): void {
  container.append(el('h3', {}, heading), ...children.filter((c): c is Node | string => c !== undefined && c !== false));
}

function nodeDetailsPanel(container: HTMLElement, ctx: DetailsContext, node: GraphNode, actions: DetailsActions): void {
  const { model } = ctx;
  const details = nodeDetails(node);
  const header = el(
    'div',
    { class: `ll-heading ${node.kind}` },
    el('span', { class: 'll-kind-badge', attrs: { 'aria-hidden': 'true' } }, KIND_LETTER[node.kind]),
    breakable('h2', node.label, 'll-name'),
  );
  container.append(header);
  const issue = issueOf(node);
  if (issue) container.append(issueSection(issue));

  // What can be done from here.
  const bar = el('div', { class: 'll-actions' });
  if (ctx.explore.focus !== node.id)
    bar.append(
      button('Explore from here', () => actions.explore(node.id), {
        title: `Show the lineage around ${node.label} only (depth ${ctx.explore.depth === Infinity ? 'all' : ctx.explore.depth})`,
      }),
    );
  for (const side of ['upstream', 'downstream'] as const) {
    const hidden = ctx.hidden?.[side] ?? 0;
    const outside = ctx.outside?.[side] ?? 0;
    const key = `${side}:${node.id}`;
    if (hidden > 0)
      bar.append(
        button(`Show ${side} (+${hidden})`, () => actions.expand(node.id, side), {
          title: `Show the ${count(hidden, 'node')} ${side} of ${node.label} that are hidden`,
        }),
      );
    else if (outside > 0)
      bar.append(
        button(`Fetch ${side} (${outside})`, () => actions.expand(node.id, side), {
          title: `${count(outside, 'connection')} ${side} ${outside === 1 ? 'leads' : 'lead'} further than this graph reaches: fetch ${outside === 1 ? 'it' : 'them'}`,
        }),
      );
    if (ctx.explore.expanded.has(key) || ctx.explore.openGroups.has(key))
      bar.append(button(`Collapse ${side}`, () => actions.collapse(node.id, side)));
  }
  if (bar.childElementCount > 0) container.append(bar);

  const dl = el('dl', { class: 'll-props' });
  const row = (term: string, value: string | undefined, className?: string) => {
    if (value === undefined || value === '') return;
    dl.append(el('dt', {}, term), breakable('dd', value, className));
  };
  row('Type', node.subtype ? `${KIND_NAME[node.kind]} · ${node.subtype}` : KIND_NAME[node.kind]);
  row('Namespace', node.namespace, 'll-mono');
  row('Name', node.name, 'll-mono');
  row(node.kind === 'field' ? 'Dataset' : 'Parent job', node.parent, 'll-mono');
  row('Description', node.description);
  container.append(dl);

  if (details.presence) {
    const p = details.presence;
    const heading = p.presence === 'both' ? 'In the code and at runtime' : p.presence === 'code' ? 'Only in the code' : 'Only at runtime';
    const mark = el(
      'p',
      { class: 'll-presence' },
      el('span', { class: `ll-presence-mark ${p.presence}`, attrs: { 'aria-hidden': 'true' } }),
      heading,
    );
    section(container, 'Found', mark, p.detail !== '' && el('p', { class: 'll-hint' }, p.detail));
  }

  if (details.predicted) predictedSection(container, node, details.predicted);

  if (details.run) {
    const run = details.run;
    const state = run.state ?? 'UNKNOWN';
    const line = el('p', { class: 'll-run' }, el('span', { class: `ll-state-pill ${state.toLowerCase()}` }, state));
    if (run.durationMs !== undefined) line.append(` in ${formatDuration(run.durationMs)}`);
    const times = el('p', { class: 'll-hint' });
    if (run.startedAt !== undefined) times.append(`Started ${formatTime(run.startedAt)}`);
    if (run.endedAt !== undefined) times.append(`${run.startedAt !== undefined ? ', ended ' : 'Ended '}${formatTime(run.endedAt)}`);
    section(
      container,
      'Latest run',
      line,
      times.childNodes.length > 0 && times,
      run.errorMessage !== undefined && el('pre', { class: 'll-error-detail' }, run.errorMessage),
    );
  }
  if (details.documentation) section(container, 'Documentation', el('p', { class: 'll-doc' }, details.documentation));
  if (details.owners.length > 0)
    section(
      container,
      'Owners',
      el(
        'ul',
        { class: 'll-plain' },
        ...details.owners.map((o) => el('li', {}, o.name, o.type !== undefined && el('span', { class: 'll-muted' }, ` (${o.type})`))),
      ),
    );
  if (details.location) {
    const loc = details.location;
    const link = button(loc.label, () => actions.openSource(loc), { class: 'll-link ll-source', title: `Open ${loc.url}` });
    if (loc.type === 'workspace') section(container, 'Defined in', link);
    else {
      const meta = [loc.type, loc.version].filter(Boolean).join(' · ');
      section(container, 'Source code', link, meta !== '' && el('p', { class: 'll-hint' }, meta));
    }
  }
  if (details.sql) {
    const code = el('code', {});
    for (const token of tokenizeSql(details.sql.query))
      code.append(
        token.type === 'whitespace' || token.type === 'text'
          ? document.createTextNode(token.text)
          : el('span', { class: `ll-sql-${token.type}` }, token.text),
      );
    section(container, details.sql.dialect ? `SQL (${details.sql.dialect})` : 'SQL', el('pre', { class: 'll-sql' }, code));
  }
  if (details.sourceCode)
    section(
      container,
      details.sourceCode.language ? `Source (${details.sourceCode.language})` : 'Source',
      el('pre', { class: 'll-code' }, details.sourceCode.code),
    );
  if (details.assertions) {
    const a = details.assertions;
    const counts = el(
      'p',
      { class: 'll-dq-summary' },
      el('span', { class: 'll-pass' }, `${a.passed} passed`),
      ', ',
      el('span', { class: a.failed > 0 ? 'll-fail' : '' }, `${a.failed} failed`),
    );
    const list = el(
      'ul',
      { class: 'll-assertions' },
      ...a.items.map((item) =>
        el(
          'li',
          { class: item.success ? 'pass' : 'fail', title: item.description },
          el(
            'span',
            { class: 'll-dq-icon', attrs: { 'aria-label': item.success ? 'passed' : 'failed', role: 'img' } },
            item.success ? '✓' : '✗',
          ),
          el('span', { class: 'll-dq-name' }, item.assertion),
          item.column !== undefined && el('span', { class: 'll-field-type' }, item.column),
          (item.expected !== undefined || item.actual !== undefined) &&
            el(
              'span',
              { class: 'll-dq-values' },
              [item.expected !== undefined ? `expected ${item.expected}` : '', item.actual !== undefined ? `actual ${item.actual}` : '']
                .filter(Boolean)
                .join(', '),
            ),
        ),
      ),
    );
    section(container, 'Data quality', counts, list);
  }
  if (node.kind === 'dataset' || details.fields.length > 0) {
    const list = el('ul', { class: 'll-fields' });
    const add = (fields: SchemaField[], depth: number) => {
      for (const f of fields) {
        const li = el(
          'li',
          { title: f.description },
          el('span', { class: 'll-field-name' }, f.name),
          f.type !== undefined && el('span', { class: 'll-field-type' }, f.type),
        );
        if (depth > 0) {
          li.classList.add('nested');
          li.dataset.depth = String(depth);
        }
        list.append(li);
        add(f.children, depth + 1);
      }
    };
    add(details.fields, 0);
    section(
      container,
      `Fields (${details.fields.length})`,
      details.fields.length === 0 ? el('p', { class: 'll-hint' }, 'Marquez lists no fields for this dataset.') : list,
    );
  }
  if (details.columnLineage.length > 0) {
    const list = el(
      'ul',
      { class: 'll-columns' },
      ...details.columnLineage.map((c) => el('li', {}, el('span', { class: 'll-field-name' }, c.field), ' ← ', inputsText(c.inputs))),
    );
    section(
      container,
      `Column lineage (${details.columnLineage.length})`,
      list,
      ctx.mode === 'table' && button('Show the column graph', () => actions.setMode('column'), { class: 'll-inline-button' }),
    );
  }
  if (details.fieldInputs.length > 0)
    section(
      container,
      'Computed from',
      el('ul', { class: 'll-columns' }, ...details.fieldInputs.map((i) => el('li', {}, inputsText([i])))),
    );

  if (ctx.path)
    container.append(el('p', { class: 'll-summary' }, `${ctx.path.upstream} upstream, ${ctx.path.downstream} downstream (highlighted).`));
  const neighbours = (heading: string, ids: readonly string[]) => {
    if (ids.length === 0) return;
    const list = el('ul', { class: 'll-neighbours' });
    for (const id of ids.slice(0, 200)) {
      const n = model.nodeById.get(id)!;
      const text = n.kind === 'field' && n.parent !== undefined ? `${n.parent}.${n.label}` : n.label;
      list.append(
        el(
          'li',
          {},
          button(text, () => actions.select(id), { class: `ll-link ${n.kind}`, title: `${KIND_NAME[n.kind]} ${n.namespace}:${n.name}` }),
        ),
      );
    }
    if (ids.length > 200) list.append(el('li', { class: 'll-hint' }, `and ${ids.length - 200} more`));
    section(container, `${heading} (${ids.length})`, list);
  };
  const [inHeading, outHeading] =
    node.kind === 'job' ? ['Reads', 'Writes'] : node.kind === 'dataset' ? ['Written by', 'Read by'] : ['Upstream', 'Downstream'];
  // A parent job (an Airflow DAG) has no lineage of its own: its child jobs (tasks) have it.
  neighbours('Child jobs', model.members.get(node.id) ?? []);
  neighbours(inHeading, model.incoming.get(node.id) ?? []);
  neighbours(outHeading, model.outgoing.get(node.id) ?? []);
  if (details.otherFacets.length > 0) {
    section(
      container,
      `Other facets (${details.otherFacets.length})`,
      ...details.otherFacets.map((f) =>
        el('details', { class: 'll-facet' }, el('summary', {}, f.name), el('pre', { class: 'll-code' }, f.json)),
      ),
    );
  }
}

/**
 * A node's open issue, first in its details: what failed (each failed assertion: check, column, expected and
 * actual values), which run of which job said so, and when.
 */
/** How the code names a dataset, or what the runtime will report for a task (static lineage only). */
function predictedSection(container: HTMLElement, node: GraphNode, p: PredictedInfo): void {
  const parts: Child[] = [];
  if (node.kind === 'dataset') {
    if (p.found.length) parts.push(el('ul', { class: 'll-plain' }, ...p.found.map((f) => el('li', {}, f))));
    if (p.emitted === false) parts.push(el('p', { class: 'll-hint' }, 'The OpenLineage provider will not report it.'));
    if (p.note) parts.push(el('p', { class: 'll-hint' }, breakable('span', p.note)));
  } else {
    if (p.supported === false) parts.push(el('p', {}, 'The OpenLineage provider reports no datasets for this operator.'));
    else if (p.method) parts.push(el('p', {}, 'Reported by ', breakable('span', p.method, 'll-mono')));
    for (const problem of p.problems) parts.push(el('p', { class: 'll-fail' }, problem.message));
    for (const link of p.links)
      parts.push(
        el(
          'p',
          { class: 'll-hint' },
          `Runs ${link.kind === 'dbt' ? 'dbt models' : 'a Spark job'}: ${link.jobs.length ? link.jobs.join(', ') : link.uri}`,
        ),
      );
  }
  if (p.placeholders.length)
    parts.push(
      el('p', { class: 'll-hint' }, 'Known only at run time:'),
      el('ul', { class: 'll-plain' }, ...p.placeholders.map((x) => el('li', {}, el('code', {}, `<${x.name}>`), x.why ? ` ${x.why}` : ''))),
    );
  if (parts.length) section(container, node.kind === 'dataset' ? 'How the code names it' : 'What the runtime will report', ...parts);
}

function issueSection(issue: IssueInfo): HTMLElement {
  const box = el(
    'section',
    { class: 'll-issue', attrs: { 'aria-label': `Issue: ${issue.summary}` } },
    el('h3', {}, el('span', { class: 'll-issue-mark', attrs: { 'aria-hidden': 'true' } }, '!'), `Issue: ${issue.summary}`),
  );
  if (issue.failed.length > 0)
    box.append(
      el(
        'ul',
        { class: 'll-assertions' },
        ...issue.failed.map((a) =>
          el(
            'li',
            { class: 'fail', title: a.description },
            el('span', { class: 'll-dq-icon', attrs: { 'aria-label': 'failed', role: 'img' } }, '✗'),
            el('span', { class: 'll-dq-name' }, a.assertion),
            a.column !== undefined && el('span', { class: 'll-field-type' }, a.column),
            el(
              'span',
              { class: 'll-dq-values' },
              [
                a.expected !== undefined ? `expected ${a.expected}` : '',
                a.actual !== undefined ? `actual ${a.actual}` : '',
                a.severity ?? '',
              ]
                .filter(Boolean)
                .join(', '),
            ),
          ),
        ),
      ),
    );
  if (issue.message !== undefined) box.append(el('pre', { class: 'll-error-detail' }, issue.message));
  const { run } = issue;
  const by = issue.kind === 'failed-run' ? 'Run' : 'Checked by run';
  const when = run.at !== undefined ? `, ${formatTime(run.at)}` : '';
  box.append(
    el('p', { class: 'll-hint ll-issue-run' }, `${by} ${run.id} of ${run.job} (${run.jobNamespace}), ${run.state.toLowerCase()}${when}`),
  );
  return box;
}

function inputsText(inputs: ColumnInput[]): HTMLElement {
  const span = el('span', { class: 'll-inputs' });
  inputs.forEach((i, k) => {
    if (k > 0) span.append(', ');
    span.append(el('span', { class: 'll-mono', title: `${i.namespace}:${i.name}` }, `${i.name}.${i.field}`));
    if (i.transformations.length > 0) span.append(el('span', { class: 'll-muted' }, ` (${i.transformations.join(', ')})`));
  });
  return span;
}

function moreDetails(container: HTMLElement, ctx: DetailsContext, s: SceneNode, actions: DetailsActions): void {
  const group = s.group!;
  const anchor = ctx.model.nodeById.get(group.anchor);
  container.append(
    el(
      'div',
      { class: 'll-heading more' },
      el('span', { class: 'll-kind-badge', attrs: { 'aria-hidden': 'true' } }, '+'),
      el('h2', { class: 'll-name' }, s.lines.join('')),
    ),
  );
  container.append(
    el(
      'p',
      {},
      `${count(group.hidden.length, 'node')} ${group.side} of ${anchor?.label ?? group.anchor} are folded to keep the graph readable.`,
    ),
  );
  container.append(
    el(
      'div',
      { class: 'll-actions' },
      button(`Show all ${group.hidden.length}`, () => actions.openGroup(group.id)),
    ),
  );
  const list = el('ul', { class: 'll-neighbours' });
  for (const id of group.hidden.slice(0, 200)) {
    const n = ctx.model.nodeById.get(id);
    if (!n) continue;
    list.append(
      el(
        'li',
        {},
        button(n.label, () => actions.openGroup(group.id, id), {
          class: `ll-link ${n.kind}`,
          title: `Show the folded nodes and select ${n.label}`,
        }),
      ),
    );
  }
  if (group.hidden.length > 200) list.append(el('li', { class: 'll-hint' }, `and ${group.hidden.length - 200} more`));
  section(container, `Folded (${group.hidden.length})`, list);
}
