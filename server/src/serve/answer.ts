/** The answers of the local endpoint's API: a status, a JSON body, headers; and Marquez's error shape. Pure. */

/** An HTTP answer: status, JSON body (omitted: none), extra headers. */
export interface Answer {
  status: number;
  body?: unknown;
  /** The body as JSON text already (instead of `body`). */
  raw?: string;
  headers?: Record<string, string>;
}

/** A Marquez-style error answer: `{"code":…,"message":…}`. */
export function errorAnswer(status: number, message: string, headers?: Record<string, string>): Answer {
  return { status, body: { code: status, message }, ...(headers && { headers }) };
}

export const notFound = (message: string) => errorAnswer(404, message);
export const badRequest = (message: string) => errorAnswer(400, message);
/** Marquez's (Dropwizard's) answer to a path it does not serve. */
export const UNKNOWN_PATH: Answer = errorAnswer(404, 'HTTP 404 Not Found');
