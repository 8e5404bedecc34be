/**
 * `lineage-lens serve --import FILE|DIR`: loads OpenLineage events from files into the store before the endpoint
 * serves. A file holds one event (a JSON object), an array of events, or JSON lines (one event per line), each
 * or `{"events": [...]}` as `GET /api/v1/events/lineage` answers, each possibly gzip-compressed (recognised by its content, whatever its name). A directory is read recursively
 * (hidden entries skipped) for `.json`, `.jsonl`, `.ndjson` and their `.gz` forms, in name order.
 *
 * Every event goes through the ingest's validation, as if it had been posted (`EventValidator.validate`, the same
 * depth limit), and is then stored durably and applied to the model; what fails is counted
 * with its reason (file, line or array index, message) and not stored. Files are appended concurrently in
 * batches, so the store group-commits them.
 *
 * A file imported before (same content, by SHA-256, recorded in `imports.json` in the data directory) is not
 * imported again, so running the same `serve --import` twice does not store its events twice.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { jsonDepthExceeds } from '../../../common/json-depth';
import { MAX_JSON_DEPTH, tooDeepMessage } from './json';
import { parseEventTime, type StoredLineage } from './model';
import type { EventValidator } from './schema';
import type { EventStore } from './store';
import { withDeviations } from './deviations';

/** The record of imported files in the data directory. */
export const IMPORTS_FILE = 'imports.json';
const EVENT_FILE = /\.(?:json|jsonl|ndjson)(?:\.gz)?$/i;
/** Appends in flight at once (one group commit each, roughly). */
const BATCH = 512;
/** Reasons kept for the report. */
const MAX_REASONS = 50;

export interface ImportReport {
  /** Files read (imported now). */
  files: number;
  /** Files passed over: imported before with the same content. */
  alreadyImported: string[];
  imported: number;
  rejected: number;
  /** The first rejections: `file:line: message`. */
  reasons: string[];
}

export interface ImportTarget {
  store: EventStore;
  model: StoredLineage;
  validator: EventValidator;
  dataDir: string;
  /** Called per stored event. */
  onAccepted(): void;
}

/** The event files `path` names: itself, or the event files under it. Throws with a sentence when unreadable. */
async function eventFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new Error(
      `Cannot import ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}.`,
      { cause: error },
    );
  }
  if (!info.isDirectory()) return [path];
  const found: string[] = [];
  const walk = async (dir: string) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && EVENT_FILE.test(entry.name)) found.push(full);
    }
  };
  await walk(path);
  return found;
}

/** A file's events as [where, JSON text or parsed value]: one object, an array's items, or its lines. */
export function splitEvents(text: string): { where: string; value?: unknown; text?: string }[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    if (jsonDepthExceeds(trimmed, MAX_JSON_DEPTH)) return [{ where: '', text: trimmed }];
    try {
      const value = JSON.parse(trimmed) as unknown;
      if (Array.isArray(value)) return value.map((item, i) => ({ where: `[${i}]`, value: item }));
      // What `GET /api/v1/events/lineage` answers (Marquez's and this endpoint's): `{"events": [...], "totalCount": n}`.
      const listed = (value as { events?: unknown } | null)?.events;
      if (Array.isArray(listed) && !('eventType' in (value as object)))
        return listed.map((item, i) => ({ where: `.events[${i}]`, value: item }));
      return [{ where: '', value }];
    } catch {
      // Not one JSON document: JSON lines.
    }
  }
  return trimmed
    .split('\n')
    .map((line, i) => ({ where: `:${i + 1}`, text: line.trim() }))
    .filter((l) => l.text !== '');
}

function readImports(dataDir: string): Record<string, { file: string; events: number }> {
  try {
    return JSON.parse(readFileSync(join(dataDir, IMPORTS_FILE), 'utf8')) as Record<string, { file: string; events: number }>;
  } catch {
    return {};
  }
}

/** Imports the event files under `paths`; throws only when a path cannot be read at all. */
export async function importEvents(paths: readonly string[], target: ImportTarget): Promise<ImportReport> {
  const report: ImportReport = { files: 0, alreadyImported: [], imported: 0, rejected: 0, reasons: [] };
  const done = readImports(target.dataDir);
  const reject = (where: string, message: string) => {
    report.rejected++;
    if (report.reasons.length < MAX_REASONS) report.reasons.push(`${where}: ${message}`);
  };
  for (const root of paths) {
    for (const file of await eventFiles(root)) {
      const name = file;
      let bytes = await readFile(file);
      const hash = createHash('sha256').update(bytes).digest('hex');
      if (done[hash]) {
        report.alreadyImported.push(name);
        continue;
      }
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        try {
          bytes = gunzipSync(bytes);
        } catch (error) {
          reject(name, `not a readable gzip file (${(error as Error).message})`);
          continue;
        }
      }
      report.files++;
      let pending: Promise<void>[] = [];
      let stored = 0;
      for (const item of splitEvents(bytes.toString('utf8'))) {
        const where = `${name}${item.where}`;
        let value = item.value;
        if (item.text !== undefined) {
          if (jsonDepthExceeds(item.text, MAX_JSON_DEPTH)) {
            reject(where, tooDeepMessage());
            continue;
          }
          try {
            value = JSON.parse(item.text);
          } catch (error) {
            reject(where, `not JSON (${(error as Error).message})`);
            continue;
          }
        }
        const result = target.validator.validate(value);
        if (!result.ok) {
          reject(where, result.message);
          continue;
        }
        const time = parseEventTime(result.event.eventTime);
        // What the event breaks of the spec is stored with it, as for a posted event (./deviations.ts).
        const line = withDeviations(JSON.stringify(result.event), result.deviations);
        const at = Number.isNaN(time) ? 0 : time;
        // As the ingest does: applied in the tick its write completes, with its place in the events file (its run
        // reads its facets back from there); an event the model cannot use is stored all the same.
        const { kind, event } = result;
        pending.push(target.store.append(line, at).then((place) => void target.model.apply(kind, event, place)));
        target.onAccepted();
        stored++;
        if (pending.length >= BATCH) {
          await Promise.all(pending);
          pending = [];
        }
      }
      await Promise.all(pending);
      report.imported += stored;
      done[hash] = { file: name, events: stored };
      const temporary = join(target.dataDir, `${IMPORTS_FILE}.tmp`);
      writeFileSync(temporary, JSON.stringify(done, null, 1));
      renameSync(temporary, join(target.dataDir, IMPORTS_FILE));
    }
  }
  return report;
}
