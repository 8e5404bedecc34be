/**
 * SQL lineage is only the runtime's when the parser is: package.json pins @guanmingchiu/sqlparser-ts to exactly
 * the sqlparser-rs version openlineage-sql pins (integration/sql/impl/Cargo.toml, `sqlparser = "=0.62.0"`), and the
 * installed package is that version. A range would let `npm install` move us off the runtime's grammar.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/harness';

/** sqlparser-rs's version in openlineage-sql (OpenLineage 8f02abfb7; docs/upstream/runtime-naming.md § SQL lineage). */
const OPENLINEAGE_SQL_SQLPARSER = '0.62.0';

describe('the SQL parser is the runtime’s', () => {
  it('pins sqlparser-ts to openlineage-sql’s sqlparser-rs version, and has that version installed', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.equal(manifest.dependencies['@guanmingchiu/sqlparser-ts'], OPENLINEAGE_SQL_SQLPARSER);
    const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules/@guanmingchiu/sqlparser-ts/package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(installed.version, OPENLINEAGE_SQL_SQLPARSER);
  });
});
