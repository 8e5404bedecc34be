/**
 * The project index: every project file's facts (facts.ts), and the model of the project each file belongs to
 * (scopes.ts). Pure: the caller reads the files. Models are rebuilt lazily after a change and shared between
 * files of the same project, so the families' per-document caches keep hitting.
 */
import { overBudget } from '../budget';
import { extractFacts, projectFileKind, tellsAnything, type FileFacts } from './facts';
import type { ProjectModel } from './model';
import { Scopes } from './scopes';

export { parseSettingsFile, projectFileKind, type ProjectFileKind } from './facts';

export class ProjectIndex {
  private readonly facts = new Map<string, FileFacts>();
  private scopes: Scopes | undefined;

  /** Records a file's facts. Returns true when the file is relevant to the project model. */
  update(uri: string, text: string): boolean {
    const kind = projectFileKind(uri) ?? (this.isReferenced(uri) ? 'env-file' : undefined);
    if (!kind) return false;
    // A file over the size budget tells the model nothing (it is never parsed).
    if (overBudget(text)) {
      this.remove(uri);
      return true;
    }
    const facts = extractFacts(uri, kind, text);
    // A file read for its content (shell, YAML, IaC) that holds no configuration is not part of the model.
    if ((kind === 'shell' || kind === 'yaml' || kind === 'iac') && !tellsAnything(facts)) {
      const had = this.facts.delete(uri);
      if (had) this.scopes = undefined;
      return had;
    }
    this.facts.set(uri, facts);
    this.scopes = undefined;
    return true;
  }

  /** Files that indexed files name (compose `env_file:`) whatever their name, and that are not indexed yet: the caller reads them and calls `update`. */
  references(): string[] {
    const wanted = this.model.configSources.flatMap((c) => (c.kind === 'compose' ? c.services.flatMap((s) => s.envFiles) : []));
    return [...new Set(wanted)].filter((u) => !this.facts.has(u));
  }

  /** Whether an indexed compose file reads `uri` as an `env_file:`. */
  isReferenced(uri: string): boolean {
    return this.model.configSources.some((c) => c.kind === 'compose' && c.services.some((s) => s.envFiles.includes(uri)));
  }

  remove(uri: string): void {
    if (this.facts.delete(uri)) this.scopes = undefined;
  }

  /** The whole workspace as one project (Verify Setup's report, the static lineage). */
  get model(): ProjectModel {
    return this.current().whole();
  }

  /**
   * The model of the project `uri` belongs to: the compose project whose service mounts its folder, else the
   * nearest folder with a Dockerfile, compose file, requirements, pyproject, airflow.cfg, dbt_project.yml,
   * `.astro/` or build file; the whole workspace when no folder above it is a project.
   */
  modelFor(uri: string): ProjectModel {
    return this.current().modelFor(uri);
  }

  private current(): Scopes {
    return (this.scopes ??= new Scopes(this.facts));
  }
}
