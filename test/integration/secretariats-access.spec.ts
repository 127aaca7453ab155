import { SecretariatAccessService } from '../../src/secretariats/access.service';
import { addMember, registerUser, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// The authorization service other capabilities build on: visibility (404) and coordination (403).
describe('SecretariatAccessService', () => {
  let t: TestApp;
  let access: SecretariatAccessService;
  beforeAll(async () => {
    t = await createTestApp();
    access = t.app.get(SecretariatAccessService);
  });
  afterAll(() => t.close());

  const asUser = (u: { id: string; email: string }, isPlatformAdmin = false) => ({ id: u.id, email: u.email, name: 'x', isPlatformAdmin });

  it('resolves members, hides the secretariat from outsiders and ended members, and checks coordination', async () => {
    const oax = await setupSecretariat(t, { alternates: true });
    const jal = await setupSecretariat(t, { stateCode: '14', admin: oax.admin });
    const observer = await addMember(t, oax.secretariatId, { role: 'observer' });
    const outsider = await registerUser(t);
    const seat = oax.seatsOf('civil_society')[0];

    const ctx = await access.memberContext(seat.titular.id, oax.secretariatId);
    expect(ctx).toEqual({
      membershipId: seat.titular.membershipId, secretariatId: oax.secretariatId, userId: seat.titular.id, sector: 'civil_society',
      organizationId: seat.organization.id, seatId: seat.seatId, role: 'titular', isCoordinator: false,
    });

    expect((await access.requireCoordinator(asUser(oax.coordinator), oax.secretariatId)).member?.isCoordinator).toBe(true);
    expect(await access.requireCoordinator(asUser(oax.admin, true), oax.secretariatId)).toMatchObject({ member: null });
    await expect(access.requireCoordinator(asUser(observer), oax.secretariatId)).rejects.toMatchObject({ status: 403, code: 'coordinator_required' });
    await expect(access.requireViewer(asUser(outsider), oax.secretariatId)).rejects.toMatchObject({ status: 404 });
    await expect(access.requireCoordinator(asUser(jal.coordinator), oax.secretariatId)).rejects.toMatchObject({ status: 404 });
    await expect(access.requireViewer(asUser(oax.admin, true), '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
    await expect(access.requireViewer(asUser(oax.admin, true), 'no-es-uuid')).rejects.toMatchObject({ status: 404 });

    await t.db.query('UPDATE memberships SET ended_at = now() WHERE id = $1', [observer.membershipId]);
    expect(await access.memberContext(observer.id, oax.secretariatId)).toBeNull();
    await expect(access.requireViewer(asUser(observer), oax.secretariatId)).rejects.toMatchObject({ status: 404 });
  });
});
