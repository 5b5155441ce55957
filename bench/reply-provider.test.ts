import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import OpenAI from 'openai';
import { startRawServers } from './raw-servers';
import { scheduleOf } from './reply-provider';
import { Gate, HELLO, parseChunks } from './schedule';

test('scheduleOf reads a bench-reply message and names a bad value', () => {
  assert.deepEqual(scheduleOf('bench-reply chunks=60 intervalMs=100 warmup=10 cooldown=3 offsetMs=12.500'), {
    schedule: { chunks: 60, intervalMs: 100, warmup: 10, cooldown: 3 },
    offsetMs: 12.5,
  });
  assert.equal(scheduleOf('hello'), undefined);
  assert.throws(() => scheduleOf('bench-reply intervalMs=100'), /chunks must be a number >= 0/);
  assert.throws(() => scheduleOf('bench-reply chunks=x intervalMs=100'), /chunks must be a number >= 0/);
});

test('the provider process streams an OpenAI chat completion: the hello, then the schedule once the gate opens, then stop', { timeout: 60_000 }, async () => {
  const gate = new Gate();
  gate.reset();
  const raw = await startRawServers(gate, { outputs: 0 });
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./reply-provider.ts', import.meta.url))], {
    env: { ...process.env, BENCH_ORCHESTRATOR_URL: raw.url },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(child.stdout.setEncoding('utf8'), 'data')) as [string];
    const client = new OpenAI({ baseURL: `${line.trim()}/v1`, apiKey: 'bench' });
    const stream = await client.chat.completions.create({
      model: 'bench',
      stream: true,
      messages: [{ role: 'user', content: 'bench-reply chunks=3 intervalMs=5 warmup=1 cooldown=1' }],
    });
    const deltas: string[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta?.content) deltas.push(choice.delta.content);
      if (choice?.finish_reason) finish = choice.finish_reason;
      // The hello comes before the gate; only then may the schedule start.
      if (deltas.length === 1) gate.open();
    }
    assert.equal(deltas[0], HELLO);
    const stamps: string[] = [];
    for (const delta of deltas.slice(1)) parseChunks(delta, (kind, index) => stamps.push(`${kind}${index}`));
    assert.deepEqual(stamps, ['w0', 'c0', 'c1', 'c2', 'w4']);
    assert.equal(finish, 'stop');
    // The measured chunks it emitted are reported to the orchestrator (the server's CPU per chunk counts them).
    assert.ok(raw.stamp.emitted >= 5, `reported ${raw.stamp.emitted}`);
  } finally {
    child.kill();
    await raw.close();
  }
});
