/**
 * The durable log of the local endpoint's API writes (tags, namespaces, sources: ./annotations.ts), next to
 * `events.jsonl` in the data directory: `writes.jsonl`, one {@link WriteRecord} per line, append-only.
 *
 * Durability, as for events (./store.ts): {@link WriteLog.append} resolves only once the line is on disk
 * (`O_DSYNC` where the platform has it, else `fdatasync` after each write), so a write that was answered
 * survives `kill -9`; writes are serialised (they are rare: a user tagging a dataset). At start-up
 * {@link WriteLog.open} reads the lines back; a torn last line (a write never answered) is truncated, and a
 * line that is not a record is skipped with a message. The data directory's lock (held by the event store)
 * covers this file too.
 */
import { constants } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWriteRecord, type WriteRecord } from './annotations';

/** The writes file's name in the data directory. */
export const WRITES_FILE = 'writes.jsonl';

const O_DSYNC: number = (constants as Record<string, number | undefined>).O_DSYNC ?? 0;

export class WriteLog {
  private tail: Promise<void> = Promise.resolve();

  private constructor(
    private readonly handle: FileHandle,
    readonly file: string,
  ) {}

  /** Opens (creating) `writes.jsonl` in `dir` and returns it with the records it holds, oldest first. */
  static async open(dir: string, log: (message: string) => void = () => undefined): Promise<{ log: WriteLog; records: WriteRecord[] }> {
    const file = join(dir, WRITES_FILE);
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const handle = await open(file, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | O_DSYNC, 0o644);
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) {
      // A torn last line: a write that was never answered.
      await handle.truncate(Buffer.byteLength(text.slice(0, end)));
      log(`Truncated an incomplete last line of ${file} (a write that was never acknowledged).`);
    }
    const records: WriteRecord[] = [];
    const lines = text.slice(0, end).split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let record: WriteRecord | undefined;
      try {
        record = parseWriteRecord(JSON.parse(line));
      } catch {
        record = undefined;
      }
      if (record) records.push(record);
      else log(`Skipped line ${i + 1} of ${file}: not a write record.`);
    });
    return { log: new WriteLog(handle, file), records };
  }

  /** Appends one record; resolves once it is durable. */
  append(record: WriteRecord): Promise<void> {
    const data = Buffer.from(`${JSON.stringify(record)}\n`);
    const write = this.tail.then(async () => {
      await this.handle.write(data);
      if (O_DSYNC === 0) await this.handle.datasync();
    });
    this.tail = write.catch(() => undefined);
    return write;
  }

  async close(): Promise<void> {
    await this.tail;
    await this.handle.close();
  }
}
