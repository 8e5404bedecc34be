/**
 * The names of the project files the client watches and sends to the server: the files that feed the
 * server's project model (`projectFileKind` in server/src/service/project/index.ts: requirements, Dockerfiles,
 * compose files, `.env` files, airflow.cfg, great_expectations.yml, dbt_project.yml, openlineage.yml, and shell
 * scripts, YAML and Terraform files whose content configures lineage), the Airflow project files the Airflow
 * family reads (airflow_settings.yaml, packages.txt), and the files version evidence is read from
 * (`.astro/config.yaml`, `.airflowignore`, JVM build files, Spark conf), and the files lineage predictions read
 * (`.sql` templates, dbt's `target/manifest.json`, connection exports). A unit test checks the
 * list against the service's registry, so the two cannot drift.
 */

/** File-name patterns (VS Code glob syntax, no nested braces). */
export const PROJECT_FILE_NAMES: readonly string[] = [
  '.env',
  '.env.*',
  '*.env',
  'Dockerfile',
  'Dockerfile.*',
  '*.dockerfile',
  'docker-compose*.yml',
  'docker-compose*.yaml',
  'compose*.yml',
  'compose*.yaml',
  'airflow.cfg',
  'airflow_settings.yaml',
  'requirements*.txt',
  'constraints*.txt',
  'packages.txt',
  'pyproject.toml',
  'great_expectations.yml',
  'openlineage.yml',
  'openlineage.yaml',
  'dbt_project.yml',
  '.airflowignore',
  'pom.xml',
  'build.sbt',
  'build.gradle',
  'build.gradle.kts',
  'spark-defaults*.conf',
  // Read only when their content is configuration or version evidence (project/config-sources.ts): start
  // scripts, Kubernetes manifests and Helm values, CI workflows, any YAML a `config_path` names, Terraform.
  // (CDK TypeScript stacks are read by the workspace scan and the CLI, but not watched: every TypeScript edit
  // would reach the server.)
  '*.sh',
  '*.bash',
  '*.yml',
  '*.yaml',
  '*.tf',
  // Read by lineage predictions (server/src/service/predict/files.ts isPredictSource): SQL templates of SQL
  // operators, dbt's compiled manifest, Airflow connection exports.
  '*.sql',
  '*.ipynb',
  'manifest.json',
  '*connections*.json',
];

/** The glob of every project file in a workspace (VS Code globs do not nest braces: one level of alternatives). */
export const PROJECT_FILES = `**/{${PROJECT_FILE_NAMES.join(',')}}`;
