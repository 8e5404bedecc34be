import type { Family } from './family';
import type { PythonSparkParser } from './spark/parse';
import { sparkFamily } from './spark/family';

/**
 * The families every service runs, in the order their rules are listed. Add a family here (and its rule ids
 * to package.json) to make the editor and the CLI check it.
 */
export function builtinFamilies(python: PythonSparkParser | undefined): Family[] {
  return [sparkFamily(python)];
}
