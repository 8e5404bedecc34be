/**
 * Loading the Scala and Java grammars (Node I/O: the WASM files read from disk), shared by the language server and
 * the CLI. Each grammar is loaded the first time a file of its language is seen: the Scala grammar alone is
 * 3.8 MB, and most workspaces have no Spark code in Scala or Java, so start-up does not pay for them.
 */
import { readFile } from 'node:fs/promises';
import { createPythonParser, PythonTreeCache, type PythonTreeSource } from '../service/python/parser';
import type { JvmLanguage, JvmSparkParser } from '../service';
import { parseableText, parseJvmSpark } from '../service/spark/parsers/jvm-spark';
import { locate } from './python';

/** Scala and Java support whose grammars load on demand. */
export interface JvmSpark {
  /** The parser the language service takes; undefined for a language whose grammar is not loaded (yet). */
  readonly parse: JvmSparkParser;
  /** Loads the grammar of `language` once; rejects (every time) when it cannot be loaded. */
  load(language: JvmLanguage): Promise<void>;
  forget(uri: string): void;
}

/** The JVM language of a file by its name or editor language, if any. */
export function jvmLanguageOf(pathOrUri: string, languageId?: string): JvmLanguage | undefined {
  if (languageId === 'scala' || /\.scala$/i.test(pathOrUri)) return 'scala';
  if (languageId === 'java' || /\.java$/i.test(pathOrUri)) return 'java';
  return undefined;
}

/** Scala and Java support reading the WASM shipped next to the bundle (`dist/*.wasm`), or from npm in source runs. */
export function jvmSpark(wasmDir = __dirname): JvmSpark {
  const trees = new Map<JvmLanguage, PythonTreeCache>();
  const parsers = new Map<JvmLanguage, PythonTreeSource>();
  const loading = new Map<JvmLanguage, Promise<void>>();
  const load = (language: JvmLanguage): Promise<void> => {
    let pending = loading.get(language);
    if (pending === undefined) {
      pending = (async () => {
        const file = `tree-sitter-${language}.wasm`;
        const [runtimeWasm, grammarWasm] = await Promise.all([
          readFile(locate(wasmDir, 'web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm')),
          readFile(locate(wasmDir, file, `tree-sitter-${language}/${file}`)),
        ]);
        // The Python module's wrapper is grammar-agnostic: it takes any tree-sitter grammar's bytes.
        const parser = await createPythonParser({ runtimeWasm, grammarWasm });
        const cache = new PythonTreeCache(parser);
        trees.set(language, cache);
        // The grammar sees the text with the characters its scanner chokes on blanked (same length, so every range
        // still fits the real text the reader slices values from).
        parsers.set(language, (text, uri, version) => {
          const source = parseableText(text);
          return version === undefined ? parser.parse(source) : cache.get(uri, version, source);
        });
      })();
      loading.set(language, pending);
    }
    return pending;
  };
  return {
    parse(text, uri, language, version) {
      const tree = parsers.get(language);
      return tree ? parseJvmSpark(tree(text, uri, version), text, language) : undefined;
    },
    load,
    forget(uri) {
      for (const cache of trees.values()) cache.delete(uri);
    },
  };
}
