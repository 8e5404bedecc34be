/**
 * Which Great Expectations and OpenLineage versions the workspace pins, and what
 * docs/upstream/great-expectations.md#version-support says about the combination for a YAML
 * (`class_name`/`module_name`) action. Every verdict names the pins it rests on; when a pin is missing the verdict
 * says so instead of guessing.
 */
import type { PackageFact, ProjectModel, SourceRef } from '../project/model';
import { describeRequirement } from '../project/wording';
import type { Severity } from '../rules/rule';
import { compareVersions, parseVersion, versionAtLeast, type Version } from '../util/version';
import { VERSIONS } from './catalog';

export interface PinFact {
  readonly version: Version;
  readonly text: string;
  /** For messages: "great_expectations==0.15.34 in requirements.txt". */
  readonly how: string;
  readonly source: SourceRef;
}

export interface GxVersions {
  readonly ge?: PinFact;
  readonly ol?: PinFact;
  /** Declared without a pin: "great_expectations>=0.15 in requirements.txt". */
  readonly geUnpinned?: string;
  readonly olUnpinned?: string;
}

function pinOf(p: PackageFact | undefined, via?: string): PinFact | undefined {
  if (!p?.pinned) return undefined;
  return {
    version: p.pinned,
    text: p.pinnedText ?? p.pinned.join('.'),
    how: via ? `${describeRequirement(p)}, ${via}` : describeRequirement(p),
    source: p.source,
  };
}

/** The pins of `great_expectations` and `openlineage-integration-common` (or `openlineage-airflow`, which pins the same version of it). */
export function gxVersions(project: ProjectModel): GxVersions {
  const gePkg = project.packages.get('great-expectations');
  const olPkg = project.packages.get('openlineage-integration-common');
  const airflowPkg = project.packages.get('openlineage-airflow');
  const ge = pinOf(gePkg);
  const ol = pinOf(olPkg) ?? (olPkg?.pinned ? undefined : pinOf(airflowPkg, 'which requires the same openlineage-integration-common'));
  return {
    ...(ge ? { ge } : {}),
    ...(ol ? { ol } : {}),
    ...(!ge && gePkg ? { geUnpinned: describeRequirement(gePkg) } : {}),
    ...(!ol && (olPkg ?? airflowPkg) ? { olUnpinned: describeRequirement((olPkg ?? airflowPkg)!) } : {}),
  };
}

export interface VersionVerdict {
  /** `undefined` when the combination is supported. */
  readonly severity?: Severity;
  /** One or more sentences; names the pins the verdict rests on. */
  readonly text: string;
  /** The pin to point at (for hovers and messages). */
  readonly source?: SourceRef;
}

const lt = (v: Version, than: string) => compareVersions(v, parseVersion(than)!) < 0;

function unknownGe(v: GxVersions): string {
  return v.geUnpinned
    ? `great_expectations is not pinned (${v.geUnpinned})`
    : 'no great_expectations requirement was found in the workspace';
}

function unknownOl(v: GxVersions): string {
  return v.olUnpinned
    ? `openlineage-integration-common is not pinned (${v.olUnpinned})`
    : 'no openlineage-integration-common (or openlineage-airflow) requirement was found in the workspace';
}

const SUPPORTED_RANGE = `great_expectations>=${VERSIONS.extraMinGe},<${VERSIONS.extraMaxGeExclusive} with openlineage-integration-common<=${VERSIONS.lastLegacyOl}.x`;

/**
 * What the pins mean for an `OpenLineageValidationAction` configured in YAML (a 0.x `action_list`), per
 * docs/upstream/great-expectations.md#version-support.
 */
export function yamlActionVerdict(v: GxVersions): VersionVerdict {
  const { ge, ol } = v;
  if (ge && versionAtLeast('1.0.0', ge.version)) {
    return {
      severity: 'error',
      source: ge.source,
      text: `Great Expectations ${ge.text} (${ge.how}) is GX 1.x, which has no YAML \`class_name\`/\`module_name\` actions: GX 1.x checkpoints are Python/JSON with typed actions (\`Checkpoint(…, actions=[OpenLineageValidationAction(openlineage_host=…)])\`, with openlineage-integration-common>=${VERSIONS.gx1FromOl}). Move the action to Python, or keep this configuration with ${SUPPORTED_RANGE}. Note that the GX 1.x runtime path of the action is unverified end to end.`,
    };
  }
  if (ol && versionAtLeast(VERSIONS.gx1FromOl, ol.version)) {
    return {
      severity: 'error',
      source: ol.source,
      text: `openlineage-integration-common ${ol.text} (${ol.how}) requires great_expectations>=1.0.0: from ${VERSIONS.gx1FromOl} its OpenLineageValidationAction is a GX 1.x (pydantic) action and Great Expectations 0.x support is gone, so this YAML configuration cannot use it${ge ? ` with great_expectations ${ge.text}` : ''}. Pin openlineage-integration-common<=${VERSIONS.lastLegacyOl}.x (its extra supports great_expectations>=${VERSIONS.extraMinGe},<${VERSIONS.extraMaxGeExclusive}).`,
    };
  }
  if (ge && !lt(ge.version, VERSIONS.extraMaxGeExclusive)) {
    if (ol && lt(ol.version, VERSIONS.cappedFromOl)) {
      return {
        severity: 'information',
        source: ge.source,
        text: `great_expectations ${ge.text} (${ge.how}) with openlineage-integration-common ${ol.text} (${ol.how}) is a combination the upstream sources checked do not cover: releases before ${VERSIONS.cappedFromOl} did not cap great_expectations, later ones pin it <${VERSIONS.extraMaxGeExclusive}.`,
      };
    }
    return {
      severity: 'warning',
      source: ge.source,
      text: `great_expectations ${ge.text} (${ge.how}) is not supported by the OpenLineage integration: from openlineage-integration-common ${VERSIONS.cappedFromOl} through ${VERSIONS.lastLegacyOl}.x the \`[great_expectations]\` extra pins great_expectations>=${VERSIONS.extraMinGe},<${VERSIONS.extraMaxGeExclusive} (0.15.35–0.18.x is not covered), and from ${VERSIONS.gx1FromOl} it requires GX 1.x.${ol ? ` openlineage-integration-common is ${ol.text} (${ol.how}).` : ''} Pin great_expectations<${VERSIONS.extraMaxGeExclusive} (e.g. 0.15.34) to keep this configuration.`,
    };
  }
  if (ge && lt(ge.version, VERSIONS.extraMinGe)) {
    return {
      severity: 'warning',
      source: ge.source,
      text: `great_expectations ${ge.text} (${ge.how}) is older than ${VERSIONS.extraMinGe}, the minimum the openlineage-integration-common \`[great_expectations]\` extra requires. Upgrade to a version in ${VERSIONS.extraMinGe}–0.15.34.`,
    };
  }
  if (ge && ol) {
    return {
      text: `Supported: great_expectations ${ge.text} (${ge.how}) with openlineage-integration-common ${ol.text} (${ol.how}) reads this YAML (0.x) action configuration.`,
    };
  }
  if (ge) {
    return {
      severity: 'information',
      source: ge.source,
      text: `great_expectations ${ge.text} (${ge.how}) is supported, but ${unknownOl(v)}, so the OpenLineage side was not checked: this YAML configuration needs openlineage-integration-common<=${VERSIONS.lastLegacyOl}.x (from ${VERSIONS.gx1FromOl} the action requires GX 1.x). Pin it, e.g. \`openlineage-integration-common[great_expectations]==1.39.0\`.`,
    };
  }
  if (ol) {
    return {
      severity: 'information',
      source: ol.source,
      text: `openlineage-integration-common ${ol.text} (${ol.how}) supports this YAML configuration, but ${unknownGe(v)}, so Great Expectations compatibility was not checked: ${lt(ol.version, VERSIONS.cappedFromOl) ? `it requires great_expectations>=${VERSIONS.extraMinGe}` : `its extra requires great_expectations>=${VERSIONS.extraMinGe},<${VERSIONS.extraMaxGeExclusive}`}. Pin great_expectations in the requirements.`,
    };
  }
  const unknown =
    !v.geUnpinned && !v.olUnpinned
      ? 'no great_expectations or openlineage-integration-common requirement was found in the workspace'
      : `${unknownGe(v)} and ${unknownOl(v)}`;
  return {
    severity: 'information',
    text: `Versions unknown: ${unknown}, so compatibility was not checked. This YAML action configuration needs ${SUPPORTED_RANGE} (0.15.35–0.18.x is not covered by the integration's extra; from ${VERSIONS.gx1FromOl} it requires GX 1.x, which has no YAML actions).`,
  };
}

/** What the pins say about a parameter added in a later release (`since`). */
export function paramVersionVerdict(v: GxVersions, name: string, since: string): VersionVerdict | undefined {
  if (!v.ol) {
    return {
      severity: 'information',
      text: `\`${name}\` was added in openlineage-integration-common ${since}; ${unknownOl(v)}, so whether the installed action accepts it was not checked (older releases fail with \`TypeError: __init__() got an unexpected keyword argument '${name}'\`).`,
    };
  }
  if (lt(v.ol.version, since)) {
    return {
      severity: 'error',
      source: v.ol.source,
      text: `\`${name}\` was added in openlineage-integration-common ${since}, but the workspace pins ${v.ol.text} (${v.ol.how}): its action does not accept it, and Great Expectations fails with \`TypeError: __init__() got an unexpected keyword argument '${name}'\`. Upgrade to ${since} or later (up to ${VERSIONS.lastLegacyOl}.x for this YAML configuration), or remove the parameter.`,
    };
  }
  return undefined;
}
