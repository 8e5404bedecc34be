/**
 * The README inside the VSIX (MARKETPLACE.md, packaged by `npm run package` with --readme-path) is a user's README:
 * what the extension does, with pictures that are in the package, its commands and settings. The repository's
 * README.md, which opens with the developers' commands, stays out of the package.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  contributes: { commands: { title: string }[]; configuration: { properties: Record<string, unknown> } };
};

describe('the marketplace README', () => {
  const text = read('MARKETPLACE.md');
  const ignore = read('.vscodeignore').split('\n');

  it('is the README the package is built with, and the developers’ README is not packaged', () => {
    assert.match(pkg.scripts.package!, /--readme-path MARKETPLACE\.md/);
    assert.ok(!ignore.includes('!README.md'));
  });

  it('opens with what the extension does, not with build commands', () => {
    const opening = text.split('\n## ')[0]!;
    assert.match(opening, /^# Lineage Lens\n\nAuthor and view data lineage with \[OpenLineage\]/);
    assert.doesNotMatch(text, /npm (install|run|test)/);
  });

  it('shows pictures that exist and are in the package', () => {
    const images = [...text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length >= 4, String(images.length));
    for (const image of images) {
      assert.ok(existsSync(join(ROOT, image)), `${image} does not exist`);
      assert.ok(ignore.includes(`!${image}`), `${image} is not allowlisted in .vscodeignore`);
    }
  });

  it('names only commands and settings the extension has', () => {
    const titles = new Set(pkg.contributes.commands.map((c) => c.title.replace(/…$/, '')));
    const section = text.split('## Commands')[1]!.split('\n## ')[0]!;
    const named = section
      .split('"Lineage Lens":')[1]!
      .replace(/\n/g, ' ')
      .split(',')
      .map((s) => s.trim().replace(/\.$/, ''));
    for (const name of named) {
      const variants = name.startsWith('Start/Stop ') ? [name.replace('Start/Stop', 'Start'), name.replace('Start/Stop', 'Stop')] : [name];
      for (const v of variants) assert.ok(titles.has(v), `no command titled "${v}"`);
    }
    const settings = Object.keys(pkg.contributes.configuration.properties);
    for (const [, name] of text.matchAll(/`(lineageLens\.[A-Za-z.]+?)(?:\.\*)?`/g))
      assert.ok(
        settings.some((s) => s === name || s.startsWith(`${name}.`)),
        `no setting ${name}`,
      );
  });
});

describe('the repository README', () => {
  it('shows pictures that exist, each in a light and a dark theme where it is a <picture>', () => {
    const text = read('README.md');
    const images = [...text.matchAll(/!\[[^\]]*\]\(([^)]+)\)|(?:src|srcset)="([^"]+)"/g)].map((m) => (m[1] ?? m[2])!);
    assert.ok(images.length >= 10, String(images.length));
    for (const image of images) assert.ok(existsSync(join(ROOT, image)), `${image} does not exist`);
    assert.doesNotMatch(text, /!\[[^\]]*\]\(docs\/images\//, 'every picture of the README comes in a light and a dark theme');
    for (const [, dark, light] of text.matchAll(
      /<picture><source media="\(prefers-color-scheme: dark\)" srcset="([^"]+)"><img alt="[^"]+" src="([^"]+)"><\/picture>/g,
    ))
      assert.equal(dark, light!.replace('docs/images/', 'docs/images/dark/'));
  });
});
