// ARCHITECTURE.md's layout block must name every folder of the tree, and only folders that exist:
// a doc that lists 3 of 11 folders misleads more than none. Folders count at depth 1 and 2, and one
// level further under client/src, where each part of the app has its own.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Folders holding a tracked (or new, not ignored) file, at the depths the layout lists. */
function treeFolders(): Set<string> {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.split('/').slice(0, -1);
    const depth = parts[0] === 'client' && parts[1] === 'src' ? 3 : 2;
    for (let i = 1; i <= Math.min(depth, parts.length); i++) folders.add(`${parts.slice(0, i).join('/')}/`);
  }
  return folders;
}

/** The entries of the ```layout block: lines that start with a path ending in `/`. */
export function layoutEntries(markdown: string): Set<string> {
  const block = /```layout\n([\s\S]*?)```/.exec(markdown);
  if (!block?.[1]) throw new Error('ARCHITECTURE.md has no ```layout block');
  const entries = new Set<string>();
  for (const line of block[1].split('\n')) {
    const path = /^(\S+\/)(\s|$)/.exec(line)?.[1];
    if (path) entries.add(path);
  }
  return entries;
}

test('the layout in ARCHITECTURE.md lists exactly the folders of the tree', () => {
  const listed = layoutEntries(readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8'));
  const actual = treeFolders();
  assert.deepEqual([...actual].filter((f) => !listed.has(f)).sort(), [], 'folders missing from the layout');
  assert.deepEqual([...listed].filter((f) => !actual.has(f)).sort(), [], 'layout entries that are not folders');
});

test('a layout line is an entry only when it starts with a folder path', () => {
  const entries = layoutEntries('```layout\nserver/    x\n           continued/ not an entry\nREADME.md  a file\n```\n');
  assert.deepEqual([...entries], ['server/']);
});
