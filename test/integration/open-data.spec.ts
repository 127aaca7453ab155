import { seedDemo } from '../../src/seeds/demo';
import { COMMITMENT_COLUMNS, MILESTONE_COLUMNS, OpenDataColumn } from '../../src/transparency/open-data.columns';
import { OPEN_DATA_BATCH, OpenDataService } from '../../src/transparency/open-data.service';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
type Json = Record<string, any>;

/** RFC 4180: quoted fields may hold commas, CRLF and doubled quotes; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"' && field === '') { quoted = true; i++; continue; }
    if (ch === ',') { record.push(field); field = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { record.push(field); records.push(record); record = []; field = ''; i += 2; continue; }
    if (ch === '\n' || ch === '\r' || ch === '"') throw new Error(`bare ${JSON.stringify(ch)} outside quotes at ${i}`);
    field += ch; i++;
  }
  if (field !== '' || record.length) throw new Error('last record does not end with CRLF');
  return records;
}

/** A JSON record as it must read in CSV: lists joined by " | ", null empty, formula starts escaped. */
function asCsvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join(' | ') : String(value);
  return typeof value === 'string' || Array.isArray(value) ? (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text) : text;
}

describe('open data (/open-data/*.csv|.json)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
    await seedDemo(t.db);
  });
  afterAll(() => t.close());

  async function both(name: string, query: Record<string, string> = {}) {
    const csv = await t.http().get(`${API}/open-data/${name}.csv`).query(query);
    const json = await t.http().get(`${API}/open-data/${name}.json`).query(query);
    expect(csv.status).toBe(200);
    expect(json.status).toBe(200);
    return { csv, json, rows: parseCsv(csv.text), records: json.body as Json[] };
  }

  function expectSameRecords(columns: readonly OpenDataColumn[], rows: string[][], records: Json[]) {
    expect(rows[0]).toEqual(columns.map((c) => c.name));
    expect(rows.length - 1).toBe(records.length);
    records.forEach((r, i) => {
      expect(Object.keys(r)).toEqual(columns.map((c) => c.name));
      expect(rows[i + 1]).toEqual(columns.map((c) => asCsvText(r[c.name])));
    });
  }

  it('exports commitments of published plans as CSV and JSON that parse back to the same records', async () => {
    const { csv, json, rows, records } = await both('commitments');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="compromisos.csv"');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expectSameRecords(COMMITMENT_COLUMNS, rows, records);

    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM commitments c JOIN action_plans p ON p.id = c.plan_id WHERE p.stage IN ('adoption', 'implementation', 'evaluation', 'closed')`);
    expect(records).toHaveLength(n);
    expect(records.map((r) => r.title)).not.toContain('Plataforma de contrataciones públicas en tiempo real');
    const campeche = records.find((r) => r.title === 'Inscripciones escolares en línea para educación básica')!;
    expect(campeche).toMatchObject({
      state_code: '04', state_name: 'Campeche', status: 'completed', completion: 'complete', verified_progress: 100, milestones: 3, milestones_approved: 3,
      lead_agency: 'Secretaría de Educación del Estado de Campeche', co_responsible_organizations: ['Asociación Estatal de Padres de Familia de Campeche'], sdgs: [4, 16],
    });
    expect(campeche.start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(new Date(campeche.updated_at).toISOString()).toBe(campeche.updated_at);
    const durango = records.find((r) => r.title.includes('ladrilleras'))!;
    expect(durango).toMatchObject({ verified_progress: 50, self_reported_progress: 80, completion: 'substantial', milestones_overdue: 1 });
  });

  it('exports milestones with overdue flags and public evidence only', async () => {
    const { rows, records } = await both('milestones');
    expectSameRecords(MILESTONE_COLUMNS, rows, records);
    const text = JSON.stringify(records);
    expect(text).toContain('http://148.226.12.43/preparate/');
    const privateUrls: { url: string }[] = await t.db.query('SELECT url FROM evidence WHERE NOT public');
    for (const e of privateUrls) expect(text).not.toContain(e.url);
    const overdue = await both('milestones', { status: 'overdue' });
    expect(overdue.records.length).toBeGreaterThan(0);
    expect(overdue.records.every((r) => r.overdue === true && r.status !== 'approved')).toBe(true);
    const approved = await both('milestones', { status: 'approved', state: 'DGO' });
    expect(approved.records.map((r) => r.position)).toEqual([1, 2]);
  });

  it('filters by state (code or abbreviation), plan and status', async () => {
    const oax = await both('commitments', { state: 'OAX' });
    expect(oax.records.length).toBeGreaterThan(0);
    expect(oax.records.every((r) => r.state_code === '20')).toBe(true);
    expect((await both('commitments', { state: '20' })).records).toEqual(oax.records);
    const planId = oax.records[0].plan_id;
    const byPlan = await both('milestones', { plan: planId });
    expect(byPlan.records.length).toBe(4);
    expect(byPlan.records.every((r) => r.plan_id === planId)).toBe(true);
    const completed = await both('commitments', { status: 'completed' });
    expect(completed.records.map((r) => r.title)).toEqual(['Inscripciones escolares en línea para educación básica']);
    // An unpublished plan filters to nothing.
    const [chihuahua] = await t.db.query(`SELECT p.id FROM action_plans p JOIN secretariats s ON s.id = p.secretariat_id WHERE s.state_code = '08'`);
    expect((await both('commitments', { plan: chihuahua.id })).rows).toEqual([COMMITMENT_COLUMNS.map((c) => c.name)]);
    expect((await both('commitments', { plan: chihuahua.id })).records).toEqual([]);

    for (const query of [{ state: 'Oaxaca de Juárez' }, { plan: 'x' }, { status: 'overdue' }, { bom: 'maybe' }]) {
      const res = await t.http().get(`${API}/open-data/commitments.csv`).query(query);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it('quotes per RFC 4180 and escapes cells that a spreadsheet would run as formulas', async () => {
    const [c] = await t.db.query(`SELECT c.id, c.lead_agency_id FROM commitments c WHERE c.title LIKE '%REGINA%'`);
    const title = '=HYPERLINK("http://evil.example","Ver")';
    const description = 'Línea 1, con coma\r\nLínea 2 con "comillas"';
    await t.db.query(`UPDATE commitments SET title = $2, description = $3, public_problem = '-2+3', ogp_values = ARRAY['@SUM(A1)'] WHERE id = $1`, [c.id, title, description]);
    await t.db.query(`UPDATE organizations SET name = '+52 Secretaría' WHERE id = $1`, [c.lead_agency_id]);
    const { csv, rows, records } = await both('commitments', { state: 'JAL' });
    expectSameRecords(COMMITMENT_COLUMNS, rows, records);
    const row = Object.fromEntries(COMMITMENT_COLUMNS.map((col, i) => [col.name, rows[1][i]]));
    expect(row.title).toBe(`'${title}`);
    expect(row.public_problem).toBe("'-2+3");
    expect(row.lead_agency).toBe("'+52 Secretaría");
    expect(row.ogp_values).toBe("'@SUM(A1)");
    expect(row.description).toBe(description);
    expect(csv.text).toContain('"\'=HYPERLINK(""http://evil.example"",""Ver"")"');
    // JSON carries the original text.
    expect(records[0]).toMatchObject({ title, description, public_problem: '-2+3', lead_agency: '+52 Secretaría', ogp_values: ['@SUM(A1)'] });
    // Numbers are never prefixed.
    expect(row.verified_progress).toMatch(/^\d+$/);
  });

  it('offers a byte order mark for spreadsheet programs', async () => {
    const res = await t.http().get(`${API}/open-data/commitments.csv`).query({ bom: 'true', state: 'ZAC' });
    expect(res.text.startsWith('\uFEFFcommitment_id,')).toBe(true);
  });

  /** The export order and filters as one plain SQL query over the whole dataset. */
  async function expectedIds(kind: 'commitments' | 'milestones', q: { state?: string; plan?: string; status?: string } = {}): Promise<string[]> {
    const params: unknown[] = [['adoption', 'implementation', 'evaluation', 'closed']];
    const where = ['p.stage = ANY($1)'];
    if (q.state) { const i = params.push(q.state.toUpperCase()); where.push(`(st.code = $${i} OR upper(st.abbreviation) = $${i})`); }
    if (q.plan) where.push(`p.id = $${params.push(q.plan)}`);
    if (kind === 'commitments' && q.status) where.push(`c.status = $${params.push(q.status)}`);
    if (kind === 'milestones' && q.status === 'overdue') where.push(`m.status <> 'approved' AND m.due_at < now()`);
    else if (kind === 'milestones' && q.status) where.push(`m.status = $${params.push(q.status)}`);
    const rows: { id: string }[] = await t.db.query(
      `SELECT ${kind === 'milestones' ? 'm.id' : 'c.id'}
         FROM commitments c ${kind === 'milestones' ? 'JOIN milestones m ON m.commitment_id = c.id' : ''}
         JOIN action_plans p ON p.id = c.plan_id JOIN secretariats s ON s.id = c.secretariat_id JOIN states st ON st.code = s.state_code
        WHERE ${where.join(' AND ')}
        ORDER BY st.code, p.period_start, p.id, c.seq, ${kind === 'milestones' ? 'm.position, m.id' : 'c.id'}`,
      params,
    );
    return rows.map((r) => r.id);
  }

  it('gives the same records, in the same order, however small the batches (plans, commitments and milestones split across batches)', async () => {
    // More plans in Oaxaca, all before the demo's: two starting the same year (ordered by id),
    // an empty one and a draft (never exported); commitments and milestones inserted out of order.
    const [oax] = await t.db.query(`SELECT p.id, p.secretariat_id, p.created_by_id FROM action_plans p JOIN secretariats s ON s.id = p.secretariat_id WHERE s.state_code = '20'`);
    const [org] = await t.db.query(`SELECT id FROM organizations LIMIT 1`);
    const plans: { id: string; stage: string; commitments: number }[] = [];
    for (const [period, stage, commitments] of [[2016, 'closed', 7], [2017, 'evaluation', 3], [2017, 'implementation', 5], [2018, 'implementation', 0], [2019, 'draft', 4]] as const) {
      const [p] = await t.db.query(
        `INSERT INTO action_plans (secretariat_id, title, period_start, period_end, stage, created_by_id) VALUES ($1, $2, $3, $3 + 2, $4, $5) RETURNING id`,
        [oax.secretariat_id, `Plan ${period} (${stage})`, period, stage, oax.created_by_id],
      );
      plans.push({ id: p.id, stage, commitments });
      await t.db.query(
        `INSERT INTO commitments (plan_id, secretariat_id, code, seq, title, start_date, end_date, status)
         SELECT $1, $2, 'OAX-' || $3 || '-' || g, g, 'Compromiso ' || g, '2016-01-01', '2018-12-31', (ARRAY['not_started', 'in_progress', 'completed'])[1 + g % 3]
           FROM generate_series($4::int, 1, -1) g`,
        [p.id, oax.secretariat_id, period, commitments],
      );
    }
    // 0 to 4 milestones per commitment, in every status, some overdue.
    await t.db.query(
      `INSERT INTO milestones (commitment_id, secretariat_id, position, title, responsible_organization_id, start_date, due_date, due_at, weight, status)
       SELECT c.id, c.secretariat_id, g, 'Hito ' || g, $2, '2016-01-01', '2017-01-01', now() + (g % 3 - 1) * interval '30 days', 25,
              (ARRAY['pending', 'in_progress', 'submitted', 'approved', 'returned'])[1 + (c.seq + g) % 5]
         FROM commitments c CROSS JOIN generate_series(c.seq % 5, 1, -1) g WHERE c.plan_id = ANY($1)`,
      [plans.map((p) => p.id), org.id],
    );

    const service = t.app.get(OpenDataService);
    async function read(kind: 'commitments' | 'milestones', q: Json, size: number) {
      const batches: Json[][] = [];
      for await (const batch of await service[kind](q, size)) batches.push(batch);
      return batches;
    }
    const cases: ['commitments' | 'milestones', Json][] = [
      ['commitments', {}], ['commitments', { state: 'OAX' }], ['commitments', { state: '20', status: 'in_progress' }],
      ['commitments', { plan: plans[2].id }], ['commitments', { plan: plans[3].id }], ['commitments', { plan: plans[4].id }],
      ['milestones', {}], ['milestones', { state: 'oax' }], ['milestones', { status: 'overdue' }], ['milestones', { state: '20', status: 'approved' }],
      ['milestones', { plan: plans[0].id }], ['milestones', { plan: plans[1].id, status: 'returned' }],
    ];
    for (const [kind, q] of cases) {
      const ids = await expectedIds(kind, q);
      const whole = (await read(kind, q, 100_000)).flat();
      expect(whole.map((r) => r[kind === 'milestones' ? 'milestone_id' : 'commitment_id'])).toEqual(ids);
      for (const size of [1, 2, 3, 7]) {
        const batches = await read(kind, q, size);
        expect(batches.flat()).toEqual(whole);
        if (kind === 'commitments') expect(batches.every((b) => b.length > 0 && b.length <= size)).toBe(true);
      }
    }
    // Oaxaca's plans by first year, then id; the empty plan and the draft are absent.
    const oaxPlans = [...new Set((await read('commitments', { state: 'OAX' }, 2)).flat().map((r) => r.plan_id))];
    expect(oaxPlans).toEqual([plans[0].id, ...[plans[1].id, plans[2].id].sort(), oax.id]);
  });

  it(`streams exports larger than one batch (${OPEN_DATA_BATCH.commitments} commitments, the milestones of ${OPEN_DATA_BATCH.milestones}) without losing or repeating a row`, async () => {
    const [plan] = await t.db.query(`SELECT p.id, p.secretariat_id FROM action_plans p JOIN secretariats s ON s.id = p.secretariat_id WHERE s.state_code = '32'`);
    const extra = OPEN_DATA_BATCH.commitments * 2 + 17;
    await t.db.query(
      `INSERT INTO commitments (plan_id, secretariat_id, code, seq, title, start_date, end_date)
       SELECT $1, $2, 'ZAC-X-' || g, 100 + g, 'Compromiso masivo ' || g, '2025-01-01', '2026-12-31' FROM generate_series(1, $3) g`,
      [plan.id, plan.secretariat_id, extra],
    );
    // Two milestones for every other new commitment, inserted out of position order.
    await t.db.query(
      `INSERT INTO milestones (commitment_id, secretariat_id, position, title, responsible_organization_id, start_date, due_date, due_at, weight)
       SELECT c.id, c.secretariat_id, g, 'Hito masivo ' || g, (SELECT id FROM organizations LIMIT 1), '2025-01-01', '2026-12-31', '2027-01-01T06:00:00Z', 50
         FROM commitments c CROSS JOIN generate_series(2, 1, -1) g WHERE c.code LIKE 'ZAC-X-%' AND c.seq % 2 = 0`,
    );
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM commitments c JOIN action_plans p ON p.id = c.plan_id WHERE p.stage IN ('adoption', 'implementation', 'evaluation', 'closed')`);
    const { rows, records } = await both('commitments');
    expect(records).toHaveLength(n);
    expect(rows).toHaveLength(n + 1);
    expect(new Set(records.map((r) => r.commitment_id)).size).toBe(n);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(n);
    // Ordered by state, then plan, then position in the plan.
    const zac = records.filter((r) => r.state_code === '32').map((r) => r.code);
    expect(zac[0]).toMatch(/^ZAC-\d{4}-01$/);
    expect(zac[zac.length - 1]).toBe(`ZAC-X-${extra}`);
    expect(records.map((r) => r.commitment_id)).toEqual(await expectedIds('commitments'));

    const milestones = await both('milestones');
    expectSameRecords(MILESTONE_COLUMNS, milestones.rows, milestones.records);
    const ids = await expectedIds('milestones');
    // Milestones of more than five batches of commitments.
    expect(new Set(milestones.records.map((r) => r.commitment_id)).size).toBeGreaterThan(OPEN_DATA_BATCH.milestones * 5);
    expect(milestones.records.map((r) => r.milestone_id)).toEqual(ids);
    expect(milestones.records.filter((r) => r.title.startsWith('Hito masivo')).slice(0, 4).map((r) => r.position)).toEqual([1, 2, 1, 2]);
  });
});
