/**
 * The graph view's pan and zoom maths (webview/src/graph/viewport.ts): fitting, zooming around the centre,
 * anchoring a node where it was, what is in view, and the node nearest the centre.
 */
import assert from 'node:assert/strict';
import {
  anchoredTransform,
  boundsInView,
  boxInView,
  fitTransform,
  nearestToCentre,
  panZoomed,
  ZOOM_EXTENT,
} from '../../webview/src/graph/viewport';

describe('webview viewport', () => {
  it('fits a box in the view, centred, never above the maximum scale', () => {
    assert.deepEqual(fitTransform({ minX: 0, minY: 0, maxX: 200, maxY: 100 }, 1000, 500, 0, 1), { x: 400, y: 200, k: 1 });
    const t = fitTransform({ minX: 100, minY: 0, maxX: 2100, maxY: 1000 }, 1000, 500, 0, 1);
    assert.equal(t.k, 0.5);
    assert.equal(t.x + 100 * t.k, 0);
    assert.equal(fitTransform({ minX: 0, minY: 0, maxX: 1e9, maxY: 1 }, 1000, 500, 0, 1, ZOOM_EXTENT[0]).k, ZOOM_EXTENT[0]);
  });

  it('zooms around the centre of the view, within the extent, then pans', () => {
    // The scene point under the centre (500, 250) stays there.
    const t = panZoomed({ x: 100, y: 50, k: 1 }, 1000, 500, 0, 0, 2);
    assert.deepEqual(t, { x: -300, y: -150, k: 2 });
    assert.equal((500 - t.x) / t.k, 400);
    assert.deepEqual(panZoomed({ x: 0, y: 0, k: 1 }, 1000, 500, 10, -5, 1), { x: 10, y: -5, k: 1 });
    assert.equal(panZoomed({ x: 0, y: 0, k: 3 }, 1000, 500, 0, 0, 10).k, ZOOM_EXTENT[1]);
    assert.equal(panZoomed({ x: 0, y: 0, k: 0.02 }, 1000, 500, 0, 0, 0.1).k, ZOOM_EXTENT[0]);
  });

  it('keeps a node that moved in the layout where it was on screen', () => {
    const t = { x: 10, y: 20, k: 2 };
    const moved = anchoredTransform(t, { x: 100, y: 50 }, { x: 300, y: 40 });
    assert.deepEqual(moved, { x: -390, y: 40, k: 2 });
    assert.equal(moved.x + 300 * moved.k, t.x + 100 * t.k);
  });

  it('tells whether a node or the whole graph is in view', () => {
    const box = { x: 10, y: 10, width: 100, height: 40 };
    assert.equal(boxInView(box, { x: 0, y: 0, k: 1 }, 200, 100), true);
    assert.equal(boxInView(box, { x: 100, y: 0, k: 1 }, 200, 100), false);
    assert.equal(boxInView(box, { x: -20, y: 0, k: 1 }, 200, 100), false);
    const bounds = { minX: 0, minY: 0, maxX: 400, maxY: 200 };
    assert.equal(boundsInView(bounds, { x: 0, y: 0, k: 0.5 }, 200, 100), true);
    assert.equal(boundsInView(bounds, { x: 0, y: 0, k: 1 }, 200, 100), false);
  });

  it('finds the node nearest the centre of the view', () => {
    const boxes = [
      { x: 0, y: 0, width: 10, height: 10 },
      { x: 95, y: 45, width: 10, height: 10 },
      { x: 190, y: 90, width: 10, height: 10 },
    ];
    assert.equal(nearestToCentre(boxes, { x: 0, y: 0, k: 1 }, 200, 100), 1);
    assert.equal(nearestToCentre(boxes, { x: 0, y: 0, k: 2 }, 200, 100), 0);
    assert.equal(nearestToCentre([], { x: 0, y: 0, k: 1 }, 200, 100), undefined);
  });
});
