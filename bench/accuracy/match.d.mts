// Types of bench/accuracy/match.mjs, for test/unit/bench-accuracy.test.ts.
export interface ExpectedDataset {
  namespace?: string;
  name: string;
  runtimeMarkers?: boolean;
}
export interface PredictedDataset {
  namespace: string;
  name: string;
  placeholders?: ({ name: string; why?: string } | string)[];
}
export interface ExpectedJob {
  name: string;
  namespace?: string;
  inputs: ExpectedDataset[][];
  outputs: ExpectedDataset[][];
  events: string[];
}
export interface PredictedJob {
  name: string;
  namespace: string;
  inputs: PredictedDataset[];
  outputs: PredictedDataset[];
  prediction?: { links?: { jobs: string[] }[] };
}
export type Verdict = 'pass' | 'fail' | 'not-knowable';
export type Rule = string | { rule: string; relaxed: ExpectedDataset } | undefined;
export interface SideResult {
  status: 'pass' | 'fail' | 'not-knowable' | 'inconsistent' | 'none';
  missing: ExpectedDataset[];
  extra: PredictedDataset[];
  unknowable: { expected: ExpectedDataset; rule: string; predicted?: PredictedDataset }[];
  viaPlaceholder: { expected: ExpectedDataset; predicted: PredictedDataset }[];
}
export interface JobResult {
  name: string;
  verdict: Verdict;
  rule?: string;
  missingJob?: boolean;
  predicted?: string;
  linkedBy?: string[];
  inputs?: SideResult;
  outputs?: SideResult;
}
export function valueMatches(
  expected: string | undefined,
  predicted: string,
  placeholders?: PredictedDataset['placeholders'],
  runtimeMarkers?: boolean,
): boolean;
export function datasetMatches(expected: ExpectedDataset, predicted: PredictedDataset): boolean;
export function compareSide(
  expectedLists: ExpectedDataset[][],
  predicted: PredictedDataset[],
  classify?: (e: ExpectedDataset) => Rule,
): SideResult;
export function expectedJobs(events: unknown[]): ExpectedJob[];
export function relax(entry: ExpectedDataset, part: string): ExpectedDataset;
export function worst(verdicts: Verdict[]): Verdict;
export function scoreJobs(
  expected: ExpectedJob[],
  predicted: PredictedJob[],
  options?: {
    classify?: (e: ExpectedDataset, side: 'inputs' | 'outputs', job: ExpectedJob) => Rule;
    jobRule?: (job: ExpectedJob) => string | undefined;
  },
): { verdict: Verdict; jobs: JobResult[] };
export function jobsFromGraph(graph: unknown): PredictedJob[];
export const label: (d: ExpectedDataset | PredictedDataset) => string;
