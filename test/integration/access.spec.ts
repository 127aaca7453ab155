import { AccessService } from '../../src/access/access.service';
import { addMember, registerUser, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// The access kernel every capability uses: visibility (404), who (403), status and state (409).
describe('AccessService', () => {
  let t: TestApp;
  let access: AccessService;
  beforeAll(async () => {
    t = await createTestApp();
    access = t.app.get(AccessService);
  });
  afterAll(() => t.close());

  const asUser = (u: { id: string; email: string }, isPlatformAdmin = false) => ({ id: u.id, email: u.email, name: 'x', isPlatformAdmin });

  it('resolves members, hides the secretariat from outsiders and ended members, and checks coordination', async () => {
    const oax = await setupSecretariat(t, { alternates: true });
    const jal = await setupSecretariat(t, { stateCode: '14', admin: oax.admin });
    const observer = await addMember(t, oax.secretariatId, { role: 'observer' });
    const outsider = await registerUser(t);
    const seat = oax.seatsOf('civil_society')[0];

    expect(await access.memberContext(seat.titular.id, oax.secretariatId)).toEqual({
      membershipId: seat.titular.membershipId, secretariatId: oax.secretariatId, userId: seat.titular.id, sector: 'civil_society',
      organizationId: seat.organization.id, seatId: seat.seatId, role: 'titular', isCoordinator: false,
    });
    const read = await access.require(asUser(seat.titular), 'secretariat.read', oax.secretariatId);
    expect(read.ctx).toMatchObject({ secretariatId: oax.secretariatId, status: 'active', timeZone: 'America/Mexico_City', stateAbbreviation: 'OAX' });
    expect(read.ctx.rules.decisionRule).toBe('tripartite_consensus');
    expect(access.actions('secretariat', read)).toEqual([]);

    expect((await access.require(asUser(oax.coordinator), 'seat.create', oax.secretariatId)).ctx.viewer.member?.isCoordinator).toBe(true);
    expect((await access.require(asUser(oax.admin, true), 'seat.create', oax.secretariatId)).ctx.viewer).toMatchObject({ member: null });
    await expect(access.require(asUser(observer), 'seat.create', oax.secretariatId)).rejects.toMatchObject({ status: 403, code: 'coordinator_required' });
    await expect(access.require(asUser(outsider), 'secretariat.read', oax.secretariatId)).rejects.toMatchObject({ status: 404 });
    await expect(access.require(asUser(jal.coordinator), 'seat.create', oax.secretariatId)).rejects.toMatchObject({ status: 404 });
    await expect(access.require(asUser(oax.admin, true), 'secretariat.read', '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
    await expect(access.require(asUser(oax.admin, true), 'secretariat.read', 'no-es-uuid')).rejects.toMatchObject({ status: 404 });

    await t.db.query('UPDATE memberships SET ended_at = now() WHERE id = $1', [observer.membershipId]);
    expect(await access.memberContext(observer.id, oax.secretariatId)).toBeNull();
    await expect(access.require(asUser(observer), 'secretariat.read', oax.secretariatId)).rejects.toMatchObject({ status: 404 });
  });

  it('applies the one status rule: suspended stops co-creation, dissolved stops every change', async () => {
    const oax = await setupSecretariat(t, { stateCode: '20', municipality: 'Tlacolula de Matamoros' });
    const coordinator = asUser(oax.coordinator);
    const offered = async () => access.actions('secretariat', await access.require(coordinator, 'secretariat.read', oax.secretariatId));
    expect(await offered()).toEqual(expect.arrayContaining(['secretariat.update', 'seat.create', 'plan.create', 'round.open']));

    await t.db.query(`UPDATE secretariats SET status = 'suspended' WHERE id = $1`, [oax.secretariatId]);
    await expect(access.require(coordinator, 'plan.create', oax.secretariatId)).rejects.toMatchObject({ status: 409, code: 'secretariat_suspended' });
    await access.require(coordinator, 'seat.create', oax.secretariatId);
    expect(await offered()).not.toContain('plan.create');
    expect(await offered()).toContain('invitation.create');

    await t.db.query(`UPDATE secretariats SET status = 'dissolved' WHERE id = $1`, [oax.secretariatId]);
    await expect(access.require(coordinator, 'seat.create', oax.secretariatId)).rejects.toMatchObject({ status: 409, code: 'secretariat_dissolved' });
    expect(await offered()).toEqual(['secretariat.transition']);
  });
});
