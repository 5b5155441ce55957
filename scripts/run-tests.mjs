#!/usr/bin/env node
// Runs node:test over every *.test.ts below the given folders (npm's sh has no ** globs).
// Usage: node scripts/run-tests.mjs <folder>... [--concurrency N] [--exclude <folder name>]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
let concurrency = '1';
const folders = [];
const excluded = new Set(['node_modules']);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--concurrency') concurrency = args[++i] ?? '1';
  else if (args[i] === '--exclude') excluded.add(args[++i]);
  else folders.push(args[i]);
}

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (excluded.has(name)) return [];
    if (statSync(path).isDirectory()) return find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = folders.flatMap(find).sort();
if (files.length === 0) {
  console.error(`no *.test.ts files under ${folders.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], {
  stdio: 'inherit',
  // The root tsconfig.json lists no files (it only references the projects tsc -b checks), and tsx
  // applies a tsconfig's options only to files it includes: without this, .tsx files under test
  // compile with the classic JSX runtime ("React is not defined"). Children the tests start inherit it.
  env: { ...process.env, TSX_TSCONFIG_PATH: process.env.TSX_TSCONFIG_PATH ?? 'tsconfig.base.json' },
});
process.exit(result.status ?? 1);
