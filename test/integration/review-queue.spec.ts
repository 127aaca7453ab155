import { registerUser, setupImplementation } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';

// GET /secretariats/:id/milestones?status=submitted: the guarantor's review queue across the
// secretariat, oldest submission first, each item with the caller's actions from the access table.
describe('review queue (GET /secretariats/:id/milestones)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists submitted milestones oldest first, offers review only to guarantors of another organization, and pages', async () => {
    const im = await setupImplementation(t, {
      milestones: [{ weight: 40, status: 'submitted', title: 'Reciente' }, { weight: 30, status: 'submitted', title: 'Antiguo' }, { weight: 30, status: 'in_progress', title: 'En curso' }],
    });
    const [recent, old, working] = im.milestoneIds;
    const [ownGuarantor, otherGuarantor] = im.fx.seatsOf('guarantor');
    await t.db.query(`UPDATE milestones SET submitted_at = now() - interval '1 day' WHERE id = $1`, [recent]);
    // The oldest one is the first guarantor's own organization's milestone: it may not review it.
    await t.db.query(`UPDATE milestones SET submitted_at = now() - interval '6 days', responsible_organization_id = $2 WHERE id = $1`, [old, ownGuarantor.organization.id]);
    const url = `${API}/secretariats/${im.fx.secretariatId}/milestones`;

    const own = await t.http().get(url).query({ status: 'submitted' }).set(ownGuarantor.titular.auth);
    expect(own.status).toBe(200);
    expect(own.body.items.map((m: { id: string }) => m.id)).toEqual([old, recent]);
    expect(own.body.items[0]).toMatchObject({ title: 'Antiguo', commitmentCode: expect.stringMatching(/-2025-01$/), commitmentTitle: 'Padrón abierto de beneficiarios', responsibleOrganizationName: ownGuarantor.organization.name, status: 'submitted' });
    expect(own.body.items[0].actions).not.toContain('milestone.review');
    expect(own.body.items[1].actions).toContain('milestone.review');
    expect(own.body.nextCursor).toBeNull();

    const other = await t.http().get(url).query({ status: 'submitted' }).set(otherGuarantor.titular.auth);
    expect(other.body.items.map((m: { actions: string[] }) => m.actions.includes('milestone.review'))).toEqual([true, true]);

    // Any member reads the queue; nobody but guarantor seat holders is offered a review.
    const lead = await t.http().get(url).query({ status: 'submitted' }).set(im.lead.titular.auth);
    expect(lead.body.items.map((m: { actions: string[] }) => m.actions.includes('milestone.review'))).toEqual([false, false]);

    const first = await t.http().get(url).query({ status: 'submitted', limit: 1 }).set(otherGuarantor.titular.auth);
    expect(first.body.items.map((m: { id: string }) => m.id)).toEqual([old]);
    const second = await t.http().get(url).query({ status: 'submitted', limit: 1, cursor: first.body.nextCursor }).set(otherGuarantor.titular.auth);
    expect(second.body.items.map((m: { id: string }) => m.id)).toEqual([recent]);

    const all = await t.http().get(url).set(im.fx.coordinator.auth);
    expect(all.body.items.map((m: { id: string }) => m.id).sort()).toEqual([recent, old, working].sort());

    expect((await t.http().get(url).query({ status: 'waiting' }).set(im.fx.coordinator.auth)).status).toBe(400);
    const stranger = await registerUser(t);
    expect((await t.http().get(url).set(stranger.auth)).status).toBe(404);
    expect((await t.http().get(url)).status).toBe(401);
  });
});
