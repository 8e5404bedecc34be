/**
 * Marquez's OpenAPI file (`../shared/reference/marquez-openapi.yml`, read from outside the repository, never
 * copied into it) as JSON Schema for Ajv: its component schemas with `$ref`s pointed at them, and with exactly the
 * inexactness `../shared/reference/README.md` documents allowed (each marked ALLOWED below):
 * - `null` in optional fields the spec does not mark nullable, and in the fields the README names
 *   (`description`, `location`, `latestRun`, `currentVersion`, `nominalStartTime`, `lastModifiedAt`,
 *   `parentJobName`) even where the spec lists them as required;
 * - input/output dataset version `facets` as objects (the spec: a map of strings);
 * - `DatasetVersion.tags` as an array (the spec: a string);
 * - column-lineage node type `DATASET_FIELD` (not in the spec's `NodeType`);
 * and one gap this test found that the README does not list yet: `FacetsResult.facets` is a map of facets.
 * One reading, not an allowance: `GraphNode.data`'s discriminator selects the data schema by the node's `type`
 * (`DATASET` → Dataset, `JOB` → Job), as the spec's mapping says; a plain `oneOf` of two schemas without required
 * fields would refuse every node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';

/** Where the spec is: `$MARQUEZ_OPENAPI`, else `../shared/reference/` next to the checkout. */
export const MARQUEZ_OPENAPI = process.env.MARQUEZ_OPENAPI ?? resolve(__dirname, '../../../shared/reference/marquez-openapi.yml');

type Schema = Record<string, unknown>;
export interface OpenApi {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
}

/** ALLOWED: fields Marquez answers `null` in although the spec does not say so (README, first item). */
const NULL_ANYWHERE = new Set([
  'description',
  'location',
  'latestRun',
  'currentVersion',
  'nominalStartTime',
  'lastModifiedAt',
  'parentJobName',
]);
const DROPPED = new Set(['example', 'discriminator', 'deprecated', 'nullable', 'description']);

export function loadMarquezSpec(): OpenApi | undefined {
  if (!existsSync(MARQUEZ_OPENAPI)) return undefined;
  // The spec's examples close flow collections (`]`) at their key's indentation, which SnakeYAML (Marquez's
  // reader) accepts and js-yaml does not: such a closing line is indented two more columns first.
  const text = readFileSync(MARQUEZ_OPENAPI, 'utf8').replace(/^(\s*)([\]}],?)\s*$/gm, '$1  $2');
  return load(text) as OpenApi;
}

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const nullable = (schema: unknown): Schema => ({ anyOf: [{ type: 'null' }, schema] });

/** An OpenAPI 3.0 schema as JSON Schema (draft-07): refs to `#/definitions/…`, `nullable`, optional nulls. */
function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (!isObject(value)) return value;
  const out: Schema = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue; // `type:` with no value (SearchResult.name)
    if (key === '$ref' && typeof v === 'string') out.$ref = v.replace('#/components/schemas/', '#/definitions/');
    else if (key === 'properties' && isObject(v)) {
      const required = new Set(Array.isArray(value.required) ? (value.required as string[]) : []);
      out.properties = Object.fromEntries(
        Object.entries(v).map(([name, p]) => [name, !required.has(name) || NULL_ANYWHERE.has(name) ? nullable(convert(p)) : convert(p)]),
      );
    } else if (DROPPED.has(key) && (key !== 'description' || typeof v === 'string')) continue;
    else out[key] = convert(v);
  }
  if (value.nullable === true) return nullable(out);
  return out;
}

/** The definitions, converted, with the README's allowances applied. */
export function marquezDefinitions(spec: OpenApi): Record<string, Schema> {
  const defs = convert(spec.components.schemas) as Record<string, Schema>;
  const props = (name: string) => defs[name]!.properties as Record<string, Schema>;
  // ALLOWED (README): input/output dataset version facets are objects of facets.
  for (const name of ['InputDatasetVersion', 'OutputDatasetVersion']) props(name).facets = { type: 'object' };
  // ALLOWED (README): DatasetVersion.tags is an array of tag names.
  props('DatasetVersion').tags = { type: 'array', items: { type: 'string' } };
  // FOUND HERE, NOT YET IN THE README (reported to the lead): `GET /jobs/runs/{id}/facets` answers the run's (or
  // job's) facets by name, `{runId, facets: {parent: {…}, …}}` (Marquez's RunFacetsDao / JobFacetsDao), where
  // the spec says `facets` is one CustomFacet.
  props('FacetsResult').facets = { $ref: '#/definitions/RunFacets' };
  // ALLOWED (README): column-lineage nodes are DATASET_FIELD.
  defs.NodeType = { type: 'string', enum: ['JOB', 'DATASET', 'DATASET_FIELD'] };
  // Reading (see the header): the discriminator picks the data schema by node type.
  const node = defs.GraphNode!;
  const nodeProps = { ...(node.properties as Record<string, Schema>) };
  delete nodeProps.data;
  defs.GraphNode = {
    type: 'object',
    properties: { ...nodeProps, data: { type: 'object' } },
    allOf: [
      { if: { properties: { type: { const: 'DATASET' } } }, then: { properties: { data: { $ref: '#/definitions/Dataset' } } } },
      { if: { properties: { type: { const: 'JOB' } } }, then: { properties: { data: { $ref: '#/definitions/Job' } } } },
    ],
  };
  return defs;
}

/** A validator of the answer an operation documents (status 200 or 201), or undefined when the spec has none. */
export function responseValidator(spec: OpenApi, path: string, method: string): ValidateFunction | undefined {
  const responses = spec.paths[path]?.[method.toLowerCase()]?.responses;
  const schema = (responses?.['200'] ?? responses?.['201'])?.content?.['application/json']?.schema;
  return schema ? validatorOf(spec, schema) : undefined;
}

const ajvs = new WeakMap<OpenApi, Ajv>();

/** A validator of any schema, with the spec's definitions. */
export function validatorOf(spec: OpenApi, schema: Schema): ValidateFunction {
  let ajv = ajvs.get(spec);
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('URL', true);
    ajv.addSchema({ $id: 'marquez', definitions: marquezDefinitions(spec) });
    ajvs.set(spec, ajv);
  }
  const converted = convert(schema) as Schema;
  return ajv.compile({ ...JSON.parse(JSON.stringify(converted).replaceAll('"#/definitions/', '"marquez#/definitions/')) });
}
