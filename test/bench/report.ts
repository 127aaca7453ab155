import { cpus } from 'node:os';
import type { BallotsResult } from './sections/ballots';
import type { HttpReadsResult } from './sections/http-reads';
import type { RemindersResult } from './sections/reminders';
import type { ScalePoint } from './sections/scale';
import type { StartupResult } from './sections/startup';
import type { WebResult } from './sections/web';

export interface Results {
  startedAt: string;
  machine: { cpu: string; memoryGiB: number; node: string; postgres: string; redis: string; loadAverageAtStart: number[] };
  options: Record<string, unknown>;
  seed?: { scale: number; rows: number; ms: number; rowsPerSecond: number; auditEvents: boolean }[];
  http?: HttpReadsResult;
  /** One run per API process count (1, then API_PROCESSES = N). */
  ballots?: BallotsResult[];
  reminders?: RemindersResult;
  scale?: ScalePoint[];
  startup?: StartupResult;
  web?: WebResult;
  goals?: Goal[];
  notes: string[];
  totalSeconds?: number;
  loadAverageAtEnd?: number[];
}

export interface Goal {
  goal: string;
  measured: string;
  met: boolean | null;
}

function table(headers: string[], rows: (string | number)[][], log: (l: string) => void) {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`;
  log(line(headers));
  log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of cells.slice(1)) log(line(r));
}

/** The issue's goals, read against this run's figures (null: not measured in this run). */
export function goals(r: Results): Goal[] {
  const g: Goal[] = [];
  if (r.web) {
    g.push({ goal: 'First page ≤ 120 kB JS+CSS gzipped', measured: `${r.web.firstPageKiB.total} kB`, met: r.web.firstPageKiB.total <= 120 });
    g.push({ goal: 'Portal first visit on a slow link ≤ 4 s', measured: `${(r.web.slowLink.firstVisitMs / 1000).toFixed(2)} s`, met: r.web.slowLink.firstVisitMs <= 4000 });
    g.push({ goal: 'Portal repeat visit on a slow link ≤ 1.5 s', measured: `${(r.web.slowLink.repeatVisitMs / 1000).toFixed(2)} s`, met: r.web.slowLink.repeatVisitMs <= 1500 });
    g.push({ goal: '`npm start` ready ≤ 5 s on an unchanged checkout', measured: `${(r.web.npmStart.restartMs / 1000).toFixed(1)} s`, met: r.web.npmStart.restartMs <= 5000 });
  }
  if (r.http) {
    for (const row of r.http.rows) {
      g.push({ goal: `${row.route} @${row.connections}: ≥ 60% of the replayed-SQL Fastify + pg ceiling`, measured: `${Math.round(row.ratio * 100)}%`, met: row.ratio >= 0.6 });
      if (row.connections !== 50) continue;
      const same = r.http.equality?.[row.route]?.sameAsApp;
      if (row.handRatio !== undefined) {
        g.push({
          goal: `${row.route} @50: ≥ 80% of the hand-written ceiling`,
          measured: `${Math.round(row.handRatio * 100)}% (1 process)${row.many ? `, ${Math.round(row.many.handRatio * 100)}% (${row.many.processes} processes)` : ''}${same ? '' : ' (ceiling answer differs from the app\'s!)'}`,
          met: same ? Math.max(row.handRatio, row.many?.handRatio ?? 0) >= 0.8 : null,
        });
      }
      g.push({ goal: `${row.route} @50: p99 < 50 ms`, measured: `${row.app.p99} ms`, met: row.app.p99 < 50 });
    }
  }
  if (r.ballots?.length) {
    const best = r.ballots.reduce((a, b) => (b.ballotsPerSecond > a.ballotsPerSecond ? b : a));
    g.push({ goal: 'Ballots ≥ 1,000/s', measured: r.ballots.map((b) => `${b.ballotsPerSecond}/s (${b.processes} process${b.processes > 1 ? 'es' : ''})`).join(', '), met: best.ballotsPerSecond >= 1000 });
    const bad = r.ballots.filter((b) => !b.check.ok);
    const c = (bad[0] ?? r.ballots[0]).check;
    g.push({ goal: 'Zero lost or doubled ballots', measured: `${c.rowsPerMembership} row per membership, ${c.storedChoiceMismatches} stored / ${c.countedBallotMismatches} counted mismatches`, met: !bad.length });
  }
  if (r.reminders) {
    for (const l of r.reminders.lateness) {
      const limit = l.backend === 'redis' ? 1000 : 2000;
      g.push({ goal: `Reminder lateness p99 < ${limit / 1000} s on ${l.backend}`, measured: `${l.latenessMs.p99} ms`, met: l.latenessMs.p99 < limit });
    }
    const redis = r.reminders.relay.find((x) => x.backend === 'redis');
    if (redis) g.push({ goal: 'Relay ≥ 10,000 jobs/s on Redis', measured: `${redis.jobsPerSecond}/s`, met: redis.jobsPerSecond >= 10_000 });
  }
  if (r.scale?.length) {
    const one = r.scale.find((p) => p.scale === 1);
    if (one && 'p50' in one.dashboard) g.push({ goal: 'Dashboard < 100 ms at 1×', measured: `p50 ${one.dashboard.p50} ms, p99 ${one.dashboard.p99} ms`, met: one.dashboard.p99 < 100 });
    const measured = r.scale.filter((p) => 'p50' in p.dashboard);
    if (one && 'p50' in one.dashboard && measured.length > 1) {
      const last = measured[measured.length - 1];
      const dataGrowth = last.milestones / one.milestones;
      const costGrowth = (last.dashboard as { p50: number }).p50 / one.dashboard.p50;
      g.push({ goal: 'Dashboard cost grows no faster than the data', measured: `data ×${dataGrowth.toFixed(1)} → latency ×${costGrowth.toFixed(1)}`, met: costGrowth <= dataGrowth * 1.1 });
    }
    const exports = r.scale.filter((p) => 'peakRssMiB' in p.export).map((p) => ({ scale: p.scale, ...(p.export as { peakRssMiB: number; rows: number; complete: boolean }) }));
    if (exports.length > 1) {
      const peaks = exports.map((e) => e.peakRssMiB);
      // Flat: the API's peak RSS during the largest export within 25% (+16 MiB) of the smallest's.
      g.push({
        goal: 'CSV export memory flat as data grows',
        measured: `API peak RSS during export ${exports.map((e) => `${e.scale}×: ${e.peakRssMiB} MiB${e.complete ? '' : ` (cut at ${e.rows} rows)`}`).join(', ')}`,
        met: peaks[peaks.length - 1] <= peaks[0] * 1.25 + 16,
      });
      const rates = exports.map((e) => (e as unknown as { rowsPerSecond: number }).rowsPerSecond);
      g.push({
        goal: 'CSV export time grows no faster than the data',
        measured: `rows/s ${exports.map((e, i) => `${e.scale}×: ${rates[i]}`).join(', ')}`,
        met: rates[rates.length - 1] >= rates[0] / 1.5,
      });
    }
  }
  if (r.startup) g.push({ goal: 'Embedded warm start < 5 s', measured: `${(r.startup.warmMs / 1000).toFixed(1)} s`, met: r.startup.warmMs < 5000 });
  return g;
}

export function printReport(r: Results, log: (l: string) => void) {
  log('');
  log(`Machine: ${r.machine.cpu}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.postgres}, Redis ${r.machine.redis}`);
  log(`Load average at start ${r.machine.loadAverageAtStart.join(' ')}, at end ${r.loadAverageAtEnd?.join(' ')} (above ~2 on this machine means other work shared the cores).`);
  if (r.seed) {
    log('\nseed:scale');
    table(['scale', 'rows', 's', 'rows/s', 'audit'], r.seed.map((s) => [`${s.scale}×`, s.rows, (s.ms / 1000).toFixed(1), s.rowsPerSecond, s.auditEvents ? 'yes' : 'no']), log);
  }
  if (r.http) {
    const h = r.http;
    log(`\n§1 HTTP reads — app vs two bare Fastify + pg ceilings: the app's SQL replayed, and one hand-written statement building the JSON (${h.pointSeconds ?? '?'} s per point, alternately)`);
    table(
      ['route', 'conns', 'app req/s', 'app p50/p99 ms', 'p50 halves', 'replayed req/s', 'hand-written req/s', 'hand p50/p99 ms', 'app/hand', 'app/replayed'],
      h.rows.map((x) => [
        x.route,
        x.connections,
        x.app.rps,
        `${x.app.p50}/${x.app.p99}`,
        x.app.p50Halves ? `${x.app.p50Halves[0]}→${x.app.p50Halves[1]}` : '—',
        x.baseline.rps,
        x.handWritten ? x.handWritten.rps : '—',
        x.handWritten ? `${x.handWritten.p50}/${x.handWritten.p99}` : '—',
        x.handRatio !== undefined ? `${Math.round(x.handRatio * 100)}%` : '—',
        `${Math.round(x.ratio * 100)}%`,
      ]),
      log,
    );
    if (h.rows.some((x) => x.app.cpuMsPerRequest)) {
      // CPU per answer: what each server and its PostgreSQL backends spend, whatever else shares the cores.
      const cpu = (p: { cpuMsPerRequest?: { server: number; postgres: number; loadGenerator: number } } | undefined) =>
        p?.cpuMsPerRequest ? `${p.cpuMsPerRequest.server}+${p.cpuMsPerRequest.postgres}+${p.cpuMsPerRequest.loadGenerator}` : '—';
      const total = (p: { cpuMsPerRequest?: { server: number; postgres: number; loadGenerator: number } } | undefined) =>
        p?.cpuMsPerRequest ? p.cpuMsPerRequest.server + p.cpuMsPerRequest.postgres + p.cpuMsPerRequest.loadGenerator : NaN;
      log('  CPU ms per answer, server + PostgreSQL + load generator (/proc, measured span); app/hand by CPU = hand total ÷ app total');
      table(
        ['route', 'conns', 'app', 'replayed', 'hand-written', 'app/hand by CPU'],
        h.rows.map((x) => [x.route, x.connections, cpu(x.app), cpu(x.baseline), cpu(x.handWritten), `${Math.round((total(x.handWritten) / total(x.app)) * 100)}%`]),
        log,
      );
    }
    for (const [route, e] of Object.entries(h.equality ?? {})) {
      if (e.sameAsApp) log(`  ${route}: hand-written answer sameAsApp: true (parsed and deep-compared; ${e.appBytes} B from the app, ${e.handBytes} B from PostgreSQL's json text)`);
      else log(`  !!! ${route}: hand-written answer sameAsApp: FALSE, first difference at ${e.difference?.path}: app ${e.difference?.app}, hand-written ${e.difference?.hand} — that ceiling measures other work`);
    }
    if (h.appWarmUp) {
      const w = h.appWarmUp;
      log(`  warm-up of the fresh app, ${w.route} at ${w.connections} connections, req per 1-s window: ${w.windows.join(' ')}${w.steady ? ' (steady)' : ' (not steady at the cap)'}`);
    }
    for (const x of h.rows.filter((row) => row.many)) {
      const m = x.many!;
      const c = m.app.cpuMsPerRequest;
      log(`  ${x.route} @${x.connections} on ${m.processes} API processes (API_PROCESSES): ${m.app.rps} req/s, p50/p99 ${m.app.p50}/${m.app.p99} ms, ${Math.round(m.handRatio * 100)}% of the hand-written ceiling; CPU ms per answer ${c.server}+${c.postgres}+${c.loadGenerator}`);
    }
    const unsteady = (h.warmUps ?? []).filter((w) => !w.steady);
    for (const w of unsteady) log(`  warm-up of ${w.server} on ${w.route} at ${w.connections} connections did not settle within ±10 % in ${w.windows.length} s: ${w.windows.join(' ')}`);
    for (const [route, info] of Object.entries(h.responses)) log(`  ${route}: ${info.bytes} bytes from the app, ${info.statements} SQL statements per request`);
    const wire = r.web?.apiBytes.find((x) => x.route.includes('/public/plans/'));
    log(
      wire
        ? `  bytes on the wire (§6, demo data): public plan ${wire.identity} B identity, ${wire.gzip} B gzip, ${wire.br} B br`
        : '  bytes on the wire with compression: see §6 Web (API JSON identity/gzip/br), not run here',
    );
    for (const s of h.skipped) log(`  skipped: ${s}`);
  }
  if (r.ballots?.length) {
    const b0 = r.ballots[0];
    log(`\n§2 Ballots — ${b0.clients} clients in ${b0.rounds} open rounds, measured for ${b0.durationS} s after a steady warm-up`);
    table(
      ['API processes', 'ballots', 'ballots/s', 'p50 ms', 'p99 ms', 'refused', 'one row/membership', 'stored ≠ acked', 'counted ≠ expected', 'chains valid'],
      r.ballots.map((b) => [b.processes, b.ballots, b.ballotsPerSecond, b.p50, b.p99, JSON.stringify(b.refused), b.check.rowsPerMembership, b.check.storedChoiceMismatches, b.check.countedBallotMismatches, `${b.check.auditChainsValid}/${b.rounds}`]),
      log,
    );
    for (const b of r.ballots) {
      log(`  warm-up, ${b.processes} process(es): ballots per second ${b.warmUp.curve.join(' → ')}${b.warmUp.steady ? ' (steady)' : ' (not steady yet: figure may be low)'}`);
      const c = b.cpuMsPerBallot;
      log(`  CPU per ballot, ${b.processes} process(es): API ${c.api} ms, PostgreSQL ${c.postgres} ms, load generator ${c.loadGenerator} ms — at most ${Math.round((cpus().length * 1000) / (c.api + c.postgres + c.loadGenerator))}/s on ${cpus().length} free cores`);
      if (b.check.roundsNotClosed) log(`  ${b.check.roundsNotClosed} rounds were not closed by the close job within 60 s of their deadline: not checked, counted as a failure.`);
      if (b.check.uncertainVoters) log(`  ${b.check.uncertainVoters} clients had a request without answer: their seats were left out of the check.`);
    }
  }
  if (r.reminders) {
    log('\n§3 Reminders');
    table(['backend', 'relay rows', 'relay ms', 'jobs/s'], r.reminders.relay.map((x) => [x.backend, x.rows, x.ms, x.jobsPerSecond]), log);
    table(
      ['backend', 'reminders due together', 'lateness p50 ms', 'p99 ms', 'max ms'],
      r.reminders.lateness.map((x) => [x.backend, x.reminders, x.latenessMs.p50, x.latenessMs.p99, x.latenessMs.max]),
      log,
    );
  }
  if (r.scale) {
    log('\n§4 Scale — /dashboard/national and the full milestones CSV export');
    table(
      ['scale', 'milestones', 'dashboard p50/p99 ms', 'export s', 'CSV rows', 'rows/s', 'CSV MiB', 'RSS before MiB', 'peak MiB', 'growth MiB'],
      r.scale.map((p) => [
        `${p.scale}×`,
        p.milestones,
        'p50' in p.dashboard ? `${p.dashboard.p50}/${p.dashboard.p99}` : `— (${p.dashboard.status})`,
        'ms' in p.export ? (p.export.ms / 1000).toFixed(1) : `— (${p.export.status})`,
        'rows' in p.export ? `${p.export.rows}${p.export.complete ? '' : ' (cut)'}` : '—',
        'rowsPerSecond' in p.export ? p.export.rowsPerSecond : '—',
        'mib' in p.export ? p.export.mib : '—',
        'rssBeforeMiB' in p.export ? p.export.rssBeforeMiB : '—',
        'peakRssMiB' in p.export ? p.export.peakRssMiB : '—',
        'growthMiB' in p.export ? p.export.growthMiB : '—',
      ]),
      log,
    );
  }
  if (r.startup) {
    log('\n§5 Start-up — node dist/src/start.js, embedded PGlite, to /health/ready');
    table(['cold s', 'warm s', 'idle RSS MiB'], [[(r.startup.coldMs / 1000).toFixed(1), (r.startup.warmMs / 1000).toFixed(1), r.startup.idleRssMiB]], log);
  }
  if (r.web) {
    const w = r.web;
    log('\n§6 Web app');
    log(`  first page: ${w.firstPageKiB.total} kB gzipped (JS ${w.firstPageKiB.js} + CSS ${w.firstPageKiB.css}, ${w.firstPageKiB.files} files)`);
    log(`  portal at 400 ms RTT, 50 kB/s: first visit ${(w.slowLink.firstVisitMs / 1000).toFixed(2)} s (${Math.round(w.slowLink.firstVisitBytes / 1024)} kB), repeat ${(w.slowLink.repeatVisitMs / 1000).toFixed(2)} s (${Math.round(w.slowLink.repeatVisitBytes / 1024)} kB)`);
    table(['API JSON', 'identity B', 'gzip B', 'br B'], w.apiBytes.map((x) => [x.route.replace(/[0-9a-f-]{36}/, ':id'), x.identity, x.gzip, x.br]), log);
    log(`  npm start to ready (embedded default, unchanged checkout): first ${(w.npmStart.firstMs / 1000).toFixed(1)} s, restart ${(w.npmStart.restartMs / 1000).toFixed(1)} s`);
  }
  r.goals = goals(r);
  if (r.goals.length) {
    log('\nGoals');
    table(['', 'goal', 'measured'], r.goals.map((x) => [x.met === null ? '?' : x.met ? 'met' : 'MISSED', x.goal, x.measured]), log);
  }
  for (const n of r.notes) log(`Note: ${n}`);
  log(`\nTotal ${r.totalSeconds} s.`);
}
