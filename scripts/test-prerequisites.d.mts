// Types of scripts/test-prerequisites.mjs, for the TypeScript tests that use it.
export interface Facts {
  nodeVersion: string;
  /** node_modules is installed (npm ci ran). */
  dependencies: boolean;
  chromium: boolean;
  ripgrep: boolean;
  codeServerInstalled: boolean;
  programs: Record<string, boolean>;
  aptGet: boolean;
  uid: number;
  /** sudo works without a password. */
  sudo: boolean;
  /** ../shared/openlineage-corpus is there. */
  corpus: boolean;
  env: { CI?: string; LINEAGE_LENS_SKIP_SHARED?: string };
  checkOnly: boolean;
}
export interface Decision {
  notes: string[];
  install?: { sudo: boolean; packages: string[] };
  stop?: string;
}
export const RG_PATH: string;
export function decide(facts: Facts): Decision;
