import { addMember, LoggedIn, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// Seats (vacate, reassign) and memberships (terms, coordinator flag), with history kept.
const API = '/api/v1';

describe('seats and memberships', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const orgIn = async (sector: string, kind: string, admin: LoggedIn) =>
    (await t.http().post(`${API}/organizations`).set(admin.auth).send({ name: `Org ${sector} ${Math.random()}`, sector, kind, stateCode: '20' }).expect(201)).body.id as string;

  it('a seat takes its organization’s sector and an organization holds one active seat', async () => {
    const s = await setupSecretariat(t, { seats: { government: 1, civil_society: 1, guarantor: 1 } });
    const seats = `${API}/secretariats/${s.secretariatId}/seats`;
    const osc = await orgIn('civil_society', 'osc', s.admin);
    const mismatch = await t.http().post(seats).set(s.coordinator.auth).send({ organizationId: osc, sector: 'government' });
    expect([mismatch.status, mismatch.body.code]).toEqual([422, 'sector_mismatch']);
    const created = await t.http().post(seats).set(s.coordinator.auth).send({ organizationId: osc, sector: 'civil_society' }).expect(201);
    expect(created.body).toMatchObject({ sector: 'civil_society', active: true, titular: null });
    const dup = await t.http().post(seats).set(s.coordinator.auth).send({ organizationId: osc });
    expect([dup.status, dup.body.code]).toEqual([409, 'seat_exists']);
    const unknown = await t.http().post(seats).set(s.coordinator.auth).send({ organizationId: '00000000-0000-4000-8000-000000000000' });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'unknown_organization']);
    // Two coordinators adding the same organization at once: one seat.
    const other = await orgIn('government', 'ayuntamiento', s.admin);
    const both = await Promise.all([t.http().post(seats).set(s.coordinator.auth).send({ organizationId: other }), t.http().post(seats).set(s.admin.auth).send({ organizationId: other })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('vacating ends the holders’ memberships and keeps the seat and memberships as history', async () => {
    const s = await setupSecretariat(t, { alternates: true });
    const seat = s.seatsOf('civil_society')[0];
    const res = await t.http().post(`${API}/secretariats/${s.secretariatId}/seats/${seat.seatId}/vacate`).set(s.coordinator.auth).send({ reason: 'La OSC se retiró' }).expect(200);
    expect(res.body).toMatchObject({ active: false, vacateReason: 'La OSC se retiró', titular: null, alternate: null });

    const again = await t.http().post(`${API}/secretariats/${s.secretariatId}/seats/${seat.seatId}/vacate`).set(s.coordinator.auth).send({ reason: 'x' });
    expect([again.status, again.body.code]).toEqual([409, 'seat_vacated']);
    // The former titular no longer sees the secretariat.
    await t.http().get(`${API}/secretariats/${s.secretariatId}`).set(seat.titular.auth).expect(404);

    const active = await t.http().get(`${API}/secretariats/${s.secretariatId}/seats`).set(s.coordinator.auth).expect(200);
    expect(active.body.map((x: { id: string }) => x.id)).not.toContain(seat.seatId);
    const all = await t.http().get(`${API}/secretariats/${s.secretariatId}/seats?includeVacated=true`).set(s.coordinator.auth).expect(200);
    expect(all.body.find((x: { id: string }) => x.id === seat.seatId)).toMatchObject({ active: false });

    const history = await t.http().get(`${API}/secretariats/${s.secretariatId}/members?includeEnded=true&limit=100`).set(s.coordinator.auth).expect(200);
    const ended = history.body.items.filter((m: { seatId: string }) => m.seatId === seat.seatId);
    expect(ended).toHaveLength(2);
    expect(ended.every((m: { endReason: string; endedAt: string }) => m.endReason === 'seat_vacated' && m.endedAt)).toBe(true);
    const current = await t.http().get(`${API}/secretariats/${s.secretariatId}/members?limit=100`).set(s.coordinator.auth).expect(200);
    expect(current.body.items.some((m: { seatId: string }) => m.seatId === seat.seatId)).toBe(false);

    // The organization may take a seat again later.
    await t.http().post(`${API}/secretariats/${s.secretariatId}/seats`).set(s.coordinator.auth).send({ organizationId: seat.organization.id }).expect(201);
    const [event] = await t.db.query(`SELECT data FROM audit_events WHERE subject_id = $1 AND action = 'seat.vacated'`, [seat.seatId]);
    expect(event.data.endedMembershipIds.sort()).toEqual([seat.titular.membershipId, seat.alternate!.membershipId].sort());
  });

  it('reassigning passes the seat to another organization of the same sector', async () => {
    const s = await setupSecretariat(t);
    const seat = s.seatsOf('government')[0];
    const url = `${API}/secretariats/${s.secretariatId}/seats/${seat.seatId}/reassign`;
    const osc = await orgIn('civil_society', 'osc', s.admin);
    const wrongSector = await t.http().post(url).set(s.coordinator.auth).send({ organizationId: osc, reason: 'x' });
    expect([wrongSector.status, wrongSector.body.code]).toEqual([422, 'sector_mismatch']);
    const same = await t.http().post(url).set(s.coordinator.auth).send({ organizationId: seat.organization.id, reason: 'x' });
    expect([same.status, same.body.code]).toEqual([422, 'same_organization']);
    const legislature = await orgIn('government', 'poder_legislativo', s.admin);
    await t.http().post(`${API}/secretariats/${s.secretariatId}/seats`).set(s.admin.auth).send({ organizationId: legislature }).expect(201);
    const seated = await t.http().post(url).set(s.coordinator.auth).send({ organizationId: legislature, reason: 'x' });
    expect([seated.status, seated.body.code]).toEqual([409, 'seat_exists']);

    const municipio = await orgIn('government', 'ayuntamiento', s.admin);
    const res = await t.http().post(url).set(s.coordinator.auth).send({ organizationId: municipio, reason: 'Rotación anual' }).expect(201);
    expect(res.body).toMatchObject({ sector: 'government', active: true, previousSeatId: seat.seatId, organization: { id: municipio }, titular: null });
    const [old] = await t.db.query('SELECT active, vacate_reason FROM seats WHERE id = $1', [seat.seatId]);
    expect(old).toEqual({ active: false, vacate_reason: 'Rotación anual' });
    const [m] = await t.db.query('SELECT end_reason FROM memberships WHERE id = $1', [seat.titular.membershipId]);
    expect(m.end_reason).toBe('seat_vacated');
  });

  describe('memberships', () => {
    it('end with a reason, once; history stays', async () => {
      const s = await setupSecretariat(t);
      const titular = s.seatsOf('guarantor')[0].titular;
      const url = `${API}/memberships/${titular.membershipId}/end`;
      expect((await t.http().post(url).set(s.coordinator.auth).send({})).status).toBe(400);
      const res = await t.http().post(url).set(s.coordinator.auth).send({ reason: 'Concluyó su periodo' }).expect(200);
      expect(res.body).toMatchObject({ role: 'titular', endReason: 'Concluyó su periodo', email: titular.email });
      const again = await t.http().post(url).set(s.coordinator.auth).send({ reason: 'x' });
      expect([again.status, again.body.code]).toEqual([409, 'membership_ended']);
      // The seat is free for a new titular, who can be invited.
      const seats = await t.http().get(`${API}/secretariats/${s.secretariatId}/seats`).set(s.coordinator.auth).expect(200);
      expect(seats.body.find((x: { id: string }) => x.id === s.seatsOf('guarantor')[0].seatId).titular).toBeNull();
      await t.http().post(`${API}/secretariats/${s.secretariatId}/invitations`).set(s.coordinator.auth)
        .send({ email: 'nueva.titular@ejemplo.mx', role: 'titular', seatId: s.seatsOf('guarantor')[0].seatId }).expect(201);
      const [event] = await t.db.query(`SELECT data FROM audit_events WHERE subject_id = $1 AND action = 'membership.ended'`, [titular.membershipId]);
      expect(event.data).toMatchObject({ role: 'titular', reason: 'Concluyó su periodo' });
    });

    it('the coordinator flag is granted and removed, but the secretariat keeps a coordinator', async () => {
      const s = await setupSecretariat(t);
      const self = await t.http().post(`${API}/memberships/${s.coordinator.membershipId}/end`).set(s.coordinator.auth).send({ reason: 'Me retiro' });
      expect([self.status, self.body.code]).toEqual([422, 'last_coordinator']);
      const unflag = await t.http().patch(`${API}/memberships/${s.coordinator.membershipId}`).set(s.coordinator.auth).send({ isCoordinator: false });
      expect([unflag.status, unflag.body.code]).toEqual([422, 'last_coordinator']);

      const titular = s.seatsOf('civil_society')[0].titular;
      const granted = await t.http().patch(`${API}/memberships/${titular.membershipId}`).set(s.coordinator.auth).send({ isCoordinator: true }).expect(200);
      expect(granted.body).toMatchObject({ isCoordinator: true, role: 'titular' });
      // The new coordinator can act as one at once.
      await t.http().get(`${API}/secretariats/${s.secretariatId}/invitations`).set(titular.auth).expect(200);
      await t.http().post(`${API}/memberships/${s.coordinator.membershipId}/end`).set(s.coordinator.auth).send({ reason: 'Me retiro' }).expect(200);
      await t.http().get(`${API}/secretariats/${s.secretariatId}`).set(s.coordinator.auth).expect(404);

      // A platform admin may leave it without coordination (e.g. to replace it by invitation).
      await t.http().patch(`${API}/memberships/${titular.membershipId}`).set(s.admin.auth).send({ isCoordinator: false }).expect(200);
      const obs = await addMember(t, s.secretariatId);
      const forbidden = await t.http().patch(`${API}/memberships/${obs.membershipId}`).set(titular.auth).send({ isCoordinator: true });
      expect([forbidden.status, forbidden.body.code]).toEqual([403, 'coordinator_required']);
      const actions = (await t.db.query(`SELECT action FROM audit_events WHERE secretariat_id = $1 ORDER BY seq`, [s.secretariatId])).map((r: { action: string }) => r.action);
      expect(actions).toEqual(['membership.coordinator_granted', 'membership.ended', 'membership.coordinator_removed']);
    });
  });
});
