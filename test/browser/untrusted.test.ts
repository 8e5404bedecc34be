/**
 * Facet data the webview cannot draw, cut by the host before it is posted (extension/src/bounded.ts): a job
 * whose facet is nested 5,000 levels deep is drawn, the banner says some data is not shown, and its details
 * show the facet down to the marker.
 */
import assert from 'node:assert/strict';
import { boundedShowGraph, deepMarker } from '../../extension/src/bounded';
import type { ShowGraphMessage } from '../../protocol/webview';
import { useBrowserSession } from './harness';

const JOB = 'job:etl:deep_job';
const OUT = 'dataset:warehouse:out';

function deep(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { bottom: true };
  for (let i = 1; i < levels; i++) value = { level: value };
  return value;
}

describe('lineage graph webview: facets cut by the host (Chromium)', function () {
  const s = useBrowserSession({ openEachTest: true });

  it('draws a job with a facet 5,000 levels deep, says what was cut, and shows the facet to the marker', async () => {
    const graph = {
      graph: [
        {
          id: JOB,
          type: 'JOB',
          data: {
            id: { namespace: 'etl', name: 'deep_job' },
            name: 'deep_job',
            facets: { nested: { _producer: 'test', tree: deep(5000) } },
          },
          inEdges: [],
          outEdges: [{ origin: JOB, destination: OUT }],
        },
        {
          id: OUT,
          type: 'DATASET',
          data: { id: { namespace: 'warehouse', name: 'out' }, name: 'out' },
          inEdges: [{ origin: JOB, destination: OUT }],
          outEdges: [],
        },
      ],
    };
    const message = boundedShowGraph({
      type: 'showGraph',
      graph,
      title: 'deep.json',
      source: 'file:///work/lineage/deep.json',
    }) as ShowGraphMessage;
    const before = await s.generation();
    await s.post(message);
    const info = await s.drawn(before);
    assert.deepEqual(info.nodes.map((n) => n.id).sort(), [OUT, JOB].sort());
    assert.match((await s.page.textContent('.ll-banner'))!, /Some data of 1 node is not shown \(nested deeper than 32 levels\)/);
    await s.clickNode(JOB);
    await s.page.waitForSelector('.ll-details .ll-facet');
    await s.page.click('.ll-facet summary');
    assert.ok((await s.page.textContent('.ll-facet pre'))!.includes(deepMarker()));
  });
});
