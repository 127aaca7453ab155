import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACTION_KEY } from '../../src/access/act.decorator';
import { ACCOUNT_ACTIONS, ACTIONS, offeredOn } from '../../src/access/actions';
import { IS_PUBLIC } from '../../src/common/decorators/public.decorator';
import { setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// Every route is either public or declares exactly one action of the access table, and the
// OpenAPI says which (x-action), with the `actions` enums the web app builds its buttons from.
describe('routes and the action table', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const known = new Set<string>([...Object.keys(ACTIONS), ...Object.keys(ACCOUNT_ACTIONS)]);

  it('every route handler is public or maps to exactly one action of the table', () => {
    const routes: { route: string; isPublic: boolean; action: string | undefined }[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const type = wrapper.metatype as (new (...args: unknown[]) => object) | null;
        if (!type) continue;
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          // Descriptors, not property reads: a getter on the controller must not run here.
          const handler = Object.getOwnPropertyDescriptor(type.prototype, name)?.value;
          if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined || name === 'constructor') continue;
          routes.push({
            route: `${type.name}.${name} ${Reflect.getMetadata(PATH_METADATA, handler)}`,
            isPublic: !!(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, type)),
            action: Reflect.getMetadata(ACTION_KEY, handler),
          });
        }
      }
    }
    expect(routes.length).toBeGreaterThan(80);
    const wrong = routes.filter((r) => r.isPublic === !!r.action || (r.action && !known.has(r.action))).map((r) => `${r.route} (public: ${r.isPublic}, action: ${r.action})`);
    expect(wrong).toEqual([]);
    // Every secretariat action of the table is reachable through some route.
    const used = new Set(routes.map((r) => r.action));
    expect(Object.keys(ACTIONS).filter((a) => !used.has(a))).toEqual([]);
  });

  it('documents the action of each authenticated operation, the actions enums and the memberships of GET /me', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const ops = Object.entries(doc.paths as Record<string, Record<string, { security?: unknown[]; 'x-action'?: string }>>).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({ op: `${method.toUpperCase()} ${path}`, action: op['x-action'] })),
    );
    expect(ops.filter((o) => o.action && !known.has(o.action))).toEqual([]);
    expect(ops.find((o) => o.op === 'PUT /api/v1/voting-rounds/{id}/ballot')?.action).toBe('ballot.cast');
    expect(ops.find((o) => o.op === 'POST /api/v1/milestones/{id}/review')?.action).toBe('milestone.review');

    const schemas = doc.components.schemas;
    const details: [string, string, Parameters<typeof offeredOn>[0]][] = [
      ['SecretariatDetailDto', 'SecretariatAction', 'secretariat'], ['PlanDetailDto', 'PlanAction', 'plan'], ['ProposalDetailDto', 'ProposalAction', 'proposal'],
      ['RoundDetailDto', 'VotingRoundAction', 'voting_round'], ['CommitmentDetailDto', 'CommitmentAction', 'commitment'], ['MilestoneDetailDto', 'MilestoneAction', 'milestone'],
      ['EvidenceDto', 'EvidenceAction', 'evidence'], ['IndicatorDto', 'IndicatorAction', 'indicator'], ['ProgressReportDto', 'ProgressReportAction', 'progress_report'],
      ['ModificationRequestDetailDto', 'ModificationRequestAction', 'modification_request'],
    ];
    for (const [dto, enumName, kind] of details) {
      const prop = schemas[dto]?.properties?.actions ?? schemas[dto]?.allOf?.find((x: { properties?: object }) => x.properties)?.properties?.actions;
      expect({ dto, items: prop?.items }).toEqual({ dto, items: { $ref: `#/components/schemas/${enumName}` } });
      expect({ enumName, values: schemas[enumName].enum }).toEqual({ enumName, values: offeredOn(kind) });
    }
    const me = schemas.MeDto.allOf?.find((x: { properties?: object }) => x.properties)?.properties ?? schemas.MeDto.properties;
    expect(me.memberships.items).toEqual({ $ref: '#/components/schemas/MembershipSummaryDto' });
  });

  it('GET /me lists the caller’s memberships with secretariat, sector, seat, role and coordination', async () => {
    const fx = await setupSecretariat(t, { alternates: true });
    const seat = fx.seatsOf('guarantor')[0];
    const me = await t.http().get('/api/v1/me').set(seat.alternate!.auth).expect(200);
    expect(me.body.memberships).toEqual([
      expect.objectContaining({
        membershipId: seat.alternate!.membershipId, secretariatId: fx.secretariatId, secretariatStatus: 'active', stateCode: '20', stateName: 'Oaxaca',
        timeZone: 'America/Mexico_City', sector: 'guarantor', seatId: seat.seatId, organizationId: seat.organization.id,
        organizationName: seat.organization.name, role: 'alternate', isCoordinator: false,
      }),
    ]);
    const coordination = (await t.http().get('/api/v1/me').set(fx.coordinator.auth).expect(200)).body.memberships;
    expect(coordination).toMatchObject([{ secretariatId: fx.secretariatId, role: 'facilitator', seatId: null, isCoordinator: true }]);
    expect((await t.http().get('/api/v1/me').set(fx.admin.auth).expect(200)).body.memberships).toEqual([]);
  });
});
