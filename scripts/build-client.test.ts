import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { isUpToDate, markBuilt, sourceHash } from './build-client.mjs';

function tree() {
  const root = mkdtempSync(join(tmpdir(), 'fragments-build-'));
  mkdirSync(join(root, 'client', 'src'), { recursive: true });
  mkdirSync(join(root, 'shared'));
  mkdirSync(join(root, 'dist', 'client'), { recursive: true });
  writeFileSync(join(root, 'client', 'src', 'App.tsx'), 'export const a = 1;');
  writeFileSync(join(root, 'shared', 'api.ts'), 'export const b = 2;');
  writeFileSync(join(root, 'vite.config.ts'), 'export default {};');
  writeFileSync(join(root, 'package-lock.json'), '{}');
  writeFileSync(join(root, 'dist', 'client', 'index.html'), '<!doctype html>');
  return root;
}

test('a start after a build of the same sources skips the build; any change to them rebuilds', (t) => {
  const root = tree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.equal(isUpToDate(root), false, 'never built: build');
  markBuilt(root);
  assert.equal(isUpToDate(root), true);

  const before = sourceHash(root);
  writeFileSync(join(root, 'client', 'src', 'App.tsx'), 'export const a = 2;');
  assert.equal(isUpToDate(root), false, 'an edited client file');
  markBuilt(root);
  writeFileSync(join(root, 'shared', 'new.ts'), '');
  assert.equal(isUpToDate(root), false, 'a new shared file');
  markBuilt(root);
  writeFileSync(join(root, 'package-lock.json'), '{"v":2}');
  assert.equal(isUpToDate(root), false, 'other dependencies');
  markBuilt(root);
  rmSync(join(root, 'dist', 'client', 'index.html'));
  assert.equal(isUpToDate(root), false, 'the build itself removed');
  assert.notEqual(before, sourceHash(root));
});
