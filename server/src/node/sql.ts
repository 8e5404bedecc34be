/**
 * Loading sqlparser-rs (the WASM build of @guanmingchiu/sqlparser-ts, the parser openlineage-sql is built on)
 * for SQL lineage: the .wasm bytes read from disk next to the bundle, compiled on first use, no network.
 * Shared by the language server and the CLI; the webview never loads it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSqlLineage, type SqlParserApi } from '../service/sql';
import type { SqlLineageFn } from '../service/predict/types';

function locateWasm(wasmDir: string): string {
  const bundled = join(wasmDir, SQL_WASM);
  return existsSync(bundled) ? bundled : join(__dirname, '../../../node_modules/@guanmingchiu/sqlparser-ts/wasm', SQL_WASM);
}

export const SQL_WASM = 'sqlparser_rs_wasm_bg.wasm';

let loading: Promise<SqlLineageFn> | undefined;
let loadMs: number | undefined;

/** How long loading the parser took (milliseconds), once it is loaded. */
export function sqlParserLoadTime(): number | undefined {
  return loadMs;
}

/** The parser over the loaded WASM: the statements' JSON AST, or a throw with sqlparser-rs's message. */
export async function loadSqlParser(wasmDir = __dirname): Promise<SqlParserApi> {
  // The package's `exports` hide its wasm/ folder, so its glue is imported by path (esbuild bundles it) and
  // its .wasm found next to the bundle or, from source, in node_modules.
  const [glue, bytes] = await Promise.all([
    import('../../../node_modules/@guanmingchiu/sqlparser-ts/wasm/sqlparser_rs_wasm.js'),
    readFile(locateWasm(wasmDir)),
  ]);
  glue.initSync({ module: bytes });
  const parse_sql = glue.parse_sql;
  return {
    parse(sql, dialect) {
      try {
        return parse_sql(dialect, sql);
      } catch (e) {
        // wasm-bindgen throws a plain `{message}` object: make it an Error.
        throw new Error(typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e), { cause: e });
      }
    },
  };
}

/** SQL lineage, the parser loaded on the first call (memoised; a failed load is retried on the next call). */
export function loadSqlLineage(wasmDir = __dirname): Promise<SqlLineageFn> {
  loading ??= (async () => {
    const t0 = performance.now();
    const parser = await loadSqlParser(wasmDir);
    loadMs = performance.now() - t0;
    return createSqlLineage(parser);
  })().catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}
