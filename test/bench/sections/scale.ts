import { AppProcess, memoryOf, percentile, round1, sampleRss, timed } from '../lib';

export interface ScalePoint {
  scale: number;
  milestones: number;
  seedRowsPerSecond: number;
  dashboard: { status: number; p50: number; p99: number; bytes: number } | { status: number; skipped: string };
  export: { status: number; ms: number; rows: number; mib: number; rssBeforeMiB: number; peakRssMiB: number; growthMiB: number } | { status: number; skipped: string };
}

const DASHBOARD = '/api/v1/dashboard/national';
const MILESTONES_CSV = '/api/v1/open-data/milestones.csv';

/** Reads a response to the end without keeping it: bytes and lines. */
async function drain(res: Response): Promise<{ bytes: number; lines: number }> {
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
  }
  return { bytes, lines };
}

/**
 * §4 at one dataset size: /dashboard/national latency (sequential requests after a warm-up)
 * and the full milestones CSV export, with the API process's resident memory sampled every
 * 25 ms while it streams (peak minus the RSS just before = what the export holds).
 */
export async function scalePoint(api: AppProcess, scale: number, info: { milestones: number; seedRowsPerSecond: number }, opts: { dashboardRequests: number }): Promise<ScalePoint> {
  const point: ScalePoint = { scale, ...info, dashboard: { status: 0, skipped: '' }, export: { status: 0, skipped: '' } };

  const first = await fetch(api.baseUrl + DASHBOARD);
  const body = await first.arrayBuffer();
  if (first.status !== 200) point.dashboard = { status: first.status, skipped: `${DASHBOARD} answered ${first.status}` };
  else {
    const times: number[] = [];
    for (let i = 0; i < opts.dashboardRequests; i++) {
      const { ms } = await timed(async () => {
        const res = await fetch(api.baseUrl + DASHBOARD);
        await res.arrayBuffer();
      });
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    point.dashboard = { status: 200, p50: percentile(times, 50), p99: percentile(times, 99), bytes: body.byteLength };
  }

  // One export to warm the path, then the measured one.
  const warm = await fetch(api.baseUrl + MILESTONES_CSV);
  if (warm.status !== 200) {
    await warm.arrayBuffer();
    point.export = { status: warm.status, skipped: `${MILESTONES_CSV} answered ${warm.status}` };
    return point;
  }
  await drain(warm);
  const rssBeforeMiB = memoryOf(api.pid).rssMiB;
  const sampler = sampleRss(api.pid);
  const { ms, value } = await timed(async () => drain(await fetch(api.baseUrl + MILESTONES_CSV)));
  const peakRssMiB = sampler.stop();
  point.export = {
    status: 200,
    ms: Math.round(ms),
    rows: value.lines - 1,
    mib: round1(value.bytes / 1048576),
    rssBeforeMiB,
    peakRssMiB,
    growthMiB: round1(peakRssMiB - rssBeforeMiB),
  };
  return point;
}
