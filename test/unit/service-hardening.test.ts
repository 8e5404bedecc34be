/**
 * Issue 11: inputs that used to hang, stall or take the server down, and the budgets that bound what one
 * document may cost. Each test fails (or never returns) on the code before the fix.
 */
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, DEFAULT_SETTINGS } from '../../server/src/service';
import { parseSparkShell } from '../../server/src/service/spark/parsers/shell';
import { tokenizeShell } from '../../server/src/service/text/shell';
import { parseRequirements } from '../../server/src/service/project/requirements';
import { parseAirflowCfg } from '../../server/src/service/settings/airflow-cfg';
import { classify, looksLikeDriverConf } from '../../server/src/service/spark/classify';
import { boundedDistance, editDistance, nearest } from '../../server/src/service/util/nearest';
import { CONCRETE_KEYS } from '../../server/src/service/spark/catalog';
import { OPTION_NAMES } from '../../server/src/service/airflow/catalog';
import { lineStarts, splitLines, stripHashComment, trimEndSpaceAnd } from '../../server/src/service/text/lines';
import { isTemplated } from '../../server/src/service/util/template';
import { overBudget } from '../../server/src/service/budget';
import { doc, pythonSpark, service, settings, validate } from '../support/harness';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver';
import { readTextFile } from '../../server/src/node/files';
import { Workspace } from '../../server/src/lsp/workspace';
import { runCheck } from '../../server/src/cli/check';

/** Milliseconds `f` takes. */
function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const UNICODE_SPACES = [
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2005',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\f',
  '\v',
  '\ufeff',
];

describe('service hardening (issue 11)', () => {
  describe('shell tokenizer', () => {
    for (const ws of UNICODE_SPACES) {
      it(`advances over U+${ws.charCodeAt(0).toString(16).padStart(4, '0')} between words`, () => {
        // Before the fix the outer loop did not skip it and the word loop stopped at it: empty words forever.
        const parsed = tokenizeShell(`spark-submit${ws}--conf${ws}spark.openlineage.namespace=x${ws}\n`);
        assert.deepEqual(
          parsed.commands[0]!.words.map((w) => w.text),
          ['spark-submit', '--conf', 'spark.openlineage.namespace=x'],
        );
      });
    }

    it('reads a spark-submit script and a DAG bash_command holding a BOM and NBSPs', () => {
      const text = '\ufeffspark-submit\u00a0--conf spark.openlineage.transport.type=http \\\n  app.py\n';
      const parsed = parseSparkShell(text);
      assert.equal(parsed?.scopes[0]?.entries[0]?.key, 'spark.openlineage.transport.type');
      const diagnostics = validate('file:///w/submit.sh', text).diagnostics;
      assert.ok(Array.isArray(diagnostics));
      const dag =
        'from airflow.operators.bash import BashOperator\nt = BashOperator(task_id="t", bash_command="dbt-ol\u3000run\u2028--project-dir x")\n';
      assert.ok(Array.isArray(validate('file:///w/dags/dbt_dag.py', dag).diagnostics));
    });

    it('makes words of every other character, never empty ones', () => {
      const text = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(i % 0x3100)).join('');
      const parsed = tokenizeShell(text);
      for (const c of parsed.commands) for (const w of c.words) assert.ok(w.end > w.start, `empty word at ${w.start}`);
    });
  });

  describe('linear scans instead of quadratic regular expressions', () => {
    const big = 200_000;
    it('requirements.txt with a long run of spaces (was 12 minutes for 1 MB)', () => {
      const text = `apache-airflow==2.9.0${' '.repeat(big)}x\nopenlineage-python==1.20.0  # pinned\n`;
      let reqs: ReturnType<typeof parseRequirements> = [];
      assert.ok(time(() => (reqs = parseRequirements(text))) < 1000);
      assert.deepEqual(
        reqs.map((r) => r.name),
        ['apache-airflow', 'openlineage-python'],
      );
    });

    it('airflow.cfg values with long trailing blanks', () => {
      const text = `[openlineage]\ntransport = {"type": "http"}${' '.repeat(big)}\u0001\n`;
      assert.ok(time(() => parseAirflowCfg(text)) < 1000);
      assert.ok(time(() => validate('file:///w/airflow.cfg', text).diagnostics) < 1000);
    });

    it('airflow.cfg keys followed by a long run of blanks (found by fuzzing: 7 s for 100 KB)', () => {
      const text = `[lineage]\nonly_keep_dag_${' '.repeat(99_000)}lineage = true\nbackend = x\n`;
      let cfg: ReturnType<typeof parseAirflowCfg> | undefined;
      assert.ok(time(() => (cfg = parseAirflowCfg(text))) < 1000);
      assert.deepEqual(
        cfg!.settings.map((x) => [x.key, x.value]),
        [
          [`only_keep_dag_${' '.repeat(99_000)}lineage`, 'true'],
          ['backend', 'x'],
        ],
      );
      assert.deepEqual(
        parseAirflowCfg('[a]\nk:v\nk2 =  v2 \n').settings.map((x) => [x.key, x.value]),
        [
          ['k', 'v'],
          ['k2', 'v2'],
        ],
      );
    });

    it('openlineage.yml completion after a long run of blanks (25 s for 100 KB)', () => {
      const text = `transport:\n  type: http\n  url${' '.repeat(99_000)}`;
      assert.ok(time(() => service().complete(doc('file:///w/openlineage.yml', text, 'yaml'), text.length)) < 1000);
    });

    it('a DAG file with 200,000 unclosed brackets (found by fuzzing: ~10 s in the tree-sitter query)', () => {
      const text = `from airflow import DAG\nwith DAG("x") as dag:\n    x = ${'{'.repeat(50)}\n`.replace(
        '{'.repeat(50),
        `${'{'.repeat(50)}\n`.repeat(4000),
      );
      assert.ok(text.length < 2_000_000);
      const ms = time(() => validate('file:///w/dags/braces.py', text).diagnostics);
      assert.ok(ms < 4000, `${ms} ms`);
    });

    it('classifying a file of blank lines (was 10 s for 80 KB)', () => {
      const text = '\n'.repeat(big) + 'x';
      assert.ok(time(() => looksLikeDriverConf(text)) < 1000);
      assert.ok(time(() => classify({ path: 'x.conf', text })) < 1000);
      assert.equal(looksLikeDriverConf('\n\n  [driver] {\n'), true);
      assert.equal(looksLikeDriverConf('\n \n  "spark.x" = "y"\n'), true);
    });

    it('great_expectations.yml and checkpoints with long blank and comma runs', () => {
      const text = `config_version: 3\naction_list:\n  - name: ol\n    action:\n      class_name: OpenLineageValidationAction\n      openlineage_host: http://x${' ,'.repeat(big / 2)}\u0001\n`;
      assert.ok(time(() => validate('file:///w/gx/checkpoints/c.yml', text).diagnostics) < 2000);
      assert.equal(trimEndSpaceAnd('a , ,\t,', ','), 'a');
    });

    it('DAG files with long blank runs before an argument list', () => {
      const text = `from airflow import DAG\nfrom openlineage.client.event_v2 import Dataset\nx = Dataset${' '.repeat(big)}\n`;
      assert.ok(time(() => validate('file:///w/dags/d.py', text).diagnostics) < 3000);
    });

    it('templated values with long runs of braces', () => {
      assert.ok(time(() => isTemplated('{{'.repeat(big))) < 200);
      assert.ok(time(() => isTemplated('${'.repeat(big))) < 200);
      assert.equal(isTemplated('{{ var.value.x }}'), true);
      assert.equal(isTemplated('{{x}'), false);
      assert.equal(isTemplated('${a'), false);
      assert.equal(isTemplated('$(date)'), true);
      assert.equal(isTemplated('$HOME/x'), true);
      assert.equal(isTemplated('{a}}'), false);
    });

    it('strips a # comment as the regex did', () => {
      for (const [line, want] of [
        ['a  # c', 'a'],
        ['a#b', 'a#b'],
        ['a #b # c', 'a'],
        ['# c', '# c'],
        [' # c', ''],
        ['a\t#', 'a'],
        ['x', 'x'],
      ] as const) {
        assert.equal(stripHashComment(line), line.replace(/\s+#.*$/, ''), line);
        assert.equal(stripHashComment(line), want, line);
      }
    });
  });

  describe('one line splitter (LSP line ends)', () => {
    it('splits on \\r\\n, \\n and a lone \\r', () => {
      assert.deepEqual(
        splitLines('a\r\nb\nc\rd').map((l) => [l.start, l.text]),
        [
          [0, 'a'],
          [3, 'b'],
          [5, 'c'],
          [7, 'd'],
        ],
      );
      assert.deepEqual(lineStarts('a\r\nb\nc\rd'), [0, 3, 5, 7]);
      const d = TextDocument.create('file:///x', 'plaintext', 1, 'a\r\nb\nc\rd\r');
      assert.equal(lineStarts(d.getText()).length, d.lineCount);
    });

    it('gx completion on a CR-only file (threw: split(/\\r?\\n/) saw one line where the editor sees many)', () => {
      const text = 'name: c\rconfig_version: 1\raction_list:\r  - name: ol\r    action:\r      class_name: \r';
      const d = doc('file:///w/gx/checkpoints/c.yml', text, 'yaml');
      for (let offset = 0; offset <= text.length; offset++) assert.ok(Array.isArray(service().complete(d, offset)));
      const gxCompletion = service().complete(d, text.indexOf('class_name: ') + 'class_name: '.length);
      assert.ok(gxCompletion.length > 0, 'completes the class name on a CR-only file');
    });
  });

  describe('budgets', () => {
    it('reports one information diagnostic for a document over the size budget, and does nothing else', () => {
      const text = `spark.openlineage.transport.type http\nspark.openlineage.bogus x\n${'# filler\n'.repeat(250_000)}`;
      const d = doc('file:///w/spark-defaults.conf', text);
      const diagnostics = service().validate(d, DEFAULT_SETTINGS);
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0]!.code, 'general/too-large');
      assert.equal(diagnostics[0]!.severity, 3);
      assert.deepEqual(diagnostics[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      assert.match(String(diagnostics[0]!.message), /too large to check: 2\.3 MB, the limit is 2\.0 MB/);
      assert.equal(service().hover(d, 5), null);
      assert.deepEqual(service().complete(d, 5), []);
      assert.deepEqual(service().definition(d, 5), []);
      assert.deepEqual(service().validate(d, settings({ 'general/too-large': 'off' })), []);
    });

    it('reports a line over the line budget, with its line number', () => {
      const text = `spark.openlineage.namespace x\nspark.openlineage.x ${'y'.repeat(150_000)}\n`;
      const diagnostics = service().validate(doc('file:///w/spark-defaults.conf', text), DEFAULT_SETTINGS);
      assert.deepEqual(
        diagnostics.map((x) => x.code),
        ['general/too-large'],
      );
      assert.match(String(diagnostics[0]!.message), /line 2 is 150,020 characters long, the limit is 100,000/);
      assert.equal(overBudget('a\r'.repeat(1000)), undefined);
    });

    it('says nothing about a large file no family recognises', () => {
      assert.deepEqual(service().validate(doc('file:///w/data.txt', 'x '.repeat(1_100_000)), DEFAULT_SETTINGS), []);
    });

    it('applies the size budget to files known only by their size on disk', () => {
      assert.equal(service().tooLargeOnDisk(1000, DEFAULT_SETTINGS), undefined);
      const [d] = service().tooLargeOnDisk(50_000_000, DEFAULT_SETTINGS)!;
      assert.equal(d!.code, 'general/too-large');
      assert.match(String(d!.message), /50\.0 MB on disk/);
    });

    it('stops checking cooperatively once the time budget is spent, with one diagnostic', () => {
      // A fake clock that moves one second per reading: the budget (2 s) runs out after a few rules.
      let t = 0;
      const slow = createLanguageService({ now: () => (t += 1000) });
      const text = 'spark.openlineage.transport.type http\nspark.openlineage.transport.url localhost\nspark.openlineage.bogus x\n';
      const diagnostics = slow.validate(doc('file:///w/spark-defaults.conf', text), DEFAULT_SETTINGS);
      const stopped = diagnostics.filter((x) => x.code === 'general/time-budget');
      assert.equal(stopped.length, 1);
      assert.match(String(stopped[0]!.message), /stopped checking this file after .* s \(the limit is 2 s\)/);
      const all = service().validate(doc('file:///w/spark-defaults.conf', text), DEFAULT_SETTINGS);
      assert.ok(diagnostics.length - 1 < all.length, 'some rules were skipped');
      assert.ok(!all.some((x) => x.code === 'general/time-budget'));
    });
  });

  describe('nearest-key suggestions', () => {
    /** The implementation before the index (a plain scan), to compare answers with. */
    function nearestReference(input: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
      const limit = maxDistance ?? Math.min(4, Math.max(1, Math.floor(input.length / 3)));
      let best: string | undefined;
      let bestScore = Infinity;
      const lower = input.toLowerCase();
      for (const c of candidates) {
        if (c === input) continue;
        const ci = editDistance(lower, c.toLowerCase());
        const score = ci + (ci === 0 ? 0.5 : editDistance(input, c) > ci ? 0.5 : 0);
        if (ci <= limit && score < bestScore) {
          best = c;
          bestScore = score;
        }
      }
      return best;
    }

    /** Deterministic typos of catalog entries: drops, swaps, doubled and changed characters, case. */
    function typos(words: readonly string[], count: number): string[] {
      let seed = 11;
      const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
      const out: string[] = [];
      for (let i = 0; i < count; i++) {
        let w = words[rnd(words.length)]!;
        for (let e = rnd(4); e >= 0; e--) {
          const at = rnd(w.length + 1);
          switch (rnd(5)) {
            case 0:
              w = w.slice(0, at) + w.slice(at + 1);
              break;
            case 1:
              w = w.slice(0, at) + (w[at + 1] ?? '') + (w[at] ?? '') + w.slice(at + 2);
              break;
            case 2:
              w = w.slice(0, at) + 'xq_.'[rnd(4)] + w.slice(at);
              break;
            case 3:
              w = w.slice(0, at) + (w[at] ?? '').toUpperCase() + w.slice(at + 1);
              break;
            default:
              w = w.slice(0, at) + 'abc'[rnd(3)] + w.slice(at + 1);
          }
        }
        out.push(w);
      }
      return out;
    }

    it('gives the same suggestions as the plain scan', () => {
      for (const catalog of [
        CONCRETE_KEYS,
        OPTION_NAMES,
        ['apiKey', 'apikeys', 'ApiKey', 'api_key'],
        ['http', 'kafka', 'console', 'file', 'composite', 'transform'],
      ]) {
        for (const input of [...typos(catalog, 300), '', 'a', 'x'.repeat(30), ...catalog.slice(0, 50)]) {
          for (const max of [undefined, 2, 8])
            assert.equal(nearest(input, catalog, max), nearestReference(input, catalog, max), `${input} (max ${max})`);
        }
      }
      assert.equal(nearest('apikey', ['apiKeys', 'apiKey']), 'apiKey');
      assert.equal(nearest('transport.urll', CONCRETE_KEYS), 'transport.url');
    });

    it('bounded distance agrees with the full one up to the bound', () => {
      for (const [a, b] of [
        ['abc', 'acb'],
        ['kitten', 'sitting'],
        ['', 'ab'],
        ['transport', 'tarnsprot'],
        ['a', 'a'],
      ]) {
        for (let k = 0; k < 6; k++) assert.equal(boundedDistance(a!, b!, k), Math.min(editDistance(a!, b!), k + 1), `${a} ${b} ${k}`);
      }
    });

    it('is fast: 25,000 unknown keys (was 17 s)', () => {
      const inputs = typos(CONCRETE_KEYS, 25_000).map((w) => `${w}zz`);
      const ms = time(() => {
        for (const w of inputs) nearest(w, CONCRETE_KEYS);
      });
      assert.ok(ms < 3000, `${ms} ms`);
    });
  });

  describe('reading files from disk', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'lineage-lens-read-'));
      symlinkSync('/dev/zero', join(dir, '.env'));
      execFileSync('mkfifo', [join(dir, 'fifo.env')]);
      mkdirSync(join(dir, 'folder.env'));
      writeFileSync(join(dir, 'ok.env'), 'OPENLINEAGE_URL=http://localhost:5000\n');
      symlinkSync(join(dir, 'ok.env'), join(dir, 'link.env'));
      writeFileSync(join(dir, 'big.conf'), `spark.openlineage.namespace x\n${'#'.repeat(7_000_000)}\n`);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('reads regular files (through symlinks) and nothing else, within a size bound', async () => {
      assert.deepEqual(await readTextFile(join(dir, '.env'), 1000), { kind: 'not-a-file' });
      assert.deepEqual(await readTextFile(join(dir, 'fifo.env'), 1000), { kind: 'not-a-file' });
      assert.deepEqual(await readTextFile(join(dir, 'folder.env'), 1000), { kind: 'not-a-file' });
      assert.equal((await readTextFile(join(dir, 'link.env'), 1000)).kind, 'text');
      assert.deepEqual(await readTextFile(join(dir, 'ok.env'), 10), { kind: 'too-large', bytes: 38 });
    });

    it('a watched .env that is a symlink to /dev/zero, or a FIFO, is not read (the server took 2.8 GB)', async () => {
      const workspace = new Workspace();
      const logged: string[] = [];
      workspace.log = (m) => logged.push(m);
      await workspace.filesChanged([
        { uri: pathToFileURL(join(dir, '.env')).href, type: FileChangeType.Changed },
        { uri: pathToFileURL(join(dir, 'fifo.env')).href, type: FileChangeType.Created },
        { uri: pathToFileURL(join(dir, 'ok.env')).href, type: FileChangeType.Created },
      ]);
      assert.equal(logged.filter((m) => /not a regular file/.test(m)).length, 2);
      assert.equal(
        workspace.model.settings.some((x) => x.key === 'OPENLINEAGE_URL'),
        true,
      );
    });

    it('the CLI reports a named file over the budget and a named FIFO as not checked (exit 2), without reading either', async () => {
      const out: string[] = [];
      const err: string[] = [];
      const result = await runCheck(
        { paths: [join(dir, 'big.conf'), join(dir, 'fifo.env')], format: 'json', quiet: false },
        { python: pythonSpark(), cwd: dir, out: (x) => out.push(x), err: (x) => err.push(x) },
      );
      assert.deepEqual(
        result.problems.map((p) => [p.file, p.code]),
        [
          [join(dir, 'big.conf'), 'cli/cannot-check'],
          [join(dir, 'fifo.env'), 'cli/cannot-check'],
        ],
      );
      assert.match(result.problems[0]!.message, /7\.0 MB on disk, the limit is 2\.0 MB/);
      assert.match(result.problems[1]!.message, /not a regular file/);
      assert.equal(result.exitCode, 2);
      assert.equal(err.join(''), '');
    });
  });
});
