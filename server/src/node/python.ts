/**
 * Loading the Python parser (Node I/O: the WASM files read from disk), shared by the language server and the CLI.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPythonParser, PythonTreeCache, type PythonTreeSource } from '../service/python/parser';
import type { PythonSparkParser } from '../service/spark/parse';
import { parsePythonSpark } from '../service/spark/parsers/python-spark';

/**
 * Loads the tree-sitter runtime and Python grammar shipped next to the bundle (`dist/*.wasm`) and returns
 * the Python Spark parser the language service takes. This is the I/O half the service itself must not do.
 */
export async function loadPythonSpark(
  wasmDir = __dirname,
): Promise<{ parse: PythonSparkParser; tree: PythonTreeSource; forget(uri: string): void }> {
  const [runtimeWasm, grammarWasm] = await Promise.all([
    readFile(locate(wasmDir, 'web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm')),
    readFile(locate(wasmDir, 'tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm')),
  ]);
  const parser = await createPythonParser({ runtimeWasm, grammarWasm });
  const trees = new PythonTreeCache(parser);
  const tree: PythonTreeSource = (text, uri, version) => (version === undefined ? parser.parse(text) : trees.get(uri, version, text));
  return {
    parse: (text, uri, version) => parsePythonSpark(tree(text, uri, version), text),
    tree,
    forget: (uri) => trees.delete(uri),
  };
}

/** The wasm next to the bundle, or (when running from source) inside its npm package. */
export function locate(dir: string, file: string, packagePath: string): string {
  const bundled = join(dir, file);
  return existsSync(bundled) ? bundled : require.resolve(packagePath);
}
