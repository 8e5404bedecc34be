import type { YamlNode, YamlPair } from '../../yaml/ast';
import { trailingCommaRange } from '../edits';
import { scalarOf } from '../model';
import type { GxRule } from './rule';

/** Keys whose values are names, classes, modules or URLs: a trailing comma is never meant there. */
const IDENTIFIER_KEYS = new Set([
  'class_name',
  'module_name',
  'name',
  'validation_operator_name',
  'expectation_suite_name',
  'datasource_name',
  'data_connector_name',
  'data_asset_name',
  'template_name',
]);
/** Free text in the action, where a comma might be meant: reported as a warning. */
const FREE_TEXT = new Set(['job_description']);

/**
 * A plain YAML value that ends with a comma (`openlineage_host: http://localhost:5000,`, copied from JSON or
 * from a docs page) keeps the comma as part of the value: the class cannot be imported, the URL is wrong.
 */
export const trailingComma: GxRule = {
  id: 'gx/trailing-comma',
  defaultSeverity: 'error',
  summary: 'A value ending with a comma (`openlineage_host: http://localhost:5000,`): YAML keeps the comma in the value.',
  check(ctx) {
    const seen = new Set<number>();
    const check = (p: YamlPair, inAction: boolean) => {
      const s = scalarOf(p.value);
      if (!s || seen.has(s.range.start)) return;
      if (!inAction && !IDENTIFIER_KEYS.has(p.key.value)) return;
      const range = trailingCommaRange(ctx.text, s);
      if (!range) return;
      seen.add(s.range.start);
      const value = ctx.text.slice(s.range.start, range.start);
      ctx.report({
        range,
        severity: FREE_TEXT.has(p.key.value) ? 'warning' : undefined,
        message: `The value of \`${p.key.value}\` ends with a comma: YAML is not JSON, so the comma is part of the value ("${s.value}")${consequence(p.key.value)}. Remove it.`,
        fixes: [{ title: `Remove the comma after ${value}`, edits: [{ range, newText: '' }], preferred: true }],
      });
    };
    for (const action of ctx.doc.actions) {
      for (const p of action.itemMap?.pairs ?? []) if (p.key.value === 'name') check(p, false);
      for (const p of action.map?.pairs ?? []) check(p, true);
    }
    walk(ctx.doc.root, (p) => check(p, false));
  },
};

function consequence(key: string): string {
  switch (key) {
    case 'class_name':
      return ' and Great Expectations cannot import a class of that name';
    case 'module_name':
      return ' and Great Expectations cannot import that module';
    case 'openlineage_host':
      return ' and the client posts to a URL with a comma in its port or path';
    case 'openlineage_apiKey':
      return ' and the server rejects the key';
    case 'openlineage_namespace':
    case 'job_name':
      return ', which ends up in the job’s identity in every event';
    case 'validation_operator_name':
      return ', which names no validation operator';
    default:
      return '';
  }
}

function walk(node: YamlNode | undefined, visit: (p: YamlPair) => void, depth = 0): void {
  if (!node || depth > 40) return;
  if (node.kind === 'map') {
    for (const p of node.pairs) {
      visit(p);
      walk(p.value, visit, depth + 1);
    }
  } else if (node.kind === 'seq') {
    for (const item of node.items) walk(item, visit, depth + 1);
  }
}
