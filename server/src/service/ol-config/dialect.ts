/**
 * Which client reads an `openlineage.yml`: the Python client (dbt-ol, the Airflow provider, the GE action,
 * plain Python) or the Java client (Spark, Flink, plain Java). The two spell many keys differently
 * (docs/upstream/python-client.md#java-and-python-spellings), so rules need to know. The closest evidence wins:
 *
 * 1. its path says Java (`src/main/resources`, a `spark`/`flink` folder), below any dbt project holding it: Java;
 * 2. the file is inside a dbt project (dbt-ol reads it): Python;
 * 3. the workspace runs Python integrations (Airflow DAGs, dbt projects, OpenLineage Python packages): Python;
 * 4. the file's own keys, when most are spelled for one client;
 * 5. otherwise either client may read it, and keys of both are accepted.
 */
import type { ProjectModel } from '../project/model';
import type { OlConfigAnalysis, PairFact } from './analysis';
import { CLIENT, type Dialect } from './catalog';
import { cutAtFirst } from '../text/lines';

export interface DialectDecision {
  /** Undefined when either client may read the file. */
  readonly dialect?: Dialect;
  /** Why, as a clause for messages and hover ("it is inside the dbt project `acme`"). */
  readonly reason: string;
  readonly from: 'dbt-project' | 'path' | 'project' | 'keys' | 'none';
  /** Keys of both clients, in equal numbers: the file mixes the two spellings. */
  readonly mixed?: boolean;
}

/** Python packages whose presence means OpenLineage runs in Python in this workspace. */
const PYTHON_PACKAGES = [
  'openlineage-python',
  'openlineage-dbt',
  'openlineage-airflow',
  'apache-airflow-providers-openlineage',
  'openlineage-integration-common',
  'apache-airflow',
];

const JAVA_PATH = /\/src\/(main|test)\/resources\//;
const JAVA_FOLDER = /\/((?:[^/]*[-_])?(?:spark|flink)(?:[-_][^/]*)?)\//i;

export function decideDialect(uri: string, project: ProjectModel, analysis: OlConfigAnalysis): DialectDecision {
  const path = cutAtFirst(uri, '?#');
  // The deepest dbt project holding the file; a Java folder below it (a `spark/` folder in a repository whose
  // root is a dbt project) is closer to the file and wins.
  const dbt = project.dbtProjects.filter((p) => path.startsWith(p.root)).sort((a, b) => b.root.length - a.root.length)[0];
  const below = dbt ? path.slice(dbt.root.length - 1) : path.slice(path.indexOf('/', path.indexOf('//') + 2));
  if (JAVA_PATH.test(below))
    return { dialect: 'java', from: 'path', reason: 'it is on a Java classpath (`src/…/resources`), where the Java client reads it' };
  const folder = JAVA_FOLDER.exec(below);
  if (folder)
    return {
      dialect: 'java',
      from: 'path',
      reason: `it is in the \`${folder[1]}\` folder, next to Spark/Flink jobs, which read it with the Java client`,
    };
  if (dbt)
    return {
      dialect: 'python',
      from: 'dbt-project',
      reason: `it is inside the dbt project${dbt.name ? ` \`${dbt.name}\`` : ''}, where \`dbt-ol\` reads it with the Python client`,
    };
  const pkg = PYTHON_PACKAGES.map((n) => project.packages.get(n)).find((p) => p);
  if (project.hasAirflowDags)
    return {
      dialect: 'python',
      from: 'project',
      reason: 'the workspace has Airflow DAGs, and Airflow’s OpenLineage provider reads it with the Python client',
    };
  if (project.dbtProjects.length)
    return { dialect: 'python', from: 'project', reason: 'the workspace has dbt projects, and `dbt-ol` reads it with the Python client' };
  if (pkg)
    return { dialect: 'python', from: 'project', reason: `the workspace installs \`${pkg.name}\`, which reads it with the Python client` };
  const py = analysis.evidence.python.length + analysis.typeEvidence.python.length;
  const java = analysis.evidence.java.length + analysis.typeEvidence.java.length;
  if (py > java)
    return {
      dialect: 'python',
      from: 'keys',
      reason: `most of its keys are the Python client’s spellings: ${sample(analysis.evidence.python, analysis.typeEvidence.python.length ? 'type' : undefined)}`,
    };
  if (java > py)
    return {
      dialect: 'java',
      from: 'keys',
      reason: `most of its keys are the Java client’s spellings: ${sample(analysis.evidence.java, analysis.typeEvidence.java.length ? 'type' : undefined)}`,
    };
  if (py > 0) return { from: 'keys', mixed: true, reason: 'it mixes keys of the Python and the Java client in equal numbers' };
  return { from: 'none', reason: 'nothing says which client reads it, so keys of both clients are accepted' };
}

function sample(facts: readonly PairFact[], extra?: string): string {
  const names = [...new Set(facts.map((f) => f.pair.key.value))];
  if (extra) names.push(extra);
  return names
    .slice(0, 3)
    .map((n) => `\`${n}\``)
    .join(', ');
}

/** One sentence for hover: who reads the file, and why we think so. */
export function describeDialect(d: DialectDecision): string {
  if (!d.dialect) return `Either client may read this file: ${d.reason}.`;
  return `Read by the **${CLIENT[d.dialect]}**: ${d.reason}.`;
}
