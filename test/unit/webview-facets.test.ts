/**
 * What the details panel reads from untrusted node data: Marquez fields and latest run, OpenLineage facets
 * (schema, sql, sourceCodeLocation, documentation, ownership, dataQualityAssertions, columnLineage, unknown
 * ones passed through), the SQL tokenizer, and column-level models built from facets or DATASET_FIELD nodes.
 */
import assert from 'node:assert/strict';
import { columnModel, fieldNodeId, hasColumnLineage } from '../../webview/src/graph/columns';
import { formatDuration } from '../../common/duration';
import { nodeDetails, parseTime, runStateOf } from '../../webview/src/graph/facets';
import { parseLineageResponse, type GraphNode, type LineageModel } from '../../webview/src/graph/model';
import { tokenizeSql } from '../../webview/src/graph/sql';

function parse(graph: unknown[]): LineageModel {
  const r = parseLineageResponse({ graph });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.model;
}

function node(type: 'JOB' | 'DATASET', data: Record<string, unknown>, id = type === 'JOB' ? 'job:ns:j' : 'dataset:ns:d'): GraphNode {
  return parse([{ id, type, data }]).nodes[0];
}

describe('webview facets: runs', () => {
  it('reads the latest run: state, times and duration (given, or from start and end)', () => {
    const given = nodeDetails(
      node('JOB', {
        latestRun: {
          id: 'r1',
          state: 'COMPLETED',
          startedAt: '2024-11-18T02:03:11.204Z',
          endedAt: '2024-11-18T02:04:12.438Z',
          durationMs: 61234,
        },
      }),
    ).run!;
    assert.deepEqual(given, {
      id: 'r1',
      state: 'COMPLETED',
      startedAt: Date.UTC(2024, 10, 18, 2, 3, 11, 204),
      endedAt: Date.UTC(2024, 10, 18, 2, 4, 12, 438),
      durationMs: 61234,
    });
    // Marquez test fixtures write timestamps as epoch seconds with decimals.
    const computed = nodeDetails(
      node('JOB', {
        latestRun: {
          state: 'FAILED',
          startedAt: 1700000000.5,
          endedAt: '1700000090.5',
          facets: { errorMessage: { message: 'boom', programmingLanguage: 'python' } },
        },
      }),
    ).run!;
    assert.equal(computed.durationMs, 90000);
    assert.equal(computed.errorMessage, 'boom');
    assert.equal(runStateOf(node('JOB', { latestRuns: [{ state: 'RUNNING' }] })), 'RUNNING');
    assert.equal(nodeDetails(node('JOB', { latestRun: 'yesterday' })).run, undefined);
  });

  it('formats durations for people and parses timestamps of every kind Marquez writes', () => {
    assert.deepEqual([850, 9500, 61234, 3 * 3600e3 + 5 * 60e3, 2 * 86400e3 + 4 * 3600e3].map(formatDuration), [
      '850 ms',
      '9.5 s',
      '1m 01s',
      '3h 05m',
      '2d 4h',
    ]);
    assert.equal(parseTime('2024-11-18T02:03:11Z'), Date.UTC(2024, 10, 18, 2, 3, 11));
    assert.equal(parseTime(1700000000), 1700000000000);
    assert.equal(parseTime(1700000000000), 1700000000000);
    assert.equal(parseTime('not a time'), undefined);
  });
});

describe('webview facets: job and dataset facets', () => {
  it('reads sql, source code location (with a line anchor), documentation and owners', () => {
    const d = nodeDetails(
      node('JOB', {
        description: 'Builds revenue.',
        facets: {
          sql: { query: 'SELECT 1', dialect: 'postgres' },
          sourceCodeLocation: { type: 'git', url: 'https://github.com/acme/dags/blob/main/x.py#L42', path: 'dags/x.py', branch: 'main' },
          documentation: { description: 'Builds revenue per day.' },
          ownership: { owners: [{ name: 'team:finance', type: 'TEAM' }, { name: 'bob' }, { type: 'nameless' }] },
        },
      }),
    );
    assert.deepEqual(d.sql, { query: 'SELECT 1', dialect: 'postgres' });
    assert.deepEqual(d.location, {
      url: 'https://github.com/acme/dags/blob/main/x.py#L42',
      label: 'dags/x.py',
      type: 'git',
      path: 'dags/x.py',
      version: 'main',
      line: 41,
    });
    assert.equal(d.documentation, 'Builds revenue per day.');
    assert.deepEqual(d.owners, [{ name: 'team:finance', type: 'TEAM' }, { name: 'bob' }]);
    assert.deepEqual(d.otherFacets, []);
  });

  it('falls back to JobData.location, and refuses links that are not http(s) or file', () => {
    assert.equal(
      nodeDetails(node('JOB', { location: 'https://github.com/acme/dags/blob/main/x.py' })).location?.label,
      'https://github.com/acme/dags/blob/main/x.py',
    );
    assert.equal(nodeDetails(node('JOB', { location: 'javascript:alert(1)' })).location, undefined);
    assert.equal(
      nodeDetails(node('JOB', { facets: { sourceCodeLocation: { url: 'command:workbench.action.quit' } } })).location,
      undefined,
    );
  });

  it('counts data-quality assertions that passed and failed, from the dataset or its input facets', () => {
    const assertions = [
      { assertion: 'not_null', success: true, column: 'id' },
      { assertion: 'unique', success: false, column: 'id', expected: 0, actual: { duplicates: 3 } },
      { assertion: 'broken', success: 'yes' },
    ];
    const d = nodeDetails(node('DATASET', { inputFacets: { dataQualityAssertions: { assertions } } })).assertions!;
    assert.equal(d.passed, 1);
    assert.equal(d.failed, 1);
    assert.deepEqual(d.items[1], { assertion: 'unique', success: false, column: 'id', expected: '0', actual: '{"duplicates":3}' });
  });

  it("reads a producer's own *assertions facet as the Issues view does, and does not list it again as another facet", () => {
    const d = nodeDetails(
      node('DATASET', {
        facets: {
          greatExpectations_assertions: {
            assertions: [{ expectationType: 'expect_column_values_to_be_unique', success: false }, { success: true }],
          },
        },
      }),
    );
    assert.equal(d.assertions?.facet, 'greatExpectations_assertions');
    assert.deepEqual(
      d.assertions?.items.map((a) => a.assertion),
      ['expect_column_values_to_be_unique', '(unnamed)'],
    );
    assert.deepEqual([d.assertions?.passed, d.assertions?.failed], [1, 1]);
    assert.deepEqual(d.otherFacets, []);
  });

  it('merges Marquez fields with the schema facet (nested fields included) and passes unknown facets through', () => {
    const d = nodeDetails(
      node('DATASET', {
        fields: [
          { name: 'id', type: 'BIGINT' },
          { name: 'address', type: 'STRUCT' },
        ],
        facets: {
          schema: {
            fields: [
              { name: 'address', type: 'struct', fields: [{ name: 'city', type: 'string' }] },
              { name: 'extra', type: 'int' },
            ],
          },
          spark_properties: { properties: { 'spark.master': 'yarn' } },
          notAFacet: 'text',
        },
      }),
    );
    assert.deepEqual(
      d.fields.map((f) => [f.name, f.type, f.children.map((c) => c.name)]),
      [
        ['id', 'BIGINT', []],
        ['address', 'STRUCT', ['city']],
        ['extra', 'int', []],
      ],
    );
    assert.deepEqual(
      d.otherFacets.map((f) => f.name),
      ['spark_properties'],
    );
    assert.match(d.otherFacets[0].json, /"spark.master": "yarn"/);
  });

  it('reads column lineage with transformation types, old and new style', () => {
    const d = nodeDetails(
      node('DATASET', {
        facets: {
          columnLineage: {
            fields: {
              total: {
                inputFields: [
                  {
                    namespace: 'ns',
                    name: 'orders',
                    field: 'amount',
                    transformations: [{ type: 'DIRECT', subtype: 'AGGREGATION', masking: true }],
                  },
                ],
              },
              id: { inputFields: [{ namespace: 'ns', name: 'orders', field: 'id' }], transformationType: 'IDENTITY' },
              bad: { inputFields: [{ name: 'no namespace', field: 'x' }] },
            },
          },
        },
      }),
    );
    assert.deepEqual(d.columnLineage, [
      { field: 'total', inputs: [{ namespace: 'ns', name: 'orders', field: 'amount', transformations: ['DIRECT/AGGREGATION (masked)'] }] },
      { field: 'id', inputs: [{ namespace: 'ns', name: 'orders', field: 'id', transformations: ['IDENTITY'] }] },
      { field: 'bad', inputs: [] },
    ]);
  });
});

describe('webview facets: SQL tokens', () => {
  it('gives back the text unchanged and types keywords, functions, strings, numbers, comments and quoted names', () => {
    const sql = `-- note\nSELECT "Order Id", SUM(o.total) AS t FROM orders o /* x */ WHERE o.s = 'it''s' AND o.n >= 1.5e3;`;
    const tokens = tokenizeSql(sql);
    assert.equal(tokens.map((t) => t.text).join(''), sql);
    const typed = tokens.filter((t) => t.type !== 'whitespace').map((t) => `${t.type}:${t.text}`);
    assert.deepEqual(typed, [
      'comment:-- note',
      'keyword:SELECT',
      'quoted:"Order Id"',
      'punctuation:,',
      'function:SUM',
      'punctuation:(',
      'identifier:o',
      'punctuation:.',
      'identifier:total',
      'punctuation:)',
      'keyword:AS',
      'identifier:t',
      'keyword:FROM',
      'identifier:orders',
      'identifier:o',
      'comment:/* x */',
      'keyword:WHERE',
      'identifier:o',
      'punctuation:.',
      'identifier:s',
      'operator:=',
      "string:'it''s'",
      'keyword:AND',
      'identifier:o',
      'punctuation:.',
      'identifier:n',
      'operator:>=',
      'number:1.5e3',
      'punctuation:;',
    ]);
  });

  it('keeps a column named like a keyword after a dot as a name, and survives unclosed quotes and comments', () => {
    assert.equal(tokenizeSql('t.order').find((t) => t.text === 'order')?.type, 'identifier');
    for (const broken of ["SELECT 'open", 'SELECT "open', 'SELECT /* open', ''])
      assert.equal(
        tokenizeSql(broken)
          .map((t) => t.text)
          .join(''),
        broken,
      );
  });
});

describe('webview facets: column-level models', () => {
  const withFacet = () =>
    parse([
      {
        id: 'dataset:ns:orders',
        type: 'DATASET',
        data: { name: 'orders', namespace: 'ns', fields: [{ name: 'amount', type: 'DECIMAL' }] },
      },
      {
        id: 'dataset:ns:fct',
        type: 'DATASET',
        data: {
          name: 'fct',
          namespace: 'ns',
          facets: {
            columnLineage: {
              fields: {
                total: {
                  inputFields: [
                    { namespace: 'ns', name: 'orders', field: 'amount' },
                    { namespace: 'ns', name: 'rates', field: 'rate' },
                  ],
                },
              },
            },
          },
        },
      },
    ]);

  it('builds field nodes and input → output edges from columnLineage facets', () => {
    const m = withFacet();
    assert.ok(hasColumnLineage(m));
    const c = columnModel(m);
    assert.deepEqual(
      c.nodes.map((n) => n.id).sort(),
      [fieldNodeId('ns', 'fct', 'total'), fieldNodeId('ns', 'orders', 'amount'), fieldNodeId('ns', 'rates', 'rate')].sort(),
    );
    assert.deepEqual(
      c.incoming
        .get(fieldNodeId('ns', 'fct', 'total'))!
        .slice()
        .sort(),
      [fieldNodeId('ns', 'orders', 'amount'), fieldNodeId('ns', 'rates', 'rate')].sort(),
    );
    const amount = c.nodeById.get(fieldNodeId('ns', 'orders', 'amount'))!;
    assert.deepEqual([amount.kind, amount.label, amount.parent, amount.subtype], ['field', 'amount', 'orders', 'DECIMAL']);
  });

  it('uses the DATASET_FIELD nodes of a column-lineage response as they are', () => {
    const m = parse([
      {
        id: 'datasetField:ns:a:x',
        type: 'DATASET_FIELD',
        data: { namespace: 'ns', dataset: 'a', field: 'x' },
        outEdges: [{ origin: 'datasetField:ns:a:x', destination: 'datasetField:ns:b:y' }],
      },
      { id: 'datasetField:ns:b:y', type: 'DATASET_FIELD', data: { namespace: 'ns', dataset: 'b', field: 'y' } },
    ]);
    assert.ok(hasColumnLineage(m));
    assert.equal(columnModel(m).edges.length, 1);
    assert.ok(!hasColumnLineage(parse([{ id: 'dataset:ns:a', type: 'DATASET', data: {} }])));
  });
});
