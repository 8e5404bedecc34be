/**
 * Validation of posted OpenLineage events against the shipped schema (server/schema/OpenLineage-2-0-2.json)
 * with Ajv (draft 2020-12, formats asserted).
 *
 * The schema's root is a `oneOf` of RunEvent, DatasetEvent and JobEvent; validating against it reports every
 * branch's errors at once. Instead the event's kind is decided from its fields (`run` → RunEvent, else
 * `dataset` → DatasetEvent, else `job` → JobEvent) and it is validated against that definition only, so the
 * error names the field that actually fails (`run.runId must match format "uuid"`).
 *
 * Facets are objects with `_producer` and `_schemaURL` and any other properties: producers' own facets pass
 * through. One leniency over the schema, as Marquez has: an `eventTime` without a UTC offset is accepted (and
 * read as UTC), because some producers send one.
 */
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import schema from '../../schema/OpenLineage-2-0-2.json';

/** The kinds of OpenLineage event. */
export type EventKind = 'RunEvent' | 'DatasetEvent' | 'JobEvent';

/** The schema's `$id`. */
export const SCHEMA_ID = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';

/** A valid event with its kind, or why it is invalid. */
export type ValidationResult =
  | { ok: true; kind: EventKind; event: Record<string, unknown> }
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

/** Validates events; create one and reuse it (compiling the schema takes tens of milliseconds). */
export class EventValidator {
  private readonly validators: Record<EventKind, ValidateFunction>;

  constructor() {
    const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats(ajv, ['uri', 'uuid']);
    ajv.addFormat('date-time', fullFormats['iso-date-time']);
    ajv.addSchema(schema);
    const compile = (kind: EventKind): ValidateFunction => {
      const validate = ajv.getSchema(`${SCHEMA_ID}#/$defs/${kind}`);
      if (!validate) throw new Error(`The OpenLineage schema has no $defs/${kind}.`);
      return validate;
    };
    this.validators = { RunEvent: compile('RunEvent'), DatasetEvent: compile('DatasetEvent'), JobEvent: compile('JobEvent') };
  }

  /** Validates one parsed JSON value as an OpenLineage event. */
  validate(value: unknown): ValidationResult {
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
    if (validate(event)) return { ok: true, kind, event };
    return describeError(kind, validate.errors ?? []);
  }
}

/** The most specific error Ajv reported (not a combinator's summary), as a message and a field path. */
function describeError(kind: EventKind, errors: readonly ErrorObject[]): ValidationResult & { ok: false } {
  const combinators = new Set(['anyOf', 'oneOf', 'allOf', 'not', 'if']);
  const error = errors.find((e) => !combinators.has(e.keyword)) ?? errors[0];
  if (!error) return { ok: false, message: `The event is not a valid OpenLineage ${kind}.`, field: '' };
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
  return { ok: false, message: `Invalid OpenLineage ${kind}: ${message}.`, field };
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
