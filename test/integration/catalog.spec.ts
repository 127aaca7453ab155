import { registerUser, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// States and organizations (DESIGN §3).
const API = '/api/v1';

describe('catalog', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists the 32 states with INEGI code, abbreviation and their own time zone, without login', async () => {
    const res = await t.http().get(`${API}/states`).expect(200);
    expect(res.body).toHaveLength(32);
    expect(res.body.map((s: { code: string }) => s.code)).toEqual(Array.from({ length: 32 }, (_, i) => String(i + 1).padStart(2, '0')));
    const byAbbr = Object.fromEntries(res.body.map((s: { abbreviation: string }) => [s.abbreviation, s]));
    expect(Object.keys(byAbbr)).toHaveLength(32);
    expect(byAbbr.OAX).toEqual({ code: '20', name: 'Oaxaca', abbreviation: 'OAX', timeZone: 'America/Mexico_City' });
    expect(byAbbr.JAL).toMatchObject({ code: '14', name: 'Jalisco' });
    expect(byAbbr.CDMX).toMatchObject({ code: '09', name: 'Ciudad de México' });
    const zones = Object.fromEntries(res.body.map((s: { abbreviation: string; timeZone: string }) => [s.abbreviation, s.timeZone]));
    expect(zones).toMatchObject({
      BC: 'America/Tijuana', BCS: 'America/Mazatlan', SIN: 'America/Mazatlan', NAY: 'America/Mazatlan', SON: 'America/Hermosillo',
      CHIH: 'America/Chihuahua', COAH: 'America/Monterrey', NL: 'America/Monterrey', DGO: 'America/Monterrey', TAMPS: 'America/Matamoros',
      CAMP: 'America/Merida', YUC: 'America/Merida', QROO: 'America/Cancun', CDMX: 'America/Mexico_City',
    });
    // Every zone is one the runtime knows (due dates are computed in it).
    for (const zone of new Set(Object.values(zones) as string[])) expect(() => new Intl.DateTimeFormat('es-MX', { timeZone: zone })).not.toThrow();
  });

  describe('organizations', () => {
    it('are created with a kind that fits their sector, and not twice', async () => {
      const admin = await registerUser(t, { admin: true });
      const create = (body: object) => t.http().post(`${API}/organizations`).set(admin.auth).send(body);
      const ok = await create({ name: '  Instituto de Transparencia de Jalisco ', sector: 'guarantor', kind: 'organismo_garante', stateCode: '14' }).expect(201);
      expect(ok.body).toMatchObject({ name: 'Instituto de Transparencia de Jalisco', sector: 'guarantor', kind: 'organismo_garante', stateCode: '14' });

      const mismatch = await create({ name: 'OSC gobierno', sector: 'government', kind: 'osc', stateCode: '14' });
      expect([mismatch.status, mismatch.body.code]).toEqual([422, 'kind_sector_mismatch']);
      expect(mismatch.body.detail).toContain('dependencia');
      expect((await create({ name: 'Garante B', sector: 'guarantor', kind: 'academia', stateCode: '14' })).status).toBe(422);
      const dup = await create({ name: 'INSTITUTO DE TRANSPARENCIA DE JALISCO', sector: 'guarantor', kind: 'organismo_garante', stateCode: '14' });
      expect([dup.status, dup.body.code]).toEqual([409, 'organization_exists']);

      const invalid = await create({ name: '', sector: 'gobierno', kind: 'otro', stateCode: '33', isPlatformAdmin: true });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['isPlatformAdmin', 'name', 'sector', 'stateCode']);

      const edited = await t.http().patch(`${API}/organizations/${ok.body.id}`).set(admin.auth).send({ name: 'ITEI Jalisco' }).expect(200);
      expect(edited.body.name).toBe('ITEI Jalisco');
      const badKind = await t.http().patch(`${API}/organizations/${ok.body.id}`).set(admin.auth).send({ kind: 'osc' });
      expect([badKind.status, badKind.body.code]).toEqual([422, 'kind_sector_mismatch']);
      const events = await t.db.query(`SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY seq`, [ok.body.id]);
      expect(events.map((e: { action: string }) => e.action)).toEqual(['organization.created', 'organization.updated']);
    });

    it('are searched by name (case and accents ignored), filtered by sector and state, and paginated', async () => {
      const admin = await registerUser(t, { admin: true });
      const names = [
        ['Secretaría de Administración', 'government', 'dependencia', '31'],
        ['Colectivo Ciudadano de Mérida', 'civil_society', 'osc', '31'],
        ['Universidad Autónoma de Yucatán', 'civil_society', 'academia', '31'],
        ['Instituto Estatal de Transparencia de Yucatán', 'guarantor', 'organismo_garante', '31'],
        ['Colectivo Ciudadano de Zacatecas', 'civil_society', 'osc', '32'],
      ];
      for (const [name, sector, kind, stateCode] of names) {
        await t.http().post(`${API}/organizations`).set(admin.auth).send({ name, sector, kind, stateCode }).expect(201);
      }
      const search = async (query: string) => (await t.http().get(`${API}/organizations?${query}`).expect(200)).body;
      expect((await search('q=merida')).items.map((o: { name: string }) => o.name)).toEqual(['Colectivo Ciudadano de Mérida']);
      expect((await search('q=YUCATAN&state=31')).items).toHaveLength(2);
      expect((await search('q=colectivo&sector=civil_society')).items).toHaveLength(2);
      expect((await search('q=colectivo&state=32')).items.map((o: { stateCode: string }) => o.stateCode)).toEqual(['32']);
      expect((await search('q=100%25')).items).toHaveLength(0);

      const first = await search('state=31&limit=3');
      expect(first.items).toHaveLength(3);
      const second = await search(`state=31&limit=3&cursor=${first.nextCursor}`);
      expect(second.items).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
      expect(new Set([...first.items, ...second.items].map((o: { id: string }) => o.id)).size).toBe(4);

      expect((await t.http().get(`${API}/organizations?sector=otro`)).status).toBe(400);
      expect((await t.http().get(`${API}/organizations?state=99`)).status).toBe(400);
      expect((await t.http().get(`${API}/organizations?limit=500`)).status).toBe(400);
    });

    it('may be created by coordinators only in the states of the secretariats they coordinate', async () => {
      const oax = await setupSecretariat(t);
      const body = (stateCode: string) => ({ name: `OSC ${stateCode} ${Date.now()}`, sector: 'civil_society', kind: 'osc', stateCode });
      await t.http().post(`${API}/organizations`).set(oax.coordinator.auth).send(body('20')).expect(201);
      const other = await t.http().post(`${API}/organizations`).set(oax.coordinator.auth).send(body('14'));
      expect([other.status, other.body.code]).toEqual([403, 'organization_create_forbidden']);
      // Once the secretariat is dissolved, its coordinators no longer may.
      await t.db.query(`UPDATE secretariats SET status = 'dissolved' WHERE id = $1`, [oax.secretariatId]);
      expect((await t.http().post(`${API}/organizations`).set(oax.coordinator.auth).send(body('20'))).status).toBe(403);
    });

    it('may be edited by coordinators only while the organization holds an active seat there', async () => {
      const oax = await setupSecretariat(t, { stateCode: '20', municipality: 'Juchitán de Zaragoza' });
      const seat = oax.seatsOf('civil_society')[0];
      const rename = (name: string) => t.http().patch(`${API}/organizations/${seat.organization.id}`).set(oax.coordinator.auth).send({ name });
      await rename('OSC renombrada').expect(200);
      await t.http().post(`${API}/secretariats/${oax.secretariatId}/seats/${seat.seatId}/vacate`).set(oax.coordinator.auth).send({ reason: 'Se retiró' }).expect(200);
      const res = await rename('Otra vez');
      expect([res.status, res.body.code]).toEqual([403, 'organization_edit_forbidden']);
      await t.http().get(`${API}/organizations/${seat.organization.id}`).expect(200);
    });
  });
});
