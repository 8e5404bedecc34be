/**
 * The shared settings parsers (`.env`, Dockerfile `ENV`, docker-compose `environment`, airflow.cfg): each
 * syntax's quote handling, multi-line values, and offsets into values that are not written 1:1.
 */
import assert from 'node:assert/strict';
import { parseAirflowCfg } from '../../server/src/service/settings/airflow-cfg';
import { parseCompose } from '../../server/src/service/settings/compose';
import { parseDockerfile } from '../../server/src/service/settings/dockerfile';
import { parseEnvFile } from '../../server/src/service/settings/env-file';
import { settingSubRange, type SettingsDocument } from '../../server/src/service/settings/model';

const view = (text: string, d: SettingsDocument) =>
  d.settings.map((s) => ({
    key: s.key,
    value: s.value,
    written: text.slice(s.valueRange.start, s.valueRange.end),
    exact: s.valueExact,
    span: text.slice(s.span.start, s.span.end),
  }));

describe('settings parsers', () => {
  describe('.env', () => {
    it('removes quotes, honours escaped quotes in double quotes, and drops inline comments of unquoted values', () => {
      const text = `A=1\nB="x y" # c\nC='{"a": 1}'\nD=plain # comment\nexport E = "q\\"x"\n`;
      const d = parseEnvFile(text);
      assert.deepEqual(
        view(text, d).map(({ key, value }) => [key, value]),
        [
          ['A', '1'],
          ['B', 'x y'],
          ['C', '{"a": 1}'],
          ['D', 'plain'],
          ['E', 'q"x'],
        ],
      );
      assert.deepEqual(d.syntaxProblems, []);
      const e = d.settings[4]!;
      assert.equal(e.valueExact, false);
      // Offsets inside the escaped value still map to the document.
      assert.equal(text.slice(settingSubRange(e, 2, 3).start, settingSubRange(e, 2, 3).end), 'x');
    });
    it('reads a quoted value that spans lines as one value', () => {
      const text = `F='{\n  "type": "http"\n}'\nG=after\n`;
      const d = parseEnvFile(text);
      assert.deepEqual(view(text, d), [
        { key: 'F', value: '{\n  "type": "http"\n}', written: '{\n  "type": "http"\n}', exact: true, span: `F='{\n  "type": "http"\n}'` },
        { key: 'G', value: 'after', written: 'after', exact: true, span: 'G=after' },
      ]);
      assert.deepEqual(d.syntaxProblems, []);
    });
    it('reports an unclosed quote and a line without =', () => {
      const d = parseEnvFile(`A\nB='x\n`);
      assert.deepEqual(
        d.syntaxProblems.map((p) => p.range),
        [
          { start: 0, end: 1 },
          { start: 4, end: 5 },
        ],
      );
    });
  });

  describe('airflow.cfg', () => {
    it('keeps quotes, reads `key: value`, and lower-cases section names', () => {
      const text = `[OpenLineage]\ntransport = '{"type": "http"}'\nnamespace: x\n`;
      const d = parseAirflowCfg(text);
      assert.deepEqual(
        view(text, d).map(({ key, value }) => [key, value]),
        [
          ['transport', `'{"type": "http"}'`],
          ['namespace', 'x'],
        ],
      );
      assert.equal(d.settings[0]!.section, 'openlineage');
    });
    it('joins continuation lines as configparser does, with offsets into each line', () => {
      const text = `[openlineage]\ntransport = {\n    "type": "console"\n  }\nnamespace = acme\n`;
      const d = parseAirflowCfg(text);
      const t = d.settings[0]!;
      assert.equal(t.value, '{\n"type": "console"\n}');
      assert.equal(t.valueExact, false);
      assert.equal(text.slice(t.span.start, t.span.end), 'transport = {\n    "type": "console"\n  }');
      const r = settingSubRange(t, 2, 8);
      assert.equal(text.slice(r.start, r.end), '"type"');
      assert.equal(d.settings[1]!.key, 'namespace');
      assert.deepEqual(d.syntaxProblems, []);
    });
    it('reads an indented option right after a header as an option', () => {
      const d = parseAirflowCfg('[openlineage]\n  namespace = x\n');
      assert.deepEqual(
        d.settings.map((s) => [s.key, s.value]),
        [['namespace', 'x']],
      );
    });
  });

  describe('docker-compose', () => {
    it('keeps quotes in list items, removes them in the map form, and spans quoted items with their quotes', () => {
      const text = `x-c: &c\n  environment:\n    - AIRFLOW__OPENLINEAGE__TRANSPORT='{"type":"http"}'\n    - "Q=1"\nservices:\n  s:\n    environment:\n      B: '{"type": "http"}'\n`;
      const d = parseCompose(text);
      assert.deepEqual(
        view(text, d).map(({ key, value, span }) => [key, value, span]),
        [
          ['AIRFLOW__OPENLINEAGE__TRANSPORT', `'{"type":"http"}'`, `AIRFLOW__OPENLINEAGE__TRANSPORT='{"type":"http"}'`],
          ['Q', '1', '"Q=1"'],
          ['B', '{"type": "http"}', `B: '{"type": "http"}'`],
        ],
      );
    });
  });

  describe('Dockerfile', () => {
    it('removes ENV quotes and maps offsets inside escaped values', () => {
      const text = `ENV A=1 B="x \\"y\\""\n`;
      const d = parseDockerfile(text);
      assert.deepEqual(
        d.settings.map((s) => [s.key, s.value]),
        [
          ['A', '1'],
          ['B', 'x "y"'],
        ],
      );
      const b = d.settings[1]!;
      const r = settingSubRange(b, 3, 4);
      assert.equal(text.slice(r.start, r.end), 'y');
    });
  });
});
