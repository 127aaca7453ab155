import { seedDemo } from '../../src/database/seeds/demo';
import { COMMITMENT_COLUMNS, MILESTONE_COLUMNS, OpenDataColumn } from '../../src/transparency/open-data.columns';
import { OPEN_DATA_BATCH } from '../../src/transparency/open-data.service';
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

  it(`streams exports larger than one batch (${OPEN_DATA_BATCH} rows) without losing or repeating a row`, async () => {
    const [plan] = await t.db.query(`SELECT p.id, p.secretariat_id FROM action_plans p JOIN secretariats s ON s.id = p.secretariat_id WHERE s.state_code = '32'`);
    const extra = OPEN_DATA_BATCH * 2 + 17;
    await t.db.query(
      `INSERT INTO commitments (plan_id, secretariat_id, code, seq, title, start_date, end_date)
       SELECT $1, $2, 'ZAC-X-' || g, 100 + g, 'Compromiso masivo ' || g, '2025-01-01', '2026-12-31' FROM generate_series(1, $3) g`,
      [plan.id, plan.secretariat_id, extra],
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
  });
});
