/**
 * `lineage-lens replay`: posts the local endpoint's stored events to another OpenLineage endpoint (see
 * ../serve/replay.ts), with a progress bar on a terminal and progress lines otherwise.
 *
 * Exit codes: 0 when every event was handled, 1 when the target refused an event or could not be reached
 * (run again to resume), 130 when interrupted (run again to resume), 2 on usage errors.
 */
import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../serve/index';
import { replay, type ReplayOptions, type ReplayProgress } from '../serve/replay';

export const REPLAY_USAGE = `Usage: lineage-lens replay --to URL [--api-key KEY] [--since ISO-TIME] [--data DIR] [--skip-rejected]

Posts the events the local endpoint stored (in the order it stored them) to another OpenLineage
endpoint, e.g. a team's Marquez: lineage-lens replay --to http://marquez.example.com:5000

Options:
  --to URL         The target's API root (…/api/v1/lineage is added) or its full lineage URL.
  --api-key KEY    Sent as "Authorization: Bearer KEY". Prefer LINEAGE_LENS_REPLAY_API_KEY: command
                   line arguments are visible to other users of this machine. Never printed.
  --since TIME     Only events whose eventTime is at or after TIME (ISO 8601, e.g. 2024-10-15 or
                   2024-10-15T08:00:00Z); earlier ones are passed over.
  --data DIR       The local endpoint's data directory (default ${DEFAULT_DATA_DIR}); also --data-dir.
  --skip-rejected  When the target refuses an event (e.g. 400 or 422), record it in the data
                   directory's replay/ folder and go on. By default the replay stops there.
  -h, --help       Show this help.

Resumable: the data directory remembers, per target, the last event the target acknowledged; run the
same command again after Ctrl+C, a network failure or a refused event, and it goes on from there
without sending any event twice. Network failures, timeouts, 429 and 5xx answers are retried with a
growing wait (0.5 s to 30 s, 6 times) before the replay stops.`;

export interface ReplayIo {
  out(s: string): void;
  err(s: string): void;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (a redrawn progress bar) or not (a line every 10%). */
  isTTY: boolean;
  /** Aborted on Ctrl+C. */
  signal?: AbortSignal;
  /** For tests. */
  sleep?: ReplayOptions['sleep'];
}

type Parsed = { ok: true; options: Omit<ReplayOptions, 'signal'>; help: boolean } | { ok: false; message: string };

/** Parses the options of `replay`. */
export function parseReplayArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): Parsed {
  let to: string | undefined;
  let apiKey: string | undefined;
  let since: number | undefined;
  let dataDir = DEFAULT_DATA_DIR;
  let skipRejected = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--skip-rejected') skipRejected = true;
    else {
      const m = /^(--to|--api-key|--since|--data|--data-dir)(?:=(.*))?$/.exec(arg);
      if (!m) return { ok: false, message: arg.startsWith('-') ? `unknown option "${arg}".` : `unexpected argument "${arg}".` };
      const value = m[2] ?? argv[++i];
      if (value === undefined || value === '') return { ok: false, message: `${m[1]} needs a value.` };
      if (m[1] === '--to') to = value;
      else if (m[1] === '--api-key') apiKey = value;
      else if (m[1] === '--since') {
        since = Date.parse(/T/.test(value) && !/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(value) ? `${value}Z` : value);
        if (Number.isNaN(since))
          return { ok: false, message: `--since must be an ISO 8601 time such as 2024-10-15T08:00:00Z, not "${value}".` };
      } else dataDir = value;
    }
  }
  if (help) return { ok: true, options: { to: '', dataDir }, help };
  if (!to) return { ok: false, message: '--to URL is required.' };
  apiKey ??= env.LINEAGE_LENS_REPLAY_API_KEY || undefined;
  return {
    ok: true,
    options: { to, dataDir: resolve(dataDir), ...(apiKey ? { apiKey } : {}), ...(since !== undefined ? { since } : {}), skipRejected },
    help,
  };
}

/** `[#########-----------] 45% 450/1000 events` */
export function progressBar(p: ReplayProgress, width = 30): string {
  const share = p.total === 0 ? 1 : p.done / p.total;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${p.done}/${p.total} events`;
}

/** Runs `lineage-lens replay`; resolves with the exit code. */
export async function runReplay(argv: readonly string[], io: ReplayIo): Promise<number> {
  const parsed = parseReplayArgs(argv, io.env);
  if (!parsed.ok) {
    io.err(`lineage-lens replay: ${parsed.message}\n\n${REPLAY_USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    io.out(`${REPLAY_USAGE}\n`);
    return 0;
  }
  let lastLine = -1;
  let lastDraw = 0;
  let drawn = false;
  const onProgress = (p: ReplayProgress) => {
    if (io.isTTY) {
      // Redrawn at most every 100 ms, and at the end.
      const now = Date.now();
      if (now - lastDraw < 100 && p.done < p.total) return;
      lastDraw = now;
      io.err(`\r${progressBar(p)}`);
      drawn = true;
    } else {
      const tenth = p.total === 0 ? 10 : Math.floor((p.done / p.total) * 10);
      if (tenth !== lastLine) {
        lastLine = tenth;
        io.err(`lineage-lens replay: ${p.done}/${p.total} events (${tenth * 10}%)\n`);
      }
    }
  };
  const endBar = () => {
    if (drawn) io.err('\n');
    drawn = false;
  };
  let result;
  try {
    result = await replay({
      ...parsed.options,
      signal: io.signal,
      onProgress,
      onRetry: (message) => {
        endBar();
        io.err(`lineage-lens replay: ${message}\n`);
      },
      ...(io.sleep ? { sleep: io.sleep } : {}),
    });
  } catch (error) {
    endBar();
    io.err(`lineage-lens replay: ${(error as Error).message}\n`);
    return 1;
  }
  endBar();
  const summary = `${result.posted} posted${result.passed ? `, ${result.passed} before --since passed over` : ''}${result.rejected ? `, ${result.rejected} refused and recorded in ${result.cursorFile.replace(/\.json$/, '.rejected.jsonl')}` : ''}`;
  const resumed = result.resumed ? ` (resumed after the ${result.resumedAt} events handled before)` : '';
  switch (result.stop.state) {
    case 'done':
      io.out(`Replayed to ${result.target}: ${summary}${resumed}.\n`);
      return 0;
    case 'interrupted':
      io.err(`lineage-lens replay: interrupted after ${summary}${resumed}; run the same command again to resume.\n`);
      return 130;
    case 'failed':
      io.err(
        `lineage-lens replay: stopped: ${result.stop.message}\n${summary}${resumed}. The refused event starts at byte ${result.stop.offset} of the events file; fix the cause and run the same command again to resume there${result.stop.status !== undefined && result.stop.status < 500 && ![401, 403, 404].includes(result.stop.status) ? ', or pass --skip-rejected to record refused events and go on' : ''}.\n`,
      );
      return 1;
  }
}
