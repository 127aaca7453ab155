import { AppProcess, memoryOf, percentile, round1, sampleRss, timed } from '../lib';

export interface ScalePoint {
  scale: number;
  milestones: number;
  seedRowsPerSecond: number;
  dashboard: { status: number; p50: number; p99: number; bytes: number } | { status: number; skipped: string };
  export:
    | { status: number; ms: number; rows: number; mib: number; rowsPerSecond: number; complete: boolean; rssBeforeMiB: number; peakRssMiB: number; growthMiB: number }
    | { status: number; skipped: string };
}

const DASHBOARD = '/api/v1/dashboard/national';
const MILESTONES_CSV = '/api/v1/open-data/milestones.csv';

/** Reads a response without keeping it (bytes and lines), until its end or `signal`. */
async function drain(res: Response, signal?: AbortSignal): Promise<{ bytes: number; lines: number; complete: boolean }> {
  let bytes = 0;
  let lines = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    }
  } catch (error) {
    if (!signal?.aborted) throw error;
    return { bytes, lines, complete: false };
  }
  return { bytes, lines, complete: true };
}

/**
 * §4 at one dataset size: /dashboard/national latency (sequential requests after a warm-up)
 * and the full milestones CSV export, with the API process's resident memory sampled every
 * 25 ms while it streams (peak minus the RSS just before = what the export holds).
 */
export async function scalePoint(
  api: AppProcess,
  scale: number,
  info: { milestones: number; seedRowsPerSecond: number },
  opts: { dashboardRequests: number; dashboardBudgetMs: number; exportTimeoutMs: number },
): Promise<ScalePoint> {
  const point: ScalePoint = { scale, ...info, dashboard: { status: 0, skipped: '' }, export: { status: 0, skipped: '' } };

  const first = await fetch(api.baseUrl + DASHBOARD);
  const body = await first.arrayBuffer();
  if (first.status !== 200) point.dashboard = { status: first.status, skipped: `${DASHBOARD} answered ${first.status}` };
  else {
    const times: number[] = [];
    const until = Date.now() + opts.dashboardBudgetMs;
    for (let i = 0; i < opts.dashboardRequests && (i < 5 || Date.now() < until); i++) {
      const { ms } = await timed(async () => {
        const res = await fetch(api.baseUrl + DASHBOARD);
        await res.arrayBuffer();
      });
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    point.dashboard = { status: 200, p50: percentile(times, 50), p99: percentile(times, 99), bytes: body.byteLength };
  }

  // The measured export follows a warm-up that reads the first rows only.
  const warmUp = new AbortController();
  const warm = await fetch(api.baseUrl + MILESTONES_CSV, { signal: warmUp.signal });
  if (warm.status !== 200) {
    await warm.arrayBuffer();
    point.export = { status: warm.status, skipped: `${MILESTONES_CSV} answered ${warm.status}` };
    return point;
  }
  setTimeout(() => warmUp.abort(), 1000);
  await drain(warm, warmUp.signal);
  await new Promise((r) => setTimeout(r, 500));
  const rssBeforeMiB = memoryOf(api.pid).rssMiB;
  const sampler = sampleRss(api.pid);
  // A cap keeps the run bounded when the export is slow; the rate is reported either way.
  const cap = new AbortController();
  const timer = setTimeout(() => cap.abort(), opts.exportTimeoutMs);
  const { ms, value } = await timed(async () => drain(await fetch(api.baseUrl + MILESTONES_CSV, { signal: cap.signal }), cap.signal));
  clearTimeout(timer);
  const peakRssMiB = sampler.stop();
  const rows = Math.max(0, value.lines - 1);
  point.export = {
    status: 200,
    ms: Math.round(ms),
    rows,
    mib: round1(value.bytes / 1048576),
    rowsPerSecond: Math.round((rows / ms) * 1000),
    complete: value.complete,
    rssBeforeMiB,
    peakRssMiB,
    growthMiB: round1(peakRssMiB - rssBeforeMiB),
  };
  return point;
}
