// Types of bench/layout-graphs.mjs, for the TypeScript tests that use its generator.
export interface SyntheticGraph {
  nodes: { id: string; type: 'DATASET' | 'JOB' }[];
  edges: { source: string; target: string }[];
  stats: { V: number; E: number; maxFanIn: number; maxFanOut: number };
}
export function generate(options: { n: number; shape?: 'local' | 'stress' | 'chain' | 'cyclic' | 'fanout'; seed?: number }): SyntheticGraph;
export function toMarquez(
  graph: SyntheticGraph,
  namespace?: string,
): {
  graph: {
    id: string;
    type: string;
    data: Record<string, unknown>;
    inEdges: { origin: string; destination: string }[];
    outEdges: { origin: string; destination: string }[];
  }[];
};
