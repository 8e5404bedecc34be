import { lookupKey, lookupLegacy, OL_PREFIX } from '../catalog';
import type { SparkRule } from './rule';

/** A transport key that belongs to another transport type than the configured one, so it is ignored. */
export const transportKeyMismatch: SparkRule = {
  id: 'spark/transport-key-mismatch',
  defaultSeverity: 'warning',
  summary: 'A transport key of another transport than the configured `transport.type` (e.g. `topicName` with `http`), which is ignored.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      const info = facts.transport;
      if (!info) continue;
      for (const entry of facts.scope.entries) {
        if (!entry.key.startsWith(`${OL_PREFIX}transport.`) || entry.key === `${OL_PREFIX}transport.type`) continue;
        // Removed keys (e.g. `transport.timeout` outside openMetadata) are reported by spark/legacy-key.
        if (lookupLegacy(entry.key) && info.type !== 'openMetadata') continue;
        const specs = lookupKey(entry.key).filter((s) => s.transports);
        if (!specs.length || specs.some((s) => s.transports!.includes(info.type))) continue;
        const owners = [...new Set(specs.flatMap((s) => s.transports!))];
        ctx.report({
          range: entry.keyRange,
          tags: ['unnecessary'],
          message: `\`${entry.key}\` belongs to the ${owners.map((o) => `\`${o}\``).join('/')} transport, but \`transport.type\` is \`${info.type}\`, so it is ignored. Remove it or change the transport type.`,
        });
      }
    }
  },
};
