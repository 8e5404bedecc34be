/**
 * Validation of posted OpenLineage events against the shipped schema (server/schema/OpenLineage-2-0-2.json)
 * with Ajv (draft 2020-12, formats asserted, every error collected).
 *
 * The schema's root is a `oneOf` of RunEvent, DatasetEvent and JobEvent; validating against it reports every
 * branch's errors at once. Instead the event's kind is decided from its fields (`run` → RunEvent, else
 * `dataset` → DatasetEvent, else `job` → JobEvent) and it is validated against that definition only, so the
 * error names the field that actually fails (`run.runId must match format "uuid"`).
 *
 * Facets are objects with `_producer` and `_schemaURL` and any other properties: producers' own facets pass
 * through.
 *
 * Leniency, as Marquez's (../shared/reference/README.md): by default an event that breaks only these rules of
 * the spec is accepted, and each break is returned as a {@link Deviation} to be recorded with the event:
 * - a missing top-level `schemaURL` (Marquez's own test events and its OpenAPI example have none);
 * - a date-time without a UTC offset (`2024-01-01T12:00:00`), read as UTC. Marquez accepts it too (its
 *   FlexibleDateTimeDeserializer, with the test event `event_required_no_timezone.json`, at a89b89c) and reads
 *   it in its server's time zone, UTC in its Docker image.
 * Anything else the schema forbids is refused. With `strict`, every break is refused.
 */
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import schema from '../../schema/OpenLineage-2-0-2.json';
import type { Deviation } from '../../../protocol/local-endpoint';

/** The kinds of OpenLineage event. */
export type EventKind = 'RunEvent' | 'DatasetEvent' | 'JobEvent';

/** The schema's `$id`. */
export const SCHEMA_ID = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';

export type { Deviation } from '../../../protocol/local-endpoint';

/** Most deviations recorded (and named in a `--strict` refusal) per event. */
export const MAX_DEVIATIONS = 20;

/** A usable event with its kind and how it departs from the spec (empty when it is spec-valid), or why it is refused. */
export type ValidationResult =
  | { ok: true; kind: EventKind; event: Record<string, unknown>; deviations: Deviation[] }
  | {
      ok: false;
      /** A sentence saying what is wrong: `run.runId must match format "uuid"`. */
      message: string;
      /** The failing field as a path (`run.runId`, `inputs[0].name`), or `""` for the event itself. */
      field: string;
    };

/** Which definition an event is validated against, from the fields it has. */
export function eventKind(event: Record<string, unknown>): EventKind {
  if ('run' in event) return 'RunEvent';
  if ('dataset' in event) return 'DatasetEvent';
  if ('job' in event) return 'JobEvent';
  return 'RunEvent';
}

const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'not', 'if']);
/** The combinators whose errors only summarise the errors reported under them. */
const SUMMARIES = new Set(['anyOf', 'oneOf', 'allOf', 'if']);
const isoDateTime = fullFormats['iso-date-time'] as { validate: (s: string) => boolean };

/** The value at a JSON Pointer of the event (Ajv's `instancePath`). */
function valueAt(event: unknown, pointer: string): unknown {
  let value = event;
  for (const raw of pointer.split('/').slice(1)) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

/** Whether Marquez's leniency covers this error (see the module comment). */
function tolerated(error: ErrorObject, event: Record<string, unknown>): boolean {
  if (error.keyword === 'required')
    return error.instancePath === '' && (error.params as { missingProperty?: unknown }).missingProperty === 'schemaURL';
  if (error.keyword === 'format' && (error.params as { format?: unknown }).format === 'date-time') {
    const value = valueAt(event, error.instancePath);
    return typeof value === 'string' && isoDateTime.validate(value);
  }
  return false;
}

/** Validates events; create one and reuse it (compiling the schema takes tens of milliseconds). */
export class EventValidator {
  private readonly validators: Record<EventKind, ValidateFunction>;

  constructor() {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv, ['uri', 'uuid']);
    // RFC 3339 (a UTC offset required); an offset-less time is one of the tolerated deviations.
    ajv.addFormat('date-time', fullFormats['date-time']);
    ajv.addSchema(schema);
    const compile = (kind: EventKind): ValidateFunction => {
      const validate = ajv.getSchema(`${SCHEMA_ID}#/$defs/${kind}`);
      if (!validate) throw new Error(`The OpenLineage schema has no $defs/${kind}.`);
      return validate;
    };
    this.validators = { RunEvent: compile('RunEvent'), DatasetEvent: compile('DatasetEvent'), JobEvent: compile('JobEvent') };
  }

  /**
   * Validates one parsed JSON value as an OpenLineage event: accepted with its deviations when it breaks only
   * the rules Marquez tolerates, refused otherwise; with `strict`, refused on any break, every one named.
   */
  validate(value: unknown, strict = false): ValidationResult {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return {
        ok: false,
        message: `The body must be one OpenLineage event (a JSON object), not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}.`,
        field: '',
      };
    }
    const event = value as Record<string, unknown>;
    const kind = eventKind(event);
    const validate = this.validators[kind];
    if (validate(event)) return { ok: true, kind, event, deviations: [] };
    const errors = specific(validate.errors ?? []);
    if (strict) {
      if (errors.length === 0) return { ok: false, message: `Invalid OpenLineage ${kind} (--strict).`, field: '' };
      const all = errors.slice(0, MAX_DEVIATIONS).map((e) => describe(kind, e).message);
      const more = errors.length > MAX_DEVIATIONS ? ` (and ${errors.length - MAX_DEVIATIONS} more)` : '';
      return {
        ok: false,
        message: `Invalid OpenLineage ${kind} (--strict: ${errors.length} problem${errors.length === 1 ? '' : 's'}): ${all.join('; ')}${more}.`,
        field: describe(kind, errors[0]!).field,
      };
    }
    const refused = errors.find((e) => !tolerated(e, event));
    if (refused || errors.length === 0) return describeError(kind, refused ? [refused] : (validate.errors ?? []));
    return { ok: true, kind, event, deviations: errors.slice(0, MAX_DEVIATIONS).map((e) => deviationOf(kind, e)) };
  }
}

/** Ajv's errors without the combinators' summaries, each (field, message) once. */
function specific(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (SUMMARIES.has(e.keyword)) return false;
    const key = `${e.instancePath}\u0000${e.keyword}\u0000${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function deviationOf(kind: EventKind, error: ErrorObject): Deviation {
  const { field, message } = describe(kind, error);
  const offsetless = error.keyword === 'format';
  return { path: field, message: offsetless ? `${message} (no UTC offset; read as UTC)` : message };
}

/** The most specific error Ajv reported (not a combinator's summary), as a message and a field path. */
function describeError(kind: EventKind, errors: readonly ErrorObject[]): ValidationResult & { ok: false } {
  const error = errors.find((e) => !COMBINATORS.has(e.keyword)) ?? errors[0];
  if (!error) return { ok: false, message: `The event is not a valid OpenLineage ${kind}.`, field: '' };
  const { field, message } = describe(kind, error);
  return { ok: false, message: `Invalid OpenLineage ${kind}: ${message}.`, field };
}

/** One error as a field path and a phrase: `run.runId must match format "uuid"`. */
function describe(kind: EventKind, error: ErrorObject): { field: string; message: string } {
  const base = fieldPath(error.instancePath);
  const missing = error.keyword === 'required' ? String((error.params as { missingProperty?: unknown }).missingProperty ?? '') : '';
  const field = missing ? (base ? `${base}.${missing}` : missing) : base;
  let message: string;
  if (error.keyword === 'required') message = `${field} is required`;
  else if (error.keyword === 'not' && kind === 'DatasetEvent') message = 'a DatasetEvent must not have both job and run';
  else if (error.keyword === 'not' && kind === 'JobEvent') message = 'a JobEvent must not have run';
  else if (error.keyword === 'enum')
    message = `${field || 'the event'} must be one of ${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  else message = `${field || 'the event'} ${error.message ?? 'is invalid'}`;
  return { field, message };
}

/** `/inputs/0/facets/schema` → `inputs[0].facets.schema` (JSON Pointer escapes undone). */
export function fieldPath(pointer: string): string {
  if (!pointer) return '';
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(part) ? `[${part}]` : path ? `.${part}` : part;
  }
  return path;
}
