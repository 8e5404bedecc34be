// The comparison logic of the accuracy benchmark (bench/accuracy.mjs): pure functions, unit-tested in
// test/unit/bench-accuracy.test.ts on synthetic pairs.
//
// Expected values are the OpenLineage integration tests' subset templates: a `{{ … }}` jinja part
// (`{{ env_var('X') }}`, `{{ any(result) }}`, `| url_scheme_authority`) stands for any text. Predicted values
// may hold placeholders `<name>` (listed in the dataset's `placeholders`) for what only the runtime knows:
// those stand for any text too. Two values match when some string fits both.

const STAR = Symbol('wildcard');
/** A runtime-only value written `<…>` in an expected record: only a predicted placeholder fits it. */
const RUNTIME = Symbol('runtime-only');

/**
 * `{{ … }}` parts of an expected template become wildcards; with `runtimeMarkers`, so do `<…>` parts (a record's
 * way of writing a runtime-only value, e.g. `file://<socket.gethostbyname(…)>:22`), which only a predicted
 * placeholder fits.
 */
export function templateTokens(text, runtimeMarkers = false) {
  if (runtimeMarkers && /<[^<>]+>/.test(text))
    return text.split(/(<[^<>]+>)/).flatMap((part, i) => (i % 2 ? [RUNTIME] : templateTokens(part)));
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      tokens.push(...text.slice(i));
      break;
    }
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      tokens.push(...text.slice(i));
      break;
    }
    tokens.push(...text.slice(i, open), STAR);
    i = close + 2;
  }
  return tokens;
}

/** The listed `<placeholder>` parts of a predicted value become wildcards. */
export function placeholderTokens(text, placeholders = []) {
  const names = placeholders.map((p) => `<${typeof p === 'string' ? p : p.name}>`).filter((n) => text.includes(n));
  if (!names.length) return [...text];
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const hit = names.find((n) => text.startsWith(n, i));
    if (hit) {
      tokens.push(STAR);
      i += hit.length;
    } else tokens.push(text[i++]);
  }
  return tokens;
}

/** Whether some string fits both token lists (each a glob of characters and wildcards). */
export function tokensIntersect(a, b) {
  const memo = new Map();
  const go = (i, j) => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let r;
    if (i === a.length && j === b.length) r = true;
    else if (i < a.length && a[i] === STAR) r = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (j < b.length && b[j] === STAR) r = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else r = i < a.length && j < b.length && a[i] === b[j] && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** An expected template value against a predicted value (with its placeholders). */
export function valueMatches(expected, predicted, placeholders = [], runtimeMarkers = false) {
  if (expected == null) return true; // not asserted
  return tokensIntersect(templateTokens(String(expected), runtimeMarkers), placeholderTokens(String(predicted), placeholders));
}

export const isTemplated = (text) => typeof text === 'string' && /\{\{.*?\}\}/s.test(text);
const usesPlaceholder = (d) => (d.placeholders ?? []).some((p) => `${d.namespace}\u0000${d.name}`.includes(`<${p.name ?? p}>`));

/** An expected dataset `{namespace, name}` against a predicted one `{namespace, name, placeholders?}`. */
export function datasetMatches(expected, predicted) {
  const rt = expected.runtimeMarkers === true;
  return (
    valueMatches(expected.namespace, predicted.namespace, predicted.placeholders, rt) &&
    valueMatches(expected.name, predicted.name, predicted.placeholders, rt)
  );
}

const key = (d) => `${d.namespace}\u0000${d.name}`;
export const label = (d) => `${d.namespace ?? '(any namespace)'} ${d.name}`;

/**
 * One side (inputs or outputs) of a job. `expectedLists`: the lists the expected events give for it (one per
 * event with the key; an event without the key gives nothing). An empty list asserts nothing (a static
 * prediction is per job, not per event: a START may list datasets its COMPLETE leaves empty). Several
 * different non-empty lists (START and COMPLETE disagreeing) make the side `inconsistent` unless one of them
 * matches. `classify(entry)` returns the not-knowable rule that explains a missing expected entry, or undefined.
 *
 * Returns `{status, missing, extra, unknowable, viaPlaceholder}`; status is `pass`, `fail`, `not-knowable`,
 * `inconsistent` or `none` (nothing asserted; `extra` then lists what is predicted, for information).
 */
export function compareSide(expectedLists, predicted, classify = () => undefined) {
  const distinct = new Map();
  for (const list of expectedLists) {
    if (!list?.length) continue;
    const k = [...new Set(list.map(key))].sort().join('\u0001');
    if (!distinct.has(k)) distinct.set(k, list);
  }
  if (!distinct.size) return { status: 'none', missing: [], extra: [...predicted], unknowable: [], viaPlaceholder: [] };
  const results = [...distinct.values()].map((list) => compareList(list, predicted, classify));
  const rank = { pass: 0, 'not-knowable': 1, fail: 2 };
  results.sort((a, b) => rank[a.status] - rank[b.status] || a.missing.length + a.extra.length - (b.missing.length + b.extra.length));
  const best = results[0];
  if (best.status === 'fail' && results.length > 1) return { ...best, status: 'inconsistent', alternatives: results.length };
  return best;
}

function compareList(list, predicted, classify) {
  const missing = [];
  const unknowable = [];
  const used = new Set();
  const viaPlaceholder = [];
  for (const e of list) {
    const hits = predicted.filter((p) => datasetMatches(e, p));
    if (hits.length) {
      for (const h of hits) used.add(h);
      const h = hits.find((x) => !usesPlaceholder(x)) ?? hits[0];
      if (usesPlaceholder(h)) viaPlaceholder.push({ expected: e, predicted: h });
      continue;
    }
    const rule = explain(e, predicted, classify);
    if (rule) {
      unknowable.push({ expected: e, rule: rule.rule, predicted: rule.predicted });
      if (rule.predicted) used.add(rule.predicted);
    } else missing.push(e);
  }
  const extra = predicted.filter((p) => !used.has(p));
  const status = missing.length || extra.length ? 'fail' : unknowable.length ? 'not-knowable' : 'pass';
  return { status, missing, extra, unknowable, viaPlaceholder };
}

/**
 * Why a missing expected entry is not knowable from the code, or undefined. `classify(entry)` returns either a
 * rule (the whole entry is runtime-only: nothing predicted can stand for it) or `{rule, relaxed}`: only a part is
 * runtime-only, and `relaxed` (the entry with that part a wildcard) must match a predicted dataset, which it
 * then accounts for. A prediction that names nothing there is a miss, not "not knowable".
 */
function explain(entry, predicted, classify) {
  const c = classify(entry);
  if (!c) return undefined;
  if (typeof c === 'string') return { rule: c };
  const p = predicted.find((x) => datasetMatches(c.relaxed, x));
  return p ? { rule: c.rule, predicted: p } : undefined;
}

/** A dataset template with `part` (a literal substring of its namespace or name) turned into a wildcard. */
export function relax(entry, part) {
  const wild = (v) => (typeof v === 'string' ? v.split(part).join('{{ runtime }}') : v);
  return { namespace: wild(entry.namespace), name: wild(entry.name) };
}

/**
 * Expected events → jobs: `[{namespace?, name, inputs: list[], outputs: list[], events}]`, one per job name
 * template (the job namespace is kept when an event gives it).
 */
export function expectedJobs(events) {
  const jobs = new Map();
  for (const ev of events) {
    const name = ev?.job?.name;
    if (typeof name !== 'string') continue;
    let job = jobs.get(name);
    if (!job) jobs.set(name, (job = { name, namespace: undefined, inputs: [], outputs: [], events: [] }));
    if (typeof ev.job.namespace === 'string') job.namespace = ev.job.namespace;
    job.events.push(ev.eventType ?? '?');
    const ds = (list) =>
      Array.isArray(list)
        ? list.filter((d) => d && typeof d.name === 'string').map((d) => ({ namespace: d.namespace, name: d.name }))
        : undefined;
    if ('inputs' in ev) job.inputs.push(ds(ev.inputs) ?? []);
    if ('outputs' in ev) job.outputs.push(ds(ev.outputs) ?? []);
  }
  return [...jobs.values()];
}

const VERDICT_RANK = { pass: 0, 'not-knowable': 1, fail: 2 };
/** The worst of several verdicts (`fail` > `not-knowable` > `pass`). */
export function worst(verdicts) {
  return verdicts.reduce((w, v) => (VERDICT_RANK[v] > VERDICT_RANK[w] ? v : w), 'pass');
}

/**
 * Scores predicted jobs against expected jobs. `predictedJobs`: `[{namespace, name, inputs, outputs}]` with
 * datasets `{namespace, name, placeholders?}`. `options.classify(entry, side, job)`: not-knowable rule of a
 * missing dataset; `options.jobRule(job)`: not-knowable rule of an expected job no predicted job matches.
 * Returns `{verdict, jobs: [{name, verdict, inputs, outputs, predicted?, rule?}]}`.
 */
export function scoreJobs(expected, predictedJobs, options = {}) {
  const classify = options.classify ?? (() => undefined);
  const jobs = expected.map((job) => {
    const candidates = predictedJobs.filter((p) => valueMatches(job.name, p.name) && valueMatches(job.namespace, p.namespace));
    if (!candidates.length) {
      const rule = options.jobRule?.(job);
      // A task may name the job in a link (the dbt models a `dbt-ol run` runs) without a job node of its own.
      const linkedBy = predictedJobs.filter((p) =>
        (p.prediction?.links ?? []).some((l) => (l.jobs ?? []).some((n) => valueMatches(job.name, n))),
      );
      return {
        name: job.name,
        verdict: rule ? 'not-knowable' : 'fail',
        rule,
        missingJob: true,
        linkedBy: linkedBy.map((p) => p.name),
        predictedJobs: predictedJobs.map((p) => p.name),
      };
    }
    const tries = candidates.map((p) => {
      const inputs = compareSide(job.inputs, p.inputs, (e) => classify(e, 'inputs', job));
      const outputs = compareSide(job.outputs, p.outputs, (e) => classify(e, 'outputs', job));
      const side = (s) => (s.status === 'none' ? 'pass' : s.status === 'inconsistent' ? 'not-knowable' : s.status);
      return { name: job.name, predicted: p.name, verdict: worst([side(inputs), side(outputs)]), inputs, outputs };
    });
    tries.sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict]);
    const best = tries[0];
    if (best.inputs.status === 'inconsistent' || best.outputs.status === 'inconsistent')
      best.rule = 'the expected events disagree between START and COMPLETE and neither matches (upstream quirk, MANIFEST rule 9)';
    return best;
  });
  return { verdict: worst(jobs.map((j) => j.verdict)), jobs };
}

/** `{graph: [...]}` (lineage-lens graph --format json) → predicted jobs with their datasets. */
export function jobsFromGraph(graph) {
  const nodes = Array.isArray(graph?.graph) ? graph.graph : [];
  const datasets = new Map();
  for (const n of nodes) if (n.type === 'DATASET') datasets.set(key(n.data), n.data);
  const ds = (id) => {
    const d = datasets.get(key(id));
    return { namespace: id.namespace, name: id.name, placeholders: d?.placeholders ?? [], emitted: d?.emitted !== false };
  };
  return nodes
    .filter((n) => n.type === 'JOB')
    .map((n) => ({
      namespace: n.data.namespace,
      name: n.data.name,
      operator: n.data.operator,
      prediction: n.data.prediction,
      inputs: (n.data.inputs ?? []).map(ds).filter((d) => d.emitted),
      outputs: (n.data.outputs ?? []).map(ds).filter((d) => d.emitted),
    }));
}
