// `ol-ext-*` pairs: upstream openlineage-airflow extractor tests. Each `test_*` function is a case: the
// operator it constructs, the `Connection(...)` it mocks and the datasets it asserts are read from the file
// (module constants evaluated by py-eval.mjs) and turned into a DAG file plus a `.env`; what cannot be read is
// reported as not scored, with why.
import { relax } from './match.mjs';
import { closeOf, evaluate, NotEvaluable, Runtime, splitArgs } from './py-eval.mjs';

const DAG_ID = 'accuracy_bench';

/** Offsets of the lines that start a statement (outside brackets and strings). */
function statementStarts(text) {
  const starts = new Set([0]);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = text.indexOf(triple ? c.repeat(3) : c, i + (triple ? 3 : 1));
      if (close < 0) break;
      i = close + (triple ? 2 : 0);
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      if (depth === 0) starts.add(i + 1);
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0) starts.add(i + 1);
  }
  return starts;
}

/** Simple assignments `NAME = expr` that start a statement (the expression text, possibly multi-line). */
function assignments(text, indent) {
  const out = new Map();
  const starts = statementStarts(text);
  const re = new RegExp(`^${indent}([A-Za-z_]\\w*)(?:[ \\t]*=[ \\t]*[A-Za-z_]\\w*)*[ \\t]*=(?!=)[ \\t]*`, 'gm');
  for (let m; (m = re.exec(text));) {
    if (!starts.has(m.index)) continue;
    const start = m.index + m[0].length;
    // The statement runs to the next statement start.
    let end = start;
    for (; end < text.length && !(text[end - 1] === '\n' && starts.has(end)); end++);
    const names = m[0]
      .split('=')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const n of names) if (!out.has(n)) out.set(n, text.slice(start, end).trim());
  }
  return out;
}

/** The test functions: `{name, body, indent, classText}`. */
function testFunctions(text) {
  const lines = text.split('\n');
  const out = [];
  let currentClass;
  for (let i = 0; i < lines.length; i++) {
    const cls = /^class\s+(\w+)/.exec(lines[i]);
    if (cls) {
      let end = i + 1;
      while (end < lines.length && (lines[end].trim() === '' || /^\s/.test(lines[end]))) end++;
      currentClass = { name: cls[1], text: lines.slice(i, end).join('\n') };
    } else if (/^\S/.test(lines[i]) && !/^[@)]/.test(lines[i])) currentClass = undefined;
    const fn = /^(\s*)def\s+(test_\w+)\s*\(/.exec(lines[i]);
    if (!fn) continue;
    const indent = fn[1];
    let end = i + 1;
    while (end < lines.length && (lines[end].trim() === '' || lines[end].startsWith(`${indent} `) || lines[end].startsWith(`${indent}\t`)))
      end++;
    // Decorators above the def (parametrize).
    let top = i;
    while (top > 0 && (lines[top - 1].trim().startsWith('@') || /^\s+[\])"'(\w]/.test(lines[top - 1]) || lines[top - 1].trim() === ')'))
      top--;
    out.push({
      name: fn[2],
      className: indent ? currentClass?.name : undefined,
      decorators: lines.slice(top, i).join('\n'),
      body: lines.slice(i + 1, end).join('\n'),
      classText: indent ? currentClass?.text : undefined,
    });
  }
  return out;
}

/** The first call of `pattern` (a regex source for the callee) in `text`: `{callee, args, text}`. */
function firstCall(text, pattern) {
  const re = new RegExp(`\\b(${pattern})\\s*\\(`, 'g');
  for (let m; (m = re.exec(text));) {
    const open = m.index + m[0].length - 1;
    const close = closeOf(text, open);
    if (close > 0) return { callee: m[1], args: splitArgs(text.slice(open + 1, close - 1)), text: text.slice(m.index, close) };
  }
  return undefined;
}

/** A list of the test's expected datasets for one side, or undefined when the test asserts nothing of it. */
function expectedSide(body, side, ev) {
  const named = new RegExp(`\\bexpected_${side}\\s*=\\s*\\[`).exec(body);
  const kwarg = new RegExp(`\\b${side}\\s*=\\s*\\[`).exec(body);
  const list = named ?? kwarg;
  if (list) {
    const open = list.index + list[0].length - 1;
    return asDatasets(ev(body.slice(open, closeOf(body, open))));
  }
  const eq = new RegExp(`assert\\s+[\\w.]+\\.${side}\\s*==\\s*(.+)`).exec(body);
  if (eq) {
    if (/expected\s*\[/.test(eq[1])) throw new NotEvaluable(`the expected ${side} come from a parametrize table (${eq[1].trim()})`);
    return asDatasets(ev(eq[1].trim()));
  }
  // `assert meta.outputs[0].name == "…"` / `.namespace == …`: partial datasets, one per index.
  const parts = new Map();
  const re = new RegExp(`assert\\s+[\\w.]+\\.${side}\\[(\\d+)\\]\\.(name|namespace)\\s*==\\s*(.+)`, 'g');
  for (let m; (m = re.exec(body));) {
    const d = parts.get(m[1]) ?? {};
    d[m[2]] = String(ev(m[3].trim()));
    parts.set(m[1], d);
  }
  const whole = new RegExp(`assert\\s+[\\w.]+\\.${side}\\[(\\d+)\\]\\s*==\\s*(\\w+)\\s*$`, 'gm');
  for (let m; (m = whole.exec(body));) parts.set(m[1], { ...asDatasets([ev(m[2])])[0], ...parts.get(m[1]) });
  if (parts.size) return [...parts.values()];
  return undefined;
}

function asDatasets(value) {
  const list = Array.isArray(value) ? value : [value];
  return list.map((d) => {
    if (!d || d.type !== 'dataset') throw new NotEvaluable('an expected value that is not a Dataset(...)');
    return { namespace: d.namespace, name: d.name, runtimeMarkers: true };
  });
}

/** The connection a test mocks, as `AIRFLOW_CONN_<ID>=<uri>`; undefined when there is none to read. */
function connectionEnv(scope, connId, ev) {
  const call = firstCall(scope, 'Connection');
  const parse = /parse_from_uri\(\s*(?:uri\s*=\s*)?([^)]+)\)/.exec(scope);
  let uri;
  let id = connId;
  if (call) {
    const kw = (k) => call.args.find((a) => a.key === k);
    if (kw('conn_id')) id = String(ev(kw('conn_id').text));
    if (kw('uri')) uri = String(ev(kw('uri').text));
    else if (kw('conn_type')) {
      const v = (k) => (kw(k) ? ev(kw(k).text) : undefined);
      const port = v('port');
      const extra = v('extra');
      let query = '';
      let extraObject = extra && typeof extra === 'object' ? extra : undefined;
      if (typeof extra === 'string' && extra.trim().startsWith('{'))
        try {
          extraObject = JSON.parse(extra);
        } catch {
          /* not JSON */
        }
      if (extraObject) query = `?${new URLSearchParams(Object.entries(extraObject).map(([k, x]) => [k, String(x)]))}`;
      uri = `${String(v('conn_type')).replace(/_/g, '-')}://${v('host') ?? ''}${port != null ? `:${port}` : ''}${v('schema') ? `/${v('schema')}` : ''}${query}`;
    }
  }
  if (!uri && parse) uri = String(ev(parse[1]));
  if (!uri || !id) return undefined;
  return `AIRFLOW_CONN_${String(id).toUpperCase()}=${uri}\n`;
}

/** Import lines for the operator: the file's own, with `X = try_import_from_string("a.b.X")` as `from a.b import X`. */
function importLines(text) {
  const lines = text.split('\n').filter((l) => /^(from \S+ import [^(]+$|import \S+$)/.test(l));
  for (const m of text.matchAll(/^(\w+)\s*=\s*try_import_from_string\(\s*["']([\w.]+)\.(\w+)["']\s*\)/gm))
    lines.push(`from ${m[2]} import ${m[3]}`);
  return lines.join('\n');
}

/** The cases of one test file: `{id, skip}` or `{id, dag, env, job, inputs, outputs, rule}`. */
export function extractCases(text) {
  const moduleVars = assignments(text, '');
  return testFunctions(text).map((fn) => {
    const id = fn.className ? `${fn.className}.${fn.name}` : fn.name;
    const locals = assignments(fn.body, '[ \\t]*');
    const classVars = fn.classText ? assignments(fn.classText, '[ \\t]*') : new Map();
    const lookup = (n) => locals.get(n) ?? classVars.get(n) ?? moduleVars.get(n);
    const ev = (e) => evaluate(e, lookup);
    try {
      // The operator: constructed in the test, in a module constant it uses, or in a helper of its class.
      let op = firstCall(fn.body, '\\w+Operator');
      if (!op)
        for (const [name, expr] of moduleVars)
          if (new RegExp(`\\b${name}\\b`).test(fn.body) && /^\w+Operator\s*\(/.test(expr)) op = firstCall(expr, '\\w+Operator');
      if (!op && fn.classText) op = firstCall(fn.classText, '\\w+Operator');
      if (!op) return { id, skip: 'the test constructs no operator (it tests a helper of the extractor)' };
      if (/parametrize/.test(fn.decorators) && /\bexpected\b/.test(fn.body))
        return { id, skip: `the expectations come from a parametrize table (${op.callee})` };
      let inputs;
      let outputs;
      try {
        inputs = expectedSide(fn.body, 'inputs', ev);
        outputs = expectedSide(fn.body, 'outputs', ev);
      } catch (e) {
        if (e instanceof NotEvaluable) return { id, skip: `an expected dataset cannot be read from the test: ${e.message.slice(0, 160)}` };
        throw e;
      }
      if (!inputs && !outputs) return { id, skip: `the test asserts no dataset names (${op.callee})` };
      // The DAG: module constants the call uses, written out as literals.
      const args = op.args.filter((a) => a.key !== 'dag' && a.key !== 'start_date' && a.key !== 'sql_hook' && a.key !== 'hook');
      const taskArg = args.find((a) => a.key === 'task_id');
      const taskId = taskArg ? String(ev(taskArg.text)) : 'task';
      const kwargs = args
        .map((a) => {
          let value = a.text;
          try {
            const v = ev(a.text);
            if (typeof v === 'string' || typeof v === 'number') value = JSON.stringify(v);
            else if (v instanceof Runtime) value = a.text;
          } catch {
            /* kept as written */
          }
          return `        ${a.key ? `${a.key}=` : ''}${value},`;
        })
        .join('\n');
      const dag = `from datetime import datetime\n${importLines(text)}\nfrom airflow import DAG\n\nwith DAG(dag_id="${DAG_ID}", start_date=datetime(2024, 1, 1), schedule=None):\n    ${op.callee}(\n${kwargs}\n    )\n`;
      const connArg = op.args.find((a) => a.key?.endsWith('conn_id'));
      let connId;
      try {
        connId = connArg ? String(ev(connArg.text)) : undefined;
      } catch {
        connId = undefined;
      }
      let env;
      try {
        env =
          connectionEnv(fn.body, connId, ev) ??
          connectionEnv([...moduleVars.values()].filter((v) => /^Connection\s*\(/.test(v)).join('\n'), connId, ev);
      } catch {
        env = undefined;
      }
      const readsFixture = /json\.load|open\(/.test(`${fn.body}\n${fn.classText ?? ''}`);
      const call = op.text;
      const rule = (e) => {
        const marker = /<[^<>]+>/.exec(`${e.namespace ?? ''} ${e.name ?? ''}`)?.[0];
        if (marker) return { rule: 'rule 6: a host name the runtime resolves to an IP address', relaxed: relax(e, marker) };
        if (/Athena/.test(op.callee) && /^s3:\/\//.test(e.namespace ?? ''))
          return "rule 6: Athena's query output_location, an extra output";
        const last = String(e.name ?? '')
          .split(/[./]/)
          .filter(Boolean)
          .pop();
        if (
          readsFixture &&
          last &&
          !call.toLowerCase().includes(last.toLowerCase()) &&
          !JSON.stringify([...moduleVars.values()])
            .toLowerCase()
            .includes(last.toLowerCase())
        )
          return 'rule 6: the test reads this dataset from a mocked API response (fixture JSON), not from the code';
        return undefined;
      };
      return { id, dag, env, job: `${DAG_ID}.${taskId}`, inputs, outputs, rule };
    } catch (e) {
      if (e instanceof NotEvaluable) return { id, skip: `cannot read the test: ${e.message.slice(0, 160)}` };
      throw e;
    }
  });
}
