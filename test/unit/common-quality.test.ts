/**
 * Data-quality assertions as the Issues view and the graph's details both read them (common/quality.ts): the
 * standard facet and producers' own, values turned into text, unnamed assertions, and untrusted shapes.
 */
import assert from 'node:assert/strict';
import { facetText, readAssertions } from '../../common/quality';

function assertionsFacet(assertions: unknown[]) {
  return { _producer: 'p', _schemaURL: 's', assertions };
}

describe('common quality: data-quality assertions', () => {
  it('reads the standard facet, turning values into text', () => {
    const found = readAssertions({
      dataQualityAssertions: assertionsFacet([
        { assertion: 'not_null', success: false, column: 'id', severity: 'error', expected: 0, actual: 3 },
        { assertion: 'in_range', success: true, expected: { min: 1, max: 5 }, name: 'range check', description: 'rating' },
      ]),
    });
    assert.deepEqual(found, {
      facet: 'dataQualityAssertions',
      assertions: [
        { assertion: 'not_null', success: false, column: 'id', severity: 'error', expected: '0', actual: '3' },
        { assertion: 'in_range', success: true, name: 'range check', description: 'rating', expected: '{"min":1,"max":5}' },
      ],
    });
  });

  it("reads a producer's own *assertions facet (Great Expectations) when the standard one is absent", () => {
    const found = readAssertions({
      greatExpectations_assertions: assertionsFacet([
        { expectationType: 'expect_column_values_to_not_be_null', success: false, column: 'id' },
      ]),
    });
    assert.deepEqual(found, {
      facet: 'greatExpectations_assertions',
      assertions: [{ assertion: 'expect_column_values_to_not_be_null', success: false, column: 'id' }],
    });
    const both = readAssertions({
      greatExpectations_assertions: assertionsFacet([{ expectationType: 'x', success: false }]),
      dataQualityAssertions: assertionsFacet([{ assertion: 'y', success: true }]),
    });
    assert.equal(both?.facet, 'dataQualityAssertions');
    const two = readAssertions({
      zeta_assertions: assertionsFacet([{ assertion: 'z', success: true }]),
      alpha_assertions: assertionsFacet([{ assertion: 'a', success: true }]),
    });
    assert.equal(two?.facet, 'alpha_assertions');
  });

  it('shows an assertion that names no check as "(unnamed)", and one named only by `name` by that name', () => {
    const found = readAssertions({
      dataQualityAssertions: assertionsFacet([
        { success: false, column: 'id' },
        { name: 'rows', success: true },
      ]),
    });
    assert.deepEqual(found?.assertions, [
      { assertion: '(unnamed)', success: false, column: 'id' },
      { assertion: 'rows', success: true },
    ]);
  });

  it('skips assertions without a boolean success, and facets without any', () => {
    assert.equal(
      readAssertions({ dataQualityAssertions: assertionsFacet([{ assertion: 'x', success: 'false' }, null, 'text']) }),
      undefined,
    );
    assert.equal(
      readAssertions({ dataQualityAssertions: assertionsFacet([]), other_assertions: assertionsFacet([{ assertion: 'y', success: true }]) })
        ?.facet,
      'other_assertions',
    );
    assert.equal(readAssertions({ dataQualityAssertions: { assertions: 'none' } }), undefined);
    assert.equal(readAssertions(undefined), undefined);
    assert.equal(readAssertions([{ assertion: 'x', success: true }]), undefined);
    assert.equal(readAssertions({ dataQualityMetrics: { rowCount: 3 } }), undefined);
  });

  it('clips long values and leaves out values that cannot be written', () => {
    assert.equal(facetText('x'.repeat(5000))!.length, 2000);
    assert.equal(facetText(''), undefined);
    assert.equal(facetText(null), undefined);
    assert.equal(facetText(false), 'false');
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 100_000; i++) at = (at.next = {}) as Record<string, unknown>;
    assert.equal(facetText(deep), undefined);
  });
});
