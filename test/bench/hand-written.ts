/**
 * The hand-written ceiling of §1 (issue 17, "ceilings that tell the truth"): for each HTTP
 * read the bench measures, ONE statement, written by hand, that builds the app's complete
 * JSON answer inside PostgreSQL (json_build_object / json_agg, `::text`), so the server only
 * has to send that text. The replayed-SQL baseline runs the app's own statements and cannot
 * see that the statements themselves are part of the cost; this one can.
 *
 * Same answer, not a similar one: `sameAsApp` in §1 and test/integration/bench-ceiling.spec.ts
 * parse both answers and deep-compare them (key order follows the app's DTOs too). When the
 * app's answer changes, these statements must change with it.
 *
 * Conventions that make the JSON equal to what the app's JSON.stringify gives:
 * - instants: `iso(x)` → "2026-12-04T18:00:00.000Z" (Date#toISOString; columns are timestamptz(3));
 * - dates: `::text` ("2026-03-20"), as the app selects them;
 * - numerics: `::float8` (the app does the same), shortest round-trip output like JS;
 * - means rounded like `Math.round(x * 10) / 10`: floor(x * 10 + 0.5) / 10 in float8.
 */

/** An instant as Date#toISOString writes it (UTC, milliseconds, Z). */
export const iso = (x: string) => `to_char((${x}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** `json_build_object` from [key, sql] pairs, in the DTO's key order. */
const obj = (pairs: [string, string][]) => `json_build_object(${pairs.map(([k, v]) => `'${k}', ${v}`).join(', ')})`;

/** IRM completion of a verified progress (irmCompletion in src/commitments/progress.ts). */
const completion = (x: string) => `CASE WHEN ${x} <= 0 THEN 'not_started' WHEN ${x} < 50 THEN 'limited' WHEN ${x} < 100 THEN 'substantial' ELSE 'complete' END`;

const org = (a: string) => obj([['id', `${a}.id`], ['name', `${a}.name`], ['sector', `${a}.sector`], ['kind', `${a}.kind`]]);

const ROUND_FIELDS: [string, string][] = [
  ['id', 'r.id'],
  ['title', 'r.title'],
  ['subjectType', 'r.subject_type'],
  ['subjectId', 'r.subject_id'],
  ['secrecy', 'r.secrecy'],
  ['decisionRule', 'r.decision_rule'],
  ['quorumPerSector', 'r.quorum_per_sector'],
  ['opensAt', iso('r.opens_at')],
  ['closesAt', iso('r.closes_at')],
  ['closedAt', iso('r.closed_at')],
  ['outcome', 'r.outcome'],
  ['totals', `r.result -> 'totals'`],
  [
    'sectors',
    `(SELECT coalesce(json_object_agg(x.key, ${obj(['seats', 'voted', 'approve', 'reject', 'abstain', 'quorum', 'position'].map((k) => [k, `x.value -> '${k}'`]))} ORDER BY x.n), '{}')
        FROM jsonb_each(r.result -> 'sectors') WITH ORDINALITY AS x(key, value, n))`,
  ],
];
const ROUND_SEATS = `(SELECT coalesce(json_agg(${obj([
  ['sector', `s.value ->> 'sector'`],
  ['organizationId', `s.value ->> 'organizationId'`],
  ['organizationName', `ro.name`],
  ['choice', `s.value ->> 'choice'`],
  ['castBy', `s.value ->> 'castBy'`],
])} ORDER BY s.n), '[]')
   FROM jsonb_array_elements(coalesce(r.result -> 'seats', '[]')) WITH ORDINALITY AS s(value, n)
   LEFT JOIN round_orgs ro ON ro.id::text = s.value ->> 'organizationId')`;

/**
 * GET /api/v1/public/plans/:id — PublicService.plan: $1 plan id, $2 the app's public URL
 * (evidence file links). One row: `body` (null when the plan does not exist or is not
 * published: 404) and `last_modified_ms`, the latest instant the app's Last-Modified is
 * computed from (same stamps: plan, secretariat, organizations, commitments, milestones and
 * their passed due instants, evidence, indicators, measurements, rounds, last audit event).
 */
export const PUBLIC_PLAN_SQL = `
WITH plan AS (
  SELECT p.*, s.name AS secretariat_name, s.municipality, s.status AS secretariat_status, s.updated_at AS secretariat_updated_at,
         st.code AS state_code, st.name AS state_name, st.abbreviation AS state_abbreviation
    FROM action_plans p JOIN secretariats s ON s.id = p.secretariat_id JOIN states st ON st.code = s.state_code
   WHERE p.id = $1 AND p.stage IN ('adoption', 'implementation', 'evaluation', 'closed')
),
c AS (SELECT c.* FROM commitments c WHERE c.plan_id = (SELECT id FROM plan)),
m AS (SELECT m.*, milestone_overdue(m.status, m.due_at) AS overdue FROM milestones m WHERE m.commitment_id IN (SELECT id FROM c)),
e AS (SELECT e.* FROM evidence e WHERE e.milestone_id IN (SELECT id FROM m) AND e.public AND e.superseded_by_id IS NULL),
i AS (SELECT i.* FROM indicators i WHERE i.commitment_id IN (SELECT id FROM c)),
im AS (SELECT im.* FROM indicator_measurements im WHERE im.indicator_id IN (SELECT id FROM i)),
r AS (SELECT r.* FROM voting_rounds r WHERE r.plan_id = (SELECT id FROM plan) AND r.status = 'closed' AND r.result IS NOT NULL),
orgs AS (
  SELECT o.* FROM organizations o
   WHERE o.id IN (SELECT lead_agency_id FROM c UNION ALL SELECT unnest(co_responsible_organization_ids) FROM c UNION ALL SELECT responsible_organization_id FROM m)
),
round_orgs AS (
  SELECT o.* FROM organizations o
   WHERE o.id::text IN (SELECT s ->> 'organizationId' FROM r, jsonb_array_elements(coalesce(r.result -> 'seats', '[]')) s WHERE r.secrecy = 'public')
),
seat_orgs AS (
  SELECT o.* FROM seats se JOIN organizations o ON o.id = se.organization_id
   WHERE se.secretariat_id = (SELECT secretariat_id FROM plan) AND se.active
),
ej AS (
  SELECT e.milestone_id, json_agg(${obj([
    ['id', 'e.id'],
    ['kind', 'e.kind'],
    ['description', 'e.description'],
    ['url', `CASE WHEN e.kind = 'file' THEN $2::text || '/api/v1/evidence/' || e.id || '/file' ELSE e.url END`],
    ['fileName', 'e.file_name'],
    ['contentType', 'e.content_type'],
    ['sizeBytes', 'e.size_bytes::float8'],
    ['sha256', 'e.sha256'],
    ['createdAt', iso('e.created_at')],
  ])} ORDER BY e.created_at, e.id) AS j
    FROM e GROUP BY e.milestone_id
),
mj AS (
  SELECT m.commitment_id,
         json_agg(${obj([
           ['id', 'm.id'],
           ['position', 'm.position'],
           ['title', 'm.title'],
           ['deliverable', 'm.deliverable'],
           ['meansOfVerification', 'm.means_of_verification'],
           ['responsibleOrganization', `CASE WHEN ro.id IS NULL THEN NULL ELSE ${org('ro')} END`],
           ['startDate', 'm.start_date::text'],
           ['dueDate', 'm.due_date::text'],
           ['dueAt', iso('m.due_at')],
           ['weight', 'm.weight'],
           ['status', 'm.status'],
           ['overdue', 'm.overdue'],
           ['submittedAt', iso('m.submitted_at')],
           ['reviewedAt', iso('m.reviewed_at')],
           ['observations', 'm.observations'],
           ['evidence', `coalesce(ej.j, '[]')`],
         ])} ORDER BY m.position, m.id) AS j,
         coalesce(sum(m.weight) FILTER (WHERE m.status = 'approved'), 0)::int AS verified,
         coalesce(sum(m.weight) FILTER (WHERE m.status IN ('approved', 'submitted')), 0)::int AS self_reported,
         coalesce(sum(m.weight), 0)::int AS weight_total,
         count(*)::int AS n,
         count(*) FILTER (WHERE m.status = 'approved')::int AS approved,
         count(*) FILTER (WHERE m.status = 'submitted')::int AS submitted,
         count(*) FILTER (WHERE m.overdue)::int AS overdue
    FROM m LEFT JOIN ej ON ej.milestone_id = m.id LEFT JOIN orgs ro ON ro.id = m.responsible_organization_id
   GROUP BY m.commitment_id
),
imj AS (
  SELECT im.indicator_id,
         json_agg(${obj([['measuredOn', 'im.measured_on::text'], ['value', 'im.value::float8'], ['source', 'im.source'], ['sourceUrl', 'im.source_url'], ['note', 'im.note']])}
                  ORDER BY im.measured_on, im.id) AS j
    FROM im GROUP BY im.indicator_id
),
ij AS (
  SELECT i.commitment_id, json_agg(${obj([
    ['id', 'i.id'],
    ['name', 'i.name'],
    ['description', 'i.description'],
    ['unit', 'i.unit'],
    ['baseline', 'i.baseline::float8'],
    ['baselineDate', 'i.baseline_date::text'],
    ['target', 'i.target::float8'],
    ['targetDate', 'i.target_date::text'],
    ['latest', `CASE WHEN imj.j IS NULL THEN NULL ELSE imj.j -> -1 END`],
    ['measurements', `coalesce(imj.j, '[]')`],
  ])} ORDER BY i.created_at, i.id) AS j
    FROM i LEFT JOIN imj ON imj.indicator_id = i.id GROUP BY i.commitment_id
),
cj AS (
  SELECT c.seq, c.id, c.status, coalesce(mj.verified, 0) AS verified, coalesce(mj.self_reported, 0) AS self_reported,
         ${obj([
           ['id', 'c.id'],
           ['planId', 'c.plan_id'],
           ['code', 'c.code'],
           ['title', 'c.title'],
           ['publicProblem', 'c.public_problem'],
           ['statusQuo', 'c.status_quo'],
           ['description', 'c.description'],
           ['howItSolves', 'c.how_it_solves'],
           ['ogpValues', 'c.ogp_values'],
           ['sdgs', 'c.sdgs'],
           ['inequalityFocus', 'c.inequality_focus'],
           ['leadAgency', `(SELECT ${org('o')} FROM orgs o WHERE o.id = c.lead_agency_id)`],
           [
             'coResponsibleOrganizations',
             `(SELECT coalesce(json_agg(${org('o')} ORDER BY x.n), '[]') FROM unnest(coalesce(c.co_responsible_organization_ids, '{}')) WITH ORDINALITY AS x(id, n) JOIN orgs o ON o.id = x.id)`,
           ],
           ['startDate', 'c.start_date::text'],
           ['endDate', 'c.end_date::text'],
           ['status', 'c.status'],
           [
             'progress',
             obj([
               ['verifiedProgress', 'coalesce(mj.verified, 0)'],
               ['selfReportedProgress', 'coalesce(mj.self_reported, 0)'],
               ['completion', completion('coalesce(mj.verified, 0)')],
               ['selfReportedCompletion', completion('coalesce(mj.self_reported, 0)')],
               ['weightTotal', 'coalesce(mj.weight_total, 0)'],
               ['milestones', 'coalesce(mj.n, 0)'],
               ['approvedMilestones', 'coalesce(mj.approved, 0)'],
               ['submittedMilestones', 'coalesce(mj.submitted, 0)'],
               ['overdueMilestones', 'coalesce(mj.overdue, 0)'],
             ]),
           ],
           ['milestones', `coalesce(mj.j, '[]')`],
           ['indicators', `coalesce(ij.j, '[]')`],
         ])} AS j
    FROM c LEFT JOIN mj ON mj.commitment_id = c.id LEFT JOIN ij ON ij.commitment_id = c.id
),
live AS (SELECT * FROM cj WHERE status <> 'withdrawn'),
progress AS (
  SELECT ${obj([
    ['commitments', '(SELECT count(*) FROM cj)::int'],
    ['verifiedProgress', 'coalesce(floor(avg(verified)::float8 * 10 + 0.5) / 10, 0)'],
    ['selfReportedProgress', 'coalesce(floor(avg(self_reported)::float8 * 10 + 0.5) / 10, 0)'],
    [
      'byCompletion',
      obj([
        ['not_started', 'count(*) FILTER (WHERE verified <= 0)::int'],
        ['limited', 'count(*) FILTER (WHERE verified > 0 AND verified < 50)::int'],
        ['substantial', 'count(*) FILTER (WHERE verified >= 50 AND verified < 100)::int'],
        ['complete', 'count(*) FILTER (WHERE verified >= 100)::int'],
      ]),
    ],
    ['withdrawn', '((SELECT count(*) FROM cj) - count(*))::int'],
  ])} AS j
    FROM live
)
SELECT ${obj([
  ['id', 'p.id'],
  ['title', 'p.title'],
  ['periodStart', 'p.period_start'],
  ['periodEnd', 'p.period_end'],
  ['stage', 'p.stage'],
  ['adoptedAt', iso('p.adopted_at')],
  ['state', obj([['code', 'p.state_code'], ['name', 'p.state_name'], ['abbreviation', 'p.state_abbreviation']])],
  ['secretariat', obj([['id', 'p.secretariat_id'], ['name', 'p.secretariat_name'], ['municipality', 'p.municipality'], ['status', 'p.secretariat_status']])],
  ['progress', '(SELECT j FROM progress)'],
  ['description', 'p.description'],
  ['stageChangedAt', iso('p.stage_changed_at')],
  ['organizations', `(SELECT coalesce(json_agg(${org('o')} ORDER BY o.sector, o.name, o.id), '[]') FROM seat_orgs o)`],
  [
    'stageHistory',
    `(SELECT coalesce(json_agg(${obj([['from', 'h.from_stage'], ['to', 'h.to_stage'], ['at', iso('h.created_at')]])} ORDER BY h.created_at, h.id), '[]') FROM plan_stage_changes h WHERE h.plan_id = p.id)`,
  ],
  ['commitments', `(SELECT coalesce(json_agg(j ORDER BY seq, id), '[]') FROM cj)`],
  [
    'votingRounds',
    `(SELECT coalesce(json_agg(CASE WHEN r.secrecy = 'public' THEN ${obj([...ROUND_FIELDS, ['seats', ROUND_SEATS]])} ELSE ${obj(ROUND_FIELDS)} END ORDER BY r.closed_at, r.id), '[]') FROM r)`,
  ],
])}::text AS body,
  (extract(epoch FROM greatest(
     p.updated_at, p.stage_changed_at, p.secretariat_updated_at,
     (SELECT max(updated_at) FROM seat_orgs), (SELECT max(updated_at) FROM orgs), (SELECT max(updated_at) FROM round_orgs),
     (SELECT max(updated_at) FROM c), (SELECT max(greatest(updated_at, CASE WHEN due_at < now() THEN due_at END)) FROM m),
     (SELECT max(created_at) FROM e), (SELECT max(updated_at) FROM i), (SELECT max(created_at) FROM im), (SELECT max(updated_at) FROM r),
     (SELECT occurred_at FROM audit_events WHERE chain_key = p.secretariat_id::text ORDER BY seq DESC LIMIT 1)
   )) * 1000)::float8 AS last_modified_ms
  FROM plan p`;

/** Fields of ProposalDto (toProposalDto in src/proposals/proposals.service.ts), alias pr. */
const PROPOSAL_FIELDS: [string, string][] = [
  ['id', 'pr.id'],
  ['planId', 'pr.plan_id'],
  ['secretariatId', 'pr.secretariat_id'],
  ['status', 'pr.status'],
  ['version', 'pr.version'],
  ['authorId', 'pr.author_id'],
  ['authorOrganizationId', 'pr.author_organization_id'],
  ['authorSector', 'pr.author_sector'],
  ['title', 'pr.title'],
  ['publicProblem', 'pr.public_problem'],
  ['statusQuo', 'pr.status_quo'],
  ['description', 'pr.description'],
  ['howItSolves', 'pr.how_it_solves'],
  ['ogpValues', 'pr.ogp_values'],
  ['sdgs', 'pr.sdgs'],
  ['inequalityFocus', 'pr.inequality_focus'],
  ['inequalityFocusDetail', 'pr.inequality_focus_detail'],
  ['leadAgencyId', 'pr.lead_agency_id'],
  ['coResponsibleOrganizationIds', 'pr.co_responsible_organization_ids'],
  ['submittedAt', iso('pr.submitted_at')],
  ['responseDueAt', iso('pr.response_due_at')],
  [
    'responseState',
    `CASE WHEN pr.responded_at IS NOT NULL THEN 'answered' WHEN pr.status <> 'submitted' OR pr.response_due_at IS NULL THEN NULL
          WHEN pr.response_due_at < now() THEN 'late' ELSE 'awaiting' END`,
  ],
  ['respondedLate', 'coalesce(pr.responded_at > pr.response_due_at, false)'],
  ['responseDecision', 'pr.response_decision'],
  ['responseText', 'pr.response_text'],
  ['respondedAt', iso('pr.responded_at')],
  ['respondedById', 'pr.responded_by_id'],
  ['mergedIntoId', 'pr.merged_into_id'],
  ['withdrawnAt', iso('pr.withdrawn_at')],
  ['createdAt', iso('pr.created_at')],
  ['updatedAt', iso('pr.updated_at')],
];

/**
 * GET /api/v1/plans/:id/proposals?limit=$3 — ProposalsService.list without filters or
 * cursor: $1 plan id, $2 user id, $3 limit. `body` is null when the app answers 404: the
 * user does not exist (the app's JWT guard loads the user; 401 there) or is neither an
 * active member of the plan's secretariat nor a platform admin (`plan.read`, AccessService.see).
 * The ceiling takes the user id as a parameter and verifies no token: the HS256 check the
 * app does per request is left out of the ceiling, which therefore errs in its own favour.
 * Drafts are shown to their author and the author's organization, as the app does; the list
 * items carry no per-item `actions` (the app's list has none either).
 */
export const PROPOSAL_LIST_SQL = `
WITH viewer AS (
  SELECT u.id AS user_id, m.organization_id, m.id AS membership_id, u.is_platform_admin
    FROM users u
    JOIN action_plans p ON p.id = $1
    JOIN secretariats s ON s.id = p.secretariat_id
    JOIN states st ON st.code = s.state_code
    LEFT JOIN memberships m ON m.secretariat_id = s.id AND m.user_id = u.id AND m.ended_at IS NULL
   WHERE u.id = $2
),
page AS (
  SELECT pr.* FROM proposals pr
   WHERE pr.plan_id = $1
     AND (pr.status <> 'draft' OR pr.author_id = $2 OR pr.author_organization_id = (SELECT organization_id FROM viewer))
   ORDER BY pr.created_at DESC, pr.id DESC LIMIT $3::int + 1
),
numbered AS (SELECT pr.*, row_number() OVER (ORDER BY pr.created_at DESC, pr.id DESC) AS n FROM page pr)
SELECT CASE WHEN v.membership_id IS NOT NULL OR v.is_platform_admin THEN ${obj([
  ['items', `(SELECT coalesce(json_agg(${obj(PROPOSAL_FIELDS)} ORDER BY pr.n), '[]') FROM numbered pr WHERE pr.n <= $3::int)`],
  [
    'nextCursor',
    // encodeCursor([createdAt ISO, id]): base64url of the JSON array, without padding.
    `(SELECT translate(encode(convert_to('["' || ${iso('pr.created_at')} || '","' || pr.id || '"]', 'UTF8'), 'base64'), E'+/=\\n', '-_')
        FROM numbered pr WHERE pr.n = $3::int AND EXISTS (SELECT 1 FROM numbered x WHERE x.n = $3::int + 1))`,
  ],
])}::text END AS body
  FROM viewer v`;

/** The prepared statements (pg named queries: parsed and planned once per connection). */
export const handWritten = {
  publicPlan: (planId: string, publicUrl: string) => ({ name: 'hand_public_plan', text: PUBLIC_PLAN_SQL, values: [planId, publicUrl] }),
  proposalList: (planId: string, userId: string, limit: number) => ({ name: 'hand_proposal_list', text: PROPOSAL_LIST_SQL, values: [planId, userId, limit] }),
};

/** The first difference between two parsed JSON values, as a path and both values; null when equal. */
export function firstDifference(a: unknown, b: unknown, path = '$'): { path: string; app: unknown; hand: unknown } | null {
  if (Object.is(a, b)) return null;
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return { path, app: a, hand: b };
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return { path: `${path}[${i}]`, app: a[i], hand: b[i] };
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      if (!(k in a) || !(k in b)) return { path: `${path}.${k}`, app: k in a ? a[k] : '(absent)', hand: k in b ? b[k] : '(absent)' };
      const d = firstDifference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return { path, app: a, hand: b };
}

/** Abbreviates a value for a report line. */
export const shortJson = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 120 ? `${s.slice(0, 117)}…` : s;
};
