/**
 * What can go wrong with a request to a lineage endpoint, what the user is told, and what they can do about
 * it: the {@link EndpointError} kinds, the messages the transport (./transport.ts) and the API methods
 * (./client.ts) fail with, and the one remedy table ({@link remedyFor}) that Test Connection, the viewer's
 * notifications and search, the Recent Runs and Issues views and the DAG Lineage view all offer their
 * buttons from. No `vscode` import: unit-tested in plain Node.
 */

/** The command users run to store an API key; error messages name it. */
export const SET_API_KEY_COMMAND_TITLE = 'Lineage Lens: Set API Key';

/** What went wrong, for callers that react differently (e.g. offer "Set API Key" on `unauthorized`). */
export type EndpointErrorKind =
  /** Nothing answered: connection refused, unknown host, network down, connection reset. */
  | 'unreachable'
  /** The TLS handshake failed: bad or self-signed certificate, or https to a plain-http port. */
  | 'tls'
  /** No complete answer within `timeoutMs`. */
  | 'timeout'
  /** HTTP 401: no API key, or one the endpoint rejects. */
  | 'unauthorized'
  /** HTTP 403: the key is known but may not do this. */
  | 'forbidden'
  /** HTTP 404: the path is not a lineage API, or the endpoint has no such job, dataset or run. */
  | 'not-found'
  /** The body is not JSON: usually a web UI or a proxy's page instead of the API. */
  | 'not-json'
  /** JSON, but not the shape this endpoint returns (another API at that path). */
  | 'invalid-response'
  /** The body exceeds `maxResponseBytes`. */
  | 'too-large'
  /** A redirect the client does not follow: to another origin, too many, or of a POST. */
  | 'redirect'
  /** Any other HTTP error status (5xx after the retry, 400, 422, ...). */
  | 'http'
  /** The caller cancelled the request. */
  | 'cancelled';

/** Facts about a failure besides its kind and message. */
export interface EndpointErrorDetails {
  /** Method and URL of the request (never the API key). */
  method?: string;
  url?: string;
  status?: number;
  /** The endpoint's own explanation (`message` of a JSON error body, or the start of a text body). */
  serverMessage?: string;
  /** For `redirect`: where the endpoint redirected to. */
  location?: string;
  /** The Node error code of a network or TLS failure (`ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`, ...). */
  code?: string;
  cause?: unknown;
}

/** A failed endpoint request. `message` says what happened and what to do. */
export class EndpointError extends Error {
  override readonly name = 'EndpointError';
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  readonly serverMessage?: string;
  readonly location?: string;
  readonly code?: string;

  constructor(
    readonly kind: EndpointErrorKind,
    message: string,
    details: EndpointErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.location = details.location;
    this.code = details.code;
  }
}

/** What the user can do about a failure with one command: store an API key, or set another endpoint URL. */
export type EndpointRemedy = 'set-api-key' | 'set-endpoint';

/** The command of each remedy, and the label of the button that runs it. */
export const REMEDY_COMMANDS: Readonly<Record<EndpointRemedy, { label: string; command: string }>> = {
  'set-api-key': { label: 'Set API Key', command: 'lineageLens.setApiKey' },
  'set-endpoint': { label: 'Set Endpoint', command: 'lineageLens.setEndpoint' },
};

/**
 * The remedy table: which command a failure of each kind offers (none where no setting helps: a slow,
 * failing or overloaded server, an answer too large for the question, a cancelled request). `not-configured`
 * is no request's failure, but every caller offers the same for it.
 */
const REMEDIES: Readonly<Record<EndpointErrorKind | 'not-configured', EndpointRemedy | undefined>> = {
  'not-configured': 'set-endpoint',
  unreachable: 'set-endpoint',
  tls: 'set-endpoint',
  timeout: undefined,
  unauthorized: 'set-api-key',
  forbidden: 'set-api-key',
  'not-found': 'set-endpoint',
  'not-json': 'set-endpoint',
  'invalid-response': 'set-endpoint',
  'too-large': undefined,
  redirect: 'set-endpoint',
  http: undefined,
  cancelled: undefined,
};

/** The command to offer after a failure of `kind`; undefined for kinds with no remedy and for other kinds a caller has. */
export function remedyFor(kind: string): EndpointRemedy | undefined {
  return Object.prototype.hasOwnProperty.call(REMEDIES, kind) ? REMEDIES[kind as keyof typeof REMEDIES] : undefined;
}

/** A request, as far as its failure messages name it. */
export interface FailedRequest {
  method: string;
  url: string;
  /** The only origin that receives the API key (the configured endpoint's). */
  origin: string;
  /** What was asked for ("job orders.load in namespace airflow-prod"), for not-found and cancelled messages. */
  what: string;
}

/** The request was cancelled by the caller. */
export function cancelledError(request: FailedRequest): EndpointError {
  return new EndpointError('cancelled', `The request for the ${request.what} was cancelled.`, { method: request.method, url: request.url });
}

/** No complete answer within `timeoutMs`. */
export function timeoutError(request: FailedRequest, timeoutMs: number, cause: unknown): EndpointError {
  const { method, url, origin } = request;
  return new EndpointError(
    'timeout',
    `The endpoint ${origin} did not answer ${method} ${url} within ${formatMs(timeoutMs)}. Check that the server is up and not overloaded, and that lineageLens.endpoint.url points at it; for a large lineage graph, ask for a smaller depth.`,
    { method, url, cause },
  );
}

/** Why a redirect is not followed; `target` is undefined when the Location is not a URL. */
export type RedirectRefusal =
  | { why: 'no-location' }
  | { why: 'not-a-url'; location: string }
  | { why: 'other-origin'; target: URL }
  | { why: 'too-many'; target: URL; first: string; max: number }
  | { why: 'method'; target: URL };

/** A redirect the client does not follow. */
export function redirectError(
  request: FailedRequest,
  status: number,
  refusal: RedirectRefusal,
  location: string | undefined,
): EndpointError {
  const { method, url } = request;
  const details = { method, url, status, location: 'target' in refusal ? refusal.target.href : location };
  switch (refusal.why) {
    case 'no-location':
      return new EndpointError('http', `${method} ${url} answered HTTP ${status} (a redirect) without a Location header.`, details);
    case 'not-a-url':
      return new EndpointError('redirect', `${method} ${url} redirected to "${refusal.location}", which is not a URL.`, details);
    case 'other-origin': {
      const { target } = refusal;
      return new EndpointError(
        'redirect',
        `${method} ${url} redirected to another origin, ${target.origin}. Lineage Lens does not follow it, so your API key is never sent there. If ${target.origin} is the right endpoint, run "Lineage Lens: Set Endpoint" with ${target.origin}${target.pathname.replace(/\/api\/v1\/.*$/, '')}.`,
        details,
      );
    }
    case 'too-many':
      return new EndpointError(
        'redirect',
        `${method} ${refusal.first} was redirected more than ${refusal.max} times (last to ${refusal.target.href}). Check the server or proxy configuration.`,
        details,
      );
    case 'method':
      return new EndpointError(
        'redirect',
        `${method} ${url} answered HTTP ${status}, a redirect that would turn the event into a GET of ${refusal.target.href}. Set lineageLens.endpoint.url to the URL the server redirects to.`,
        details,
      );
  }
}

/** An HTTP error status (after the retry, for reads), with the endpoint's own explanation when it gave one. */
export function statusError(
  request: FailedRequest,
  response: { status: number; statusText: string },
  body: { serverMessage?: string; json: boolean },
  keySent: boolean,
): EndpointError {
  const { method, url, origin, what } = request;
  const { serverMessage, json } = body;
  const details = { method, url, status: response.status, serverMessage };
  const said = serverMessage ? ` The server said: "${serverMessage}"${/[.!?]$/.test(serverMessage) ? '' : '.'}` : '';
  switch (response.status) {
    case 401:
      return new EndpointError(
        'unauthorized',
        keySent
          ? `The endpoint ${origin} rejected the API key (HTTP 401).${said} Run "${SET_API_KEY_COMMAND_TITLE}" to enter a valid key for ${origin}.`
          : `The endpoint ${origin} requires an API key (HTTP 401).${said} Run "${SET_API_KEY_COMMAND_TITLE}" to store one for ${origin}; it is sent as "Authorization: Bearer <key>".`,
        details,
      );
    case 403:
      return new EndpointError(
        'forbidden',
        keySent
          ? `The endpoint ${origin} refused ${method} ${url} with this API key (HTTP 403): the key lacks permission for it.${said} Run "${SET_API_KEY_COMMAND_TITLE}" to use a key with read access to the lineage API.`
          : `The endpoint ${origin} refused ${method} ${url} without an API key (HTTP 403).${said} Run "${SET_API_KEY_COMMAND_TITLE}" to store a key for ${origin}.`,
        details,
      );
    case 404:
      // Marquez answers a missing job, dataset or run with a JSON error naming it, and an unknown path
      // with its generic "HTTP 404 Not Found"; anything else (HTML, plain text) is not the API at all.
      if (json && serverMessage && !/^HTTP 404\b/i.test(serverMessage)) {
        return new EndpointError('not-found', `The endpoint has no ${what} (HTTP 404).${said}`, details);
      }
      return new EndpointError(
        'not-found',
        `${method} ${url} answered HTTP 404: the path is not a lineage API. Check that lineageLens.endpoint.url points at the API root, e.g. http://host:5000 (Lineage Lens appends /api/v1/...).`,
        details,
      );
    default: {
      const hint =
        response.status >= 500
          ? ` The server failed${method === 'GET' ? ' (asked twice)' : ''}; try again later, or look at the lineage server's logs.`
          : ' The request was refused as invalid; check the names and parameters.';
      return new EndpointError(
        'http',
        `${method} ${url} failed with HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.${said}${hint}`,
        details,
      );
    }
  }
}

/** The body is larger than `limit` (`declared`: what its Content-Length said). */
export function tooLargeError(request: FailedRequest, status: number, limit: number, declared?: number): EndpointError {
  const { method, url } = request;
  return new EndpointError(
    'too-large',
    `The answer to ${method} ${url} is larger than ${formatBytes(limit)}${declared === undefined ? '' : ` (${formatBytes(declared)})`}, so Lineage Lens stopped reading it. Ask for less: a smaller lineage depth, a narrower search, or a page limit.`,
    { method, url, status },
  );
}

/** A web page (HTML) where JSON was expected. */
export function webPageError(request: FailedRequest, status: number, type: string): EndpointError {
  const { method, url } = request;
  return new EndpointError(
    'not-json',
    `${method} ${url} answered with a web page (${type || 'HTML'}), not JSON: lineageLens.endpoint.url probably points at a web UI or a proxy's login page. Set it to the API root instead, e.g. http://host:5000 (Marquez's API port, not its web UI on port 3000).`,
    { method, url, status },
  );
}

/** JSON nested deeper than any lineage answer, refused before it is parsed. */
export function tooDeepError(request: FailedRequest, status: number, maxDepth: number): EndpointError {
  const { method, url } = request;
  return new EndpointError(
    'invalid-response',
    `${method} ${url} answered with JSON nested more than ${maxDepth.toLocaleString('en-US')} levels deep, which Lineage Lens does not read: no lineage answer is nested that deep. Check what serves lineageLens.endpoint.url.`,
    { method, url, status },
  );
}

/** A body that JSON.parse refused (`text` empty: an empty body). */
export function notJsonError(request: FailedRequest, status: number, type: string, text: string, cause: unknown): EndpointError {
  const { method, url } = request;
  return new EndpointError(
    'not-json',
    `${method} ${url} answered with ${text.trim() === '' ? 'an empty body' : `${type || 'a body'} that is not JSON`} (${(cause as Error).message}): lineageLens.endpoint.url probably points at something other than the lineage API, e.g. a web UI. Set it to the API root, e.g. http://host:5000.`,
    { method, url, status, cause },
  );
}

/** JSON of the wrong shape: `what` was expected (a "job", "lineage graph"), `why` says what is missing. */
export function shapeError(baseUrl: string, url: string, what: string, why: string): EndpointError {
  return new EndpointError(
    'invalid-response',
    `The endpoint ${baseUrl} answered with JSON that is not a ${what} (${why}): the URL serves some other API. Check that lineageLens.endpoint.url points at a Marquez-compatible lineage API root, e.g. http://host:5000.`,
    { url },
  );
}

const TLS_CODES =
  /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|EPROTO$|HOSTNAME_MISMATCH$)/;

/** An `unreachable` or `tls` error from a failed fetch, with what to check. */
export function networkError(request: FailedRequest, error: unknown): EndpointError {
  const { method, url, origin } = request;
  const code = errorCode(error);
  const details = { method, url, code, cause: error };
  const host = new URL(url).host;
  if (code && TLS_CODES.test(code)) {
    const why = /SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)
      ? 'its certificate is not signed by an authority this machine trusts (self-signed or a private CA)'
      : /EXPIRED|NOT_YET_VALID/.test(code)
        ? 'its certificate has expired or is not valid yet'
        : /ALTNAME|HOSTNAME/.test(code)
          ? `its certificate is not issued for ${new URL(url).hostname}`
          : /WRONG_VERSION_NUMBER|EPROTO|PACKET_LENGTH/.test(code)
            ? 'it does not speak TLS on that port (is it plain http?)'
            : 'the handshake failed';
    return new EndpointError(
      'tls',
      `The secure connection to ${host} failed: ${why} (${code}). Check the scheme and port in lineageLens.endpoint.url; for a private CA, add it to the system's trusted certificates (or NODE_EXTRA_CA_CERTS).`,
      details,
    );
  }
  const why =
    code === 'ECONNREFUSED'
      ? `nothing listens on ${host}: is the lineage server running, and is the port right (Marquez's API usually listens on 5000)?`
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `the host name ${new URL(url).hostname} cannot be resolved: check it for typos, and your network or VPN.`
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? `${host} closed the connection: check the scheme (http or https) and port, and any proxy in between.`
          : code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT'
            ? `${host} cannot be reached from this machine: check your network, VPN or firewall.`
            : `${errorMessageOf(error)}.`;
  return new EndpointError('unreachable', `Cannot reach the endpoint ${origin}: ${why}${code ? ` (${code})` : ''}`, details);
}

/** Why fetch failed, from the error chain undici gives (`TypeError: fetch failed` → cause with a code). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; (typeof e === 'object' && e !== null && !Array.isArray(e)) || e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
    if (depth > 5) break;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorMessageOf(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++, e = e.cause) parts.push(e.message);
  return parts.join(': ') || String(error);
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}
