import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const root = here('../../');

/**
 * The official MCP conformance suites, every client scenario of a revision that is not an
 * extension, run against the app: conformance/client.ts starts the app with the scenario's server
 * and drives it through its API. What the app does not pass yet is listed in a baseline file per
 * revision; the test fails on a failure the file does not list and on a listed one that passes
 * (a stale entry), so the file is always the exact list (README, "MCP servers").
 *
 * Scenarios run a few at a time, each with the runner's own `--scenario`: the runner's suite mode
 * starts them all at once, and 33 apps starting together on two busy cores miss its timeouts.
 */
const suites = [
  { name: '0.1.16', revision: '2025-11-25', cli: 'node_modules/@modelcontextprotocol/conformance/dist/index.js' },
  { name: '0.2.0-alpha.12', revision: '2026-07-28', cli: 'node_modules/mcp-conformance-next/dist/index.js' },
];
const AT_ONCE = 3;

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', here('./conformance/register.mjs'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** The client scenarios of `revision` that are not extensions, as the runner lists them. */
async function scenariosOf(cli: string, revision: string): Promise<string[]> {
  const { output } = await run([cli, 'list', '--client']);
  return output
    .split('\n')
    .map((line) => /^\s+- (\S+) \[([^\]]+)\]/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .filter((match) => (match[2] ?? '').split(',').includes(revision))
    .map((match) => match[1] ?? '');
}

async function passes(cli: string, revision: string, scenario: string): Promise<{ passed: boolean; output: string }> {
  const { code, output } = await run([
    cli, 'client',
    '--command', `${process.execPath} --import tsx ${here('./conformance/client.ts')}`,
    '--scenario', scenario, '--spec-version', revision,
    // The scenario's own bound; far above what one takes, even on a busy machine.
    '--timeout', '180000',
  ]);
  return { passed: code === 0, output };
}

async function inPool<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T);
      }
    }),
  );
  return results;
}

const baselineOf = (revision: string): string[] =>
  readFileSync(here(`./conformance/expected-failures-${revision}.yaml`), 'utf8')
    .split('\n')
    .map((line) => /^\s+- (\S+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);

describe('the MCP conformance suites', () => {
  for (const suite of suites) {
    it(`passes every ${suite.name} (${suite.revision}) client scenario but those its baseline lists`, async () => {
      const scenarios = await scenariosOf(suite.cli, suite.revision);
      assert.ok(scenarios.length > 10, `the runner listed ${scenarios.length} scenarios`);
      const results = await inPool(scenarios, AT_ONCE, async (scenario) => ({ scenario, ...(await passes(suite.cli, suite.revision, scenario)) }));
      const expected = new Set(baselineOf(suite.revision));
      const passed = results.filter((result) => result.passed).map((result) => result.scenario);
      console.log(`conformance ${suite.name} (${suite.revision}): ${passed.length} of ${scenarios.length} client scenarios pass: ${passed.join(', ')}`);
      const unexpected = results.filter((result) => !result.passed && !expected.has(result.scenario));
      const stale = passed.filter((scenario) => expected.has(scenario));
      assert.deepEqual(
        unexpected.map((result) => result.scenario),
        [],
        unexpected.map((result) => `${result.scenario}:\n${result.output.slice(-3000)}`).join('\n\n'),
      );
      assert.deepEqual(stale, [], 'these pass now: take them out of the baseline');
    });
  }
});
