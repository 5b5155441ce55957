import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bottleneckOf, mergeResults, planSlots, sampleSize } from './pool';
import { summarize, type LatencyResult, type RawSamples } from './protocol';

function part(samples: number[], cpu: number, streams: number): { result: LatencyResult; raw: RawSamples } {
  const s = summarize(samples);
  return {
    result: {
      transport: 'trpc-sse', streams, live: streams, expected: streams * 2, received: samples.length, lost: streams * 2 - samples.length, duplicates: 0, outOfOrder: 0,
      events: samples.length, finished: streams, errors: [], latency: s, fromSchedule: s, bySecond: [], clientCpuPct: cpu, clientLoopP99: cpu / 10,
      reader: 'lean', clientProcs: 1, clientCpuPcts: [cpu], clientLoopP99s: [cpu / 10], bottleneck: '',
    },
    raw: { samples, fromSchedule: samples.map((x) => x + 1), bySecond: [samples.map((x) => x + 1)] },
  };
}

describe('client pool', () => {
  it('spreads every slot once: the sample evenly, the rest round-robin', () => {
    const plan = planSlots(1000, 2, 10);
    assert.deepEqual(plan.sample, [50, 150, 250, 350, 450, 550, 650, 750, 850, 950]);
    const all = [...plan.sample, ...plan.lean.flat()].sort((a, b) => a - b);
    assert.deepEqual(all, Array.from({ length: 1000 }, (_, i) => i));
    assert.deepEqual(plan.lean.map((slots) => slots.length), [495, 495]);
    assert.deepEqual(planSlots(1, 3, 0).lean, [[0], [], []]);
  });

  it('samples at most a tenth of a trpc phase, only in lean mode', () => {
    const lean = { reader: 'lean' as const, trpcSample: 10 };
    assert.equal(sampleSize('trpc-sse', 1, lean), 0);
    assert.equal(sampleSize('trpc-ws', 50, lean), 5);
    assert.equal(sampleSize('trpc-sse', 1000, lean), 10);
    assert.equal(sampleSize('raw-sse', 1000, lean), 0);
    assert.equal(sampleSize('trpc-sse', 1000, { reader: 'trpc', trpcSample: 10 }), 0);
  });

  it('merges exact percentiles over all samples and keeps every CPU', () => {
    const a = part([1, 2, 3, 4], 40, 2);
    const b = part([10, 20, 30, 40, 50, 60], 95, 3);
    const merged = mergeResults([a, b]);
    assert.deepEqual(merged.latency, summarize([1, 2, 3, 4, 10, 20, 30, 40, 50, 60]));
    assert.deepEqual(merged.fromSchedule, summarize([2, 3, 4, 5, 11, 21, 31, 41, 51, 61]));
    assert.equal(merged.bySecond[0]?.count, 10);
    assert.equal(merged.streams, 5);
    assert.equal(merged.received, 10);
    assert.deepEqual(merged.clientCpuPcts, [40, 95]);
    assert.equal(merged.clientCpuPct, 95);
    assert.equal(merged.clientProcs, 2);
  });

  it('names the saturated processes, or the busiest share', () => {
    const idle = { machineCpuPct: 100 };
    assert.equal(bottleneckOf({ cpuPct: 97.2, loopP99: 30, ...idle }, [{ name: 'client 1', cpuPct: 40, loopP99: 1 }], 2), 'server (97% of a core)');
    assert.equal(bottleneckOf({ cpuPct: 50, loopP99: 1, ...idle }, [{ name: 'client 1', cpuPct: 40, loopP99: 1 }, { name: 'client 2', cpuPct: 95, loopP99: 9 }], 2), 'client 2 (95%)');
    assert.equal(bottleneckOf({ cpuPct: 92, loopP99: 1, ...idle }, [{ name: 'client 1', cpuPct: 96, loopP99: 1 }], 2), 'client 1 (96%) + server (92% of a core)');
    assert.equal(bottleneckOf({ cpuPct: 62.4, loopP99: 1, ...idle }, [{ name: 'client 1', cpuPct: 12, loopP99: 1 }], 2), 'none saturated (max 62%)');
    assert.equal(bottleneckOf({ cpuPct: 66, loopP99: 1, machineCpuPct: 196 }, [{ name: 'client 1', cpuPct: 13, loopP99: 1 }], 2), 'machine (196% of 2 cores); no process saturated (max 66%)');
    assert.equal(bottleneckOf({ cpuPct: 95, loopP99: 1, machineCpuPct: 190 }, [], 2), 'server (95% of a core) + machine (190% of 2 cores)');
  });
});
