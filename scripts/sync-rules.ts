/**
 * Writes every rule id of the service into package.json (`lineageLens.rules` properties, with the rule's
 * summary and default severity), so settings completion in VS Code knows them. The contributions test fails
 * when package.json and the code disagree; run this, then `npx tsx scripts/docs.ts`.
 *
 *   npx tsx scripts/sync-rules.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLanguageService } from '../server/src/service';

const file = join(__dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
const levels = ['off', 'hint', 'information', 'warning', 'error'];
pkg.contributes.configuration.properties['lineageLens.rules'].properties = Object.fromEntries(
  createLanguageService().rules.map((r) => [
    r.id,
    { type: 'string', enum: levels, markdownDescription: `${r.summary} Default: \`${r.defaultSeverity}\`.` },
  ]),
);
writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
process.stdout.write(
  `package.json: ${Object.keys(pkg.contributes.configuration.properties['lineageLens.rules'].properties).length} rules\n`,
);
