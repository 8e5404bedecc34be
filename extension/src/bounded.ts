/**
 * A lineage response cut down to what the webview can draw, before it is posted: facets and other node data
 * come from an endpoint or a file and may be nested thousands of levels deep (recursive code in the webview,
 * or the serialisation of the message, then overflows the stack), hold megabytes in one node, or arrays of a
 * million items. Pure (no vscode) and iterative (no recursion, so no input can overflow the stack); the work
 * is bounded by the size budget, so cycles or shared references end too.
 *
 * Per node, its `data` (the facets) keeps at most {@link GRAPH_LIMITS}`.depth` levels, `.arrayItems` items
 * per array and about `.nodeBytes` of JSON; what is cut is replaced by a marker string that says so, and
 * {@link boundGraph} reports it for the notice the webview shows. Fields are kept breadth-first, so the
 * shallow fields of every facet survive before the depths of one. Node ids, types and edges are kept whole
 * (edges only as `{origin, destination}`), so the graph itself is never changed.
 */

import type { ExpandDirection, ExpandResultMessage, HostToWebviewMessage } from '../../protocol/webview';

export interface GraphLimits {
  /** Levels of nesting kept in a node's `data` (the data object itself is level 1). */
  depth: number;
  /** Approximate JSON size kept of one node's `data`. */
  nodeBytes: number;
  /** Items kept of one array. */
  arrayItems: number;
}

export const GRAPH_LIMITS: GraphLimits = { depth: 32, nodeBytes: 256 * 1024, arrayItems: 1000 };

/** What {@link boundGraph} cut, for the notice. */
export interface Truncation {
  /** Nodes whose data was cut. */
  nodes: number;
  /** Values nested deeper than the depth limit. */
  deep: number;
  /** Nodes whose data exceeded the size limit. */
  large: number;
  /** Arrays cut to the item limit. */
  longArrays: number;
}

export const deepMarker = (limits: GraphLimits = GRAPH_LIMITS) => `… (nested deeper than ${limits.depth} levels, not shown)`;

type Container = Record<string, unknown> | unknown[];

/** Bytes set aside per copied object or array for the marker that says it was cut (`"…": "… 12,345 more"`). */
const MARKER_RESERVE = 24;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets `key` as an own, plain data property (a `__proto__` key from JSON stays a key, not a prototype). */
function put(target: Container, key: string | number, value: unknown): void {
  if (Array.isArray(target)) target.push(value);
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function primitiveBytes(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  return 4; // null, and what JSON leaves out (undefined, functions)
}

/**
 * A bounded copy of `value` (one node's data): see the module comment. `counts` receives what was cut.
 */
export function boundValue(
  value: unknown,
  limits: GraphLimits = GRAPH_LIMITS,
  counts: Omit<Truncation, 'nodes'> = { deep: 0, large: 0, longArrays: 0 },
): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'string' && value.length + 2 > limits.nodeBytes) {
      counts.large++;
      return `${value.slice(0, limits.nodeBytes)}… (${(value.length - limits.nodeBytes).toLocaleString('en-US')} more characters not shown)`;
    }
    return value;
  }
  let budget = limits.nodeBytes;
  const maxString = Math.floor(limits.nodeBytes / 4);
  let overBudget = false;
  const marker = deepMarker(limits);
  const root: Container = Array.isArray(value) ? [] : {};
  // Breadth-first: a queue of (source, its copy, its level), read with an index (no shift()).
  const queue: { source: unknown; target: Container; level: number }[] = [{ source: value, target: root, level: 1 }];
  for (let head = 0; head < queue.length; head++) {
    const { source, target, level } = queue[head]!;
    queue[head] = undefined as never;
    const isArray = Array.isArray(source);
    const total = isArray ? source.length : 0;
    const entries: [string | number, unknown][] = isArray
      ? source.slice(0, limits.arrayItems).map((v, i): [number, unknown] => [i, v])
      : Object.entries(source as object);
    let cutAt: number | undefined;
    for (let i = 0; i < entries.length; i++) {
      const [key, child] = entries[i]!;
      const keyBytes = typeof key === 'string' ? key.length + 3 : 1;
      if (budget <= 0) {
        cutAt = i;
        break;
      }
      if (typeof child === 'object' && child !== null) {
        budget -= keyBytes + 2;
        if (level >= limits.depth) {
          counts.deep++;
          budget -= marker.length;
          put(target, key, marker);
        } else if (budget < MARKER_RESERVE) {
          cutAt = i;
          break;
        } else {
          // The copy's own cut marker is paid for now, so that copies left for later stay within the budget.
          budget -= MARKER_RESERVE;
          const copy: Container = Array.isArray(child) ? [] : {};
          put(target, key, copy);
          queue.push({ source: child, target: copy, level: level + 1 });
        }
        continue;
      }
      // One string takes at most a quarter of the node's budget, so that it cannot crowd out the rest.
      const value =
        typeof child === 'string' && child.length > maxString
          ? `${child.slice(0, maxString)}… (${(child.length - maxString).toLocaleString('en-US')} more characters not shown)`
          : child;
      if (value !== child) overBudget = true;
      const bytes = keyBytes + primitiveBytes(value);
      if (bytes <= budget) {
        budget -= bytes;
        put(target, key, value);
      } else if (typeof child === 'string' && budget > keyBytes + 64) {
        // A long string (a SQL query, a stack trace) keeps its start.
        const room = budget - keyBytes - 2;
        put(target, key, `${child.slice(0, room)}… (${(child.length - room).toLocaleString('en-US')} more characters not shown)`);
        budget = 0;
        overBudget = true;
      } else {
        cutAt = i;
        break;
      }
    }
    if (cutAt !== undefined) {
      overBudget = true;
      const rest = (isArray ? total : entries.length) - cutAt;
      put(target, isArray ? cutAt : '…', `… ${rest.toLocaleString('en-US')} more`);
    } else if (head > 0) budget += MARKER_RESERVE;
    if (cutAt === undefined && isArray && total > limits.arrayItems) {
      counts.longArrays++;
      const note = `… (${(total - limits.arrayItems).toLocaleString('en-US')} more items not shown)`;
      budget -= note.length + 2;
      put(target, entries.length, note);
    }
  }
  if (overBudget) counts.large++;
  return root;
}

function boundEdges(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list
    .map((e) =>
      isRecord(e)
        ? {
            origin: typeof e.origin === 'string' ? e.origin : String(e.origin),
            destination: typeof e.destination === 'string' ? e.destination : String(e.destination),
          }
        : null,
    )
    .filter((e) => e !== null);
}

/** Node fields other than `data` are small by nature: kept under tight limits. */
const SMALL: GraphLimits = { depth: 4, nodeBytes: 16 * 1024, arrayItems: 100 };

/**
 * A lineage response (`{ graph: [nodes] }`) ready to post to the webview, and what was cut (undefined when
 * nothing was). Anything else is bounded as one value (the webview then says it is not a lineage response).
 */
export function boundGraph(response: unknown, limits: GraphLimits = GRAPH_LIMITS): { graph: unknown; truncated: Truncation | undefined } {
  const total: Truncation = { nodes: 0, deep: 0, large: 0, longArrays: 0 };
  const add = (counts: Omit<Truncation, 'nodes'>) => {
    if (counts.deep + counts.large + counts.longArrays === 0) return;
    total.nodes++;
    total.deep += counts.deep;
    total.large += counts.large;
    total.longArrays += counts.longArrays;
  };
  if (!isRecord(response) || !Array.isArray(response.graph)) {
    const counts = { deep: 0, large: 0, longArrays: 0 };
    const graph = boundValue(response, limits, counts);
    add(counts);
    return { graph, truncated: total.nodes > 0 ? total : undefined };
  }
  const nodes = response.graph.map((node: unknown) => {
    if (!isRecord(node)) return boundValue(node, SMALL);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'data') {
        const counts = { deep: 0, large: 0, longArrays: 0 };
        put(out, key, boundValue(value, limits, counts));
        add(counts);
      } else if (key === 'inEdges' || key === 'outEdges') put(out, key, boundEdges(value));
      else put(out, key, boundValue(value, SMALL));
    }
    return out;
  });
  const graph: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(response)) put(graph, key, key === 'graph' ? nodes : boundValue(value, SMALL));
  return { graph, truncated: total.nodes > 0 ? total : undefined };
}

/** The notice above the graph when something was cut. */
export function truncationNotice(t: Truncation, limits: GraphLimits = GRAPH_LIMITS): string {
  const why = [
    t.deep > 0 && `nested deeper than ${limits.depth} levels`,
    t.large > 0 && `over ${Math.round(limits.nodeBytes / 1024)} KB per node`,
    t.longArrays > 0 && `lists over ${limits.arrayItems.toLocaleString('en-US')} items`,
  ].filter(Boolean);
  return `Some data of ${t.nodes.toLocaleString('en-US')} ${t.nodes === 1 ? 'node' : 'nodes'} is not shown (${why.join(', ')}): the marked values were cut so the graph can be drawn. The endpoint or file still has all of it.`;
}

/** A `showGraph` message with its graph bounded and a notice when something was cut; other messages as they are. */
export function boundedShowGraph(message: HostToWebviewMessage): HostToWebviewMessage {
  if (message.type !== 'showGraph') return message;
  const { graph, truncated } = boundGraph(message.graph);
  if (!truncated) return graph === message.graph ? message : { ...message, graph };
  return { ...message, graph, notices: [...(message.notices ?? []), { text: truncationNotice(truncated) }] };
}

/** The answer to the webview's `expand`: the graph bounded, and what was cut said after the message. */
export function expandResultMessage(
  nodeId: string,
  direction: ExpandDirection,
  answer: { graph?: unknown; message?: string },
): ExpandResultMessage {
  const result: ExpandResultMessage = { type: 'expandResult', nodeId, direction };
  let message = answer.message;
  if (answer.graph !== undefined) {
    const { graph, truncated } = boundGraph(answer.graph);
    result.graph = graph;
    if (truncated) message = message ? `${message} ${truncationNotice(truncated)}` : truncationNotice(truncated);
  }
  if (message !== undefined) result.message = message;
  return result;
}
