/**
 * What the view says instead of a graph: while it waits for one, when a response has no nodes or is not a
 * lineage response, and when the layout fails. Each message says what happened and what to do about it.
 */
import type { PageState, Paragraph } from './panels';

/** A full-panel message. */
export interface Message {
  kind: PageState;
  heading: string;
  paragraphs: Paragraph[];
}

const EXAMPLE_REQUEST =
  "curl -G 'http://marquez:5000/api/v1/lineage' --data-urlencode 'nodeId=dataset:postgres://warehouse:5432:public.orders' > lineage.json";
const OPEN_COMMAND = '"Lineage Lens: Open Lineage Graph from JSON File"';

export const LOADING: Message = {
  kind: 'loading',
  heading: 'Loading the lineage graph…',
  paragraphs: [
    { text: 'Waiting for VS Code to send the graph.' },
    { text: `If nothing appears, close this tab and open the file again with ${OPEN_COMMAND}.` },
  ],
};

/** The response `title` has `"graph": []`. */
export function emptyResponse(title: string): Message {
  return {
    kind: 'empty',
    heading: 'This lineage response has no nodes.',
    paragraphs: [
      { text: `"graph" in ${title} is an empty list, so there is nothing to draw.` },
      {
        text: 'Check that the request named an existing job or dataset as its nodeId (job:<namespace>:<name> or dataset:<namespace>:<name>), URL-encoded, for example:',
      },
      { code: EXAMPLE_REQUEST },
    ],
  };
}

/** The file `title` does not hold a lineage response (`detail` says why), or the host could not read it. */
export function notShown(title: string, detail: string, source: 'response' | 'host'): Message {
  if (source === 'host') {
    return {
      kind: 'error',
      heading: 'The lineage graph cannot be shown.',
      paragraphs: [{ text: detail, className: 'll-error-detail' }, { text: `Open the file again with ${OPEN_COMMAND}.` }],
    };
  }
  return {
    kind: 'error',
    heading: `${title || 'This file'} is not a Marquez lineage response.`,
    paragraphs: [
      { text: detail, className: 'll-error-detail' },
      { text: 'Save the response of GET /api/v1/lineage exactly as Marquez returns it, for example:' },
      { code: EXAMPLE_REQUEST },
      { text: `then open that file with ${OPEN_COMMAND}.` },
    ],
  };
}

/** The layout threw `error`; `retry` lays out again. */
export function layoutFailed(error: unknown, retry: () => void): Message {
  return {
    kind: 'error',
    heading: 'The lineage graph could not be laid out.',
    paragraphs: [
      { text: error instanceof Error ? error.message : String(error), className: 'll-error-detail' },
      { text: 'Showing fewer nodes may help: explore around one node at depth 2.' },
      { action: { label: 'Try again', run: retry } },
    ],
  };
}
