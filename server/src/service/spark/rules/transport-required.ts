import { edit, last, pinnedVersions, type PinnedVersion } from '../analysis';
import { lookupLegacy, OL_PREFIX, TRANSPORTS } from '../catalog';
import type { OffsetEdit } from '../../rules/rule';
import { compareVersions, parseVersion } from '../../util/version';
import type { SparkRule } from './rule';

/** Each transport's required keys (`http` needs `url`, `kafka` needs `topicName` and `bootstrap.servers`, ...), and transport keys without a type. */
export const transportRequired: SparkRule = {
  id: 'spark/transport-required',
  defaultSeverity: 'error',
  summary:
    'A transport missing a required key (`http` needs `url`, `kafka` needs `topicName`, `file` needs `location`, ...), or transport keys without `transport.type`.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      const typeEntry = facts.transportEntry;
      const transportKeys = facts.scope.entries.filter(
        (e) => e.key.startsWith(`${OL_PREFIX}transport.`) && e.key !== `${OL_PREFIX}transport.type` && !lookupLegacy(e.key),
      );
      // Keys set by code not read here (a helper's builder, a SparkConf parameter) may complete the transport.
      if (facts.scope.partial) continue;
      if (!typeEntry) {
        if (!transportKeys.length) continue;
        const first = transportKeys[0]!;
        const looksHttp = facts.byKey.has(`${OL_PREFIX}transport.url`);
        const local = ctx.doc.form === 'conf';
        ctx.report({
          range: first.keyRange,
          severity: local ? 'warning' : 'information',
          message: `Transport keys are set but \`${OL_PREFIX}transport.type\` is not${local ? '' : ` in ${facts.scope.label}`}: the default transport is \`console\`, which ignores them. ${looksHttp ? `Add \`${OL_PREFIX}transport.type=http\`.` : `Add \`${OL_PREFIX}transport.type\` naming the transport these keys configure (e.g. \`kafka\`).`}${local ? '' : ' (Ignore this if spark-defaults.conf sets the type.)'}`,
          fixes: looksHttp
            ? [
                {
                  title: `Add ${OL_PREFIX}transport.type=http`,
                  edits: [edit.insertAfter(transportKeys[transportKeys.length - 1]!, `${OL_PREFIX}transport.type`, 'http')],
                  preferred: local,
                },
              ]
            : [],
        });
        continue;
      }
      const info = facts.transport;
      if (!info) continue;
      // The legacy `spark.openlineage.url`/`host` give `http` its URL only on a pinned version that still reads them
      // (before 0.22.0); otherwise they are ignored (spark/legacy-key) and the URL is missing all the same.
      const legacyUrl = last(facts, `${OL_PREFIX}url`) ?? last(facts, `${OL_PREFIX}host`);
      const legacyReadHere = !!legacyUrl && stillRead(legacyUrl.key, pinnedVersions(facts, ctx.project.sparkPins, ctx.project.root));
      const missing = info.required.filter((k) => !last(facts, OL_PREFIX + 'transport.' + k) && !(k === 'url' && legacyReadHere));
      if (
        info.type === 'http' &&
        last(facts, `${OL_PREFIX}transport.auth.type`)?.value.trim() === 'jwt' &&
        !last(facts, `${OL_PREFIX}transport.auth.tokenEndpoint`)
      )
        missing.push('auth.tokenEndpoint');
      if (!missing.length) continue;
      // A legacy URL key becomes `transport.url` (the edit spark/legacy-key offers) rather than a placeholder.
      const moveLegacy = missing.includes('url') && legacyUrl !== undefined;
      const edits: OffsetEdit[] = missing.map((k) =>
        k === 'url' && moveLegacy
          ? edit.replaceKey(legacyUrl, `${OL_PREFIX}transport.url`)
          : edit.insertAfter(
              typeEntry,
              `${OL_PREFIX}transport.${k}`,
              info.requiredDefaults[k] ?? (k === 'auth.tokenEndpoint' ? 'https://auth.example.com/oauth/token' : '<value>'),
            ),
      );
      const legacyNote =
        moveLegacy && legacyUrl
          ? ` \`${legacyUrl.key}\` does not count: it was removed in OpenLineage ${lookupLegacy(legacyUrl.key)?.legacy.removedIn ?? '0.22.0'} and is ignored.`
          : '';
      ctx.report({
        range: typeEntry.valueRange.end > typeEntry.valueRange.start ? typeEntry.valueRange : typeEntry.keyRange,
        severity: TRANSPORTS[info.type].thirdParty ? 'warning' : 'error',
        message: `The \`${info.type}\` transport needs ${missing.map((k) => `\`${OL_PREFIX}transport.${k}\``).join(' and ')}; without ${missing.length > 1 ? 'them' : 'it'} the listener fails to create the transport and no lineage is sent.${legacyNote}`,
        fixes: [
          {
            title: moveLegacy
              ? `Replace ${legacyUrl!.key} with ${OL_PREFIX}transport.url${
                  missing.length > 1
                    ? `, add ${missing
                        .filter((k) => k !== 'url')
                        .map((k) => `transport.${k}`)
                        .join(', ')}`
                    : ''
                }`
              : `Add ${missing.map((k) => `transport.${k}`).join(', ')}`,
            edits,
          },
        ],
      });
    }
  },
};

/**
 * Whether a legacy key may still be read: some pinned OpenLineage version (in the scope, else in the project)
 * predates its removal. None pinned means the current version, which ignores it.
 */
function stillRead(key: string, pinned: readonly PinnedVersion[]): boolean {
  const removed = parseVersion(lookupLegacy(key)?.legacy.removedIn ?? '');
  return !!removed && pinned.some((p) => compareVersions(p.version, removed) < 0);
}
