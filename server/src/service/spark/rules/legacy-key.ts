import { edit, last, pinnedVersions, type PinnedVersion, type ScopeFacts } from '../analysis';
import { lookupLegacy, OL_PREFIX, LATEST_OPENLINEAGE } from '../catalog';
import type { ConfEntry } from '../model';
import type { Fix, OffsetEdit } from '../../rules/rule';
import { compareVersions, formatVersion, parseVersion } from '../../util/version';
import type { SparkRule } from './rule';

/**
 * Keys removed from the Spark integration (0.22.0: `host`, `url`, `version`, `apiKey`, `timeout`, ...;
 * 1.30.0: `transport.timeout`, list `facets.disabled`). They are silently ignored, so lineage stops.
 */
export const legacyKey: SparkRule = {
  id: 'spark/legacy-key',
  defaultSeverity: 'error',
  summary: 'A key the Spark integration no longer reads (removed in 0.22.0 or 1.30.0); quick fix moves it to the current key.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.scope.entries) {
        const hit = lookupLegacy(entry.key);
        if (!hit) continue;
        const { legacy } = hit;
        // `transport.timeout` is a valid key of the third-party openMetadata transport.
        if (legacy.key === 'transport.timeout' && facts.transport?.type === 'openMetadata') continue;
        const removed = parseVersion(legacy.removedIn)!;
        const pinned = pinnedVersions(facts, ctx.project.sparkPins, ctx.project.root);
        const reading = pinned.filter((p) => compareVersions(p.version, removed) < 0);
        const stillWorks = pinned.length > 0 && reading.length === pinned.length;
        const mixed = reading.length > 0 && !stillWorks;
        const versionNote = stillWorks
          ? ` Your pinned ${versionList(reading)} still ${reading.length > 1 ? 'read' : 'reads'} it, but it stops working when you upgrade to ${legacy.removedIn} or later (current: ${LATEST_OPENLINEAGE}).`
          : mixed
            ? ` The project pins several versions: ${versionList(reading)} still ${reading.length > 1 ? 'read' : 'reads'} it, ${versionList(pinned.filter((p) => !reading.includes(p)))} ${pinned.length - reading.length > 1 ? 'do' : 'does'} not; which one runs this configuration is not known here.`
            : '';
        ctx.report({
          range: entry.keyRange,
          severity: stillWorks ? 'warning' : mixed ? 'information' : 'error',
          tags: ['deprecated'],
          message: `\`${entry.key}\` was removed in OpenLineage ${legacy.removedIn} and ${stillWorks ? 'later versions silently ignore it' : mixed ? 'is silently ignored there' : 'is silently ignored'}: ${legacy.explanation}.${remedy(legacy.key, legacy.replacement, hit.rest, legacy.explanation)}${versionNote}`,
          fixes: fixesFor(legacy.key, hit.rest, entry, facts),
        });
      }
    }
  },
};

/** "openlineage-spark 0.3.0 (`…` in infra/Dockerfile line 5)", joined with "and". */
function versionList(pins: readonly PinnedVersion[]): string {
  if (pins.length > 2)
    return `openlineage-spark ${formatVersion(pins[0]!.version)} to ${formatVersion(pins[pins.length - 1]!.version)} (${pins.length} versions; the first is ${pins[0]!.where})`;
  const each = pins.map((p) => `${formatVersion(p.version)} (${p.where})`);
  return `openlineage-spark ${each.length > 1 ? `${each.slice(0, -1).join(', ')} and ${each[each.length - 1]}` : each[0]}`;
}

/** The sentence that tells the user what to write instead. */
function remedy(key: string, replacement: string | undefined, rest: string | undefined, explanation: string): string {
  if (key === 'facets.disabled') return ' Replace it with one `spark.openlineage.facets.<name>.disabled=true` line per facet.';
  if (key === 'apiKey') return ' Replace it with those two keys.';
  if (!replacement) return ' Remove it.';
  const target = `${OL_PREFIX}${replacement.replace('<rest>', rest ?? '<name>')}`;
  // Most explanations already name the replacement key; say it once.
  if (explanation.includes(`\`${OL_PREFIX}${replacement.split('.<')[0]}`)) return '';
  return ` Use \`${target}\` instead.`;
}

function fixesFor(key: string, rest: string | undefined, entry: ConfEntry, facts: ScopeFacts): Fix[] {
  const k = (rel: string) => OL_PREFIX + rel;
  const ensureHttp = (): OffsetEdit[] => (facts.transportEntry ? [] : [edit.insertAfter(entry, k('transport.type'), 'http')]);
  const literal = entry.valueKind === 'literal';
  switch (key) {
    case 'host':
    case 'url':
      return [
        {
          title: `Replace with ${k('transport.url')}`,
          edits: [edit.replaceKey(entry, k('transport.url')), ...ensureHttp()],
          preferred: true,
        },
      ];
    case 'endpoint':
      return [
        { title: `Replace with ${k('transport.endpoint')}`, edits: [edit.replaceKey(entry, k('transport.endpoint'))], preferred: true },
      ];
    case 'version': {
      // `version` was `1` or `v1`; the endpoint path carries it now.
      const v = entry.value.trim().replace(/^v/i, '');
      if (!literal || !/^\d+$/.test(v)) return [];
      return [
        {
          title: `Replace with ${k('transport.endpoint')}=/api/v${v}/lineage`,
          edits: [edit.replaceKey(entry, k('transport.endpoint')), edit.replaceValue(entry, `/api/v${v}/lineage`)],
          preferred: true,
        },
      ];
    }
    case 'apiKey': {
      const edits: OffsetEdit[] = [edit.replaceKey(entry, k('transport.auth.apiKey'))];
      if (!last(facts, k('transport.auth.type'))) edits.push(edit.insertAfter(entry, k('transport.auth.type'), 'api_key'));
      return [{ title: `Replace with ${k('transport.auth.apiKey')} and transport.auth.type=api_key`, edits, preferred: true }];
    }
    case 'timeout':
    case 'transport.timeout': {
      // Both were read as seconds (although documented as milliseconds); timeoutInMillis is milliseconds.
      const seconds = Number(entry.value.trim());
      if (!literal || !Number.isFinite(seconds) || entry.value.trim() === '') {
        return [
          {
            title: `Rename to ${k('transport.timeoutInMillis')} (the value must then be in milliseconds)`,
            edits: [edit.replaceKey(entry, k('transport.timeoutInMillis'))],
          },
        ];
      }
      const millis = String(Math.round(seconds * 1000));
      return [
        {
          title: `Replace with ${k('transport.timeoutInMillis')}=${millis} (${seconds} s in milliseconds)`,
          edits: [edit.replaceKey(entry, k('transport.timeoutInMillis')), edit.replaceValue(entry, millis)],
          preferred: true,
        },
      ];
    }
    case 'consoleTransport':
      if (!literal || entry.value.trim().toLowerCase() !== 'true') return [];
      return [
        {
          title: `Replace with ${k('transport.type')}=console`,
          edits: [edit.replaceKey(entry, k('transport.type')), edit.replaceValue(entry, 'console')],
          preferred: true,
        },
      ];
    case 'url.param.<rest>':
      return [
        {
          title: `Replace with ${k(`transport.urlParams.${rest}`)}`,
          edits: [edit.replaceKey(entry, k(`transport.urlParams.${rest}`))],
          preferred: true,
        },
      ];
    case 'facets.disabled': {
      const names = literal
        ? entry.value
            .trim()
            .replace(/^\[/, '')
            .replace(/\]$/, '')
            .split(/[;,]/)
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
      if (!names.length) return [];
      const [first, ...others] = names;
      const edits: OffsetEdit[] = [edit.replaceKey(entry, k(`facets.${first}.disabled`)), edit.replaceValue(entry, 'true')];
      // Several inserts at one offset are applied in order, so the new lines keep the list's order.
      for (const name of others) edits.push(edit.insertAfter(entry, k(`facets.${name}.disabled`), 'true'));
      return [{ title: `Replace with ${names.map((n) => `facets.${n}.disabled=true`).join(', ')}`, edits, preferred: true }];
    }
    default:
      return [];
  }
}
