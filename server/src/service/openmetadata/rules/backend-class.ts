import type { Fix } from '../../rules/rule';
import { nearest } from '../../util/nearest';
import { BACKEND_CURRENT, BACKEND_DOCSTRING, BACKEND_FORMS, BACKEND_OLD, BACKEND_RENAMED_IN, OM_DOCS } from '../catalog';
import { replaceValue } from '../edits';
import { atLeast, omVersionText } from '../versions';
import type { OmRule } from './rule';

/**
 * The OpenMetadata backend class path for the openmetadata-ingestion version in use: `lineage.openmetadata`
 * up to 0.13.0, `lineage.backend` from 0.13.1. A path the package does not have makes Airflow fail to import
 * the backend.
 */
export const backendClass: OmRule = {
  id: 'openmetadata/backend-class',
  defaultSeverity: 'error',
  summary:
    'The OpenMetadata `[lineage] backend` class path is wrong for the openmetadata-ingestion version (renamed to `lineage.backend` in 0.13.1) or misspelled; quick fix writes the right one.',
  check(ctx) {
    const view = ctx.config;
    if (!view || view.backend.kind !== 'om' || !view.backend.setting) return;
    const s = view.backend.setting;
    const value = s.setting.value.trim();
    const current = atLeast(ctx.om, BACKEND_RENAMED_IN);
    const version = omVersionText(ctx.om);
    const expected = current === false ? BACKEND_OLD : BACKEND_CURRENT;
    const use = (path: string, preferred: boolean): Fix[] => [
      { title: `Use ${path}`, edits: [replaceValue(view, s, path)], ...(preferred ? { preferred } : {}) },
    ];
    const range = s.setting.valueRange;

    if (value === BACKEND_CURRENT) {
      if (current === false) {
        ctx.report({
          range,
          message: `\`${BACKEND_CURRENT}\` exists from openmetadata-ingestion ${BACKEND_RENAMED_IN}, but this project uses ${version}: Airflow cannot import the backend and no lineage is sent. Use \`${BACKEND_OLD}\`, or upgrade openmetadata-ingestion (it should match your OpenMetadata server's version).`,
          fixes: use(BACKEND_OLD, true),
        });
      }
      return;
    }
    if (value === BACKEND_OLD) {
      if (current === true) {
        ctx.report({
          range,
          message: `\`${BACKEND_OLD}\` is the class path of openmetadata-ingestion 0.13.0 and older; ${BACKEND_RENAMED_IN} renamed the module, and this project uses ${version}: Airflow cannot import the backend and no lineage is sent. Use \`${BACKEND_CURRENT}\`.`,
          fixes: use(BACKEND_CURRENT, true),
        });
      } else if (current === undefined) {
        ctx.report({
          range,
          severity: 'warning',
          message: `\`${BACKEND_OLD}\` is the class path of openmetadata-ingestion 0.13.0 and older; from ${BACKEND_RENAMED_IN} it is \`${BACKEND_CURRENT}\`. Lineage Lens cannot tell which applies (${version}${ctx.om ? ' allows both' : ''}): with ${BACKEND_RENAMED_IN} or later, Airflow cannot import this path. Pin openmetadata-ingestion in requirements.txt, and use \`${BACKEND_CURRENT}\` unless you run 0.13.0 or older.`,
          fixes: use(BACKEND_CURRENT, false),
        });
      }
      return;
    }
    if (value === BACKEND_DOCSTRING) {
      ctx.report({
        range,
        severity: 'warning',
        message: `\`${BACKEND_DOCSTRING}\` is the form written in the backend's docstring, not the module the class is defined in; that openmetadata-ingestion exports it there is not verified. Use \`${expected}\` (${current === undefined ? `the path from ${BACKEND_RENAMED_IN} on; ${version}` : `the path for ${version}`}).`,
        fixes: use(expected, false),
      });
      return;
    }
    // A misspelling, quotes kept by configparser, or a path the package never had.
    const unquoted = value.replace(/^(["'])(.*)\1$/, '$2');
    const quoted = unquoted !== value && (BACKEND_FORMS as readonly string[]).includes(unquoted);
    const close = quoted ? unquoted : nearest(value, BACKEND_FORMS, 8);
    // A class of the user's own (a subclass in plugins/) is not ours to judge.
    if (!close && !/^airflow_providers?_open_?metadata\b/i.test(value)) return;
    const near = close ?? expected;
    const target =
      near === BACKEND_DOCSTRING
        ? expected
        : near === BACKEND_OLD && current === true
          ? BACKEND_CURRENT
          : near === BACKEND_CURRENT && current === false
            ? BACKEND_OLD
            : near;
    const why = quoted
      ? `Airflow reads the quotes as part of the class path (${view.doc.form === 'airflow-cfg' ? 'airflow.cfg values are not unquoted' : 'docker compose keeps the quotes of list items'}), so it cannot import the backend`
      : 'openmetadata-ingestion has no such class, so Airflow cannot import the backend and no lineage is sent';
    ctx.report({
      range,
      message: `\`${value}\` is not an OpenMetadata lineage backend class: ${why}. Use \`${target}\` (${current === undefined ? `the path from ${BACKEND_RENAMED_IN} on; ${version}` : `the path for ${version}`}). See ${OM_DOCS}`,
      fixes: use(target, quoted || current !== undefined),
    });
  },
};
