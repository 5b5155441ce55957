/**
 * How a stamping process outside the orchestrator (bench/stamp-server.ts, bench/reply-provider.ts)
 * talks to it: plain GETs to the raw server's `/clock`, `/gate` and `/stamp` (raw-servers.ts), whose
 * base URL is in BENCH_ORCHESTRATOR_URL.
 */
import { Agent, get } from 'node:http';
import { now } from './schedule';

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

export function orchestratorGet(base: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(`${base}${path}`, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * This process's clock against the orchestrator's: `samples` NTP-style round trips to `/clock`; the
 * one with the shortest round trip bounds the error by half of it (like client.ts calibrate()).
 */
export async function clockOffset(base: string, samples = 20): Promise<{ offsetMs: number; rttMs: number }> {
  let best = { offsetMs: 0, rttMs: Infinity };
  for (let i = 0; i < samples; i++) {
    const t0 = now();
    const remote = Number(await orchestratorGet(base, '/clock'));
    const t1 = now();
    if (Number.isFinite(remote) && t1 - t0 < best.rttMs) best = { offsetMs: remote - (t0 + t1) / 2, rttMs: t1 - t0 };
  }
  return best;
}
