import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: a request that serves one plan, commitment or round reads only what hangs from
 * it. The public commitment page finds the round that approved its proposal by subject, in
 * any status (UQ_voting_rounds_open_subject covers open rounds only), so it read every round
 * of the country; the public plan list sums the progress of a page of plans from their
 * commitments' id and status (index-only; the rows themselves are wide). test/integration/query-plans.spec.ts EXPLAINs each request's statements
 * at scale and fails on a sequential scan of a growing table.
 */
export class RequestIndexes1796170000000 implements MigrationInterface {
    name = 'RequestIndexes1796170000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "IDX_voting_rounds_subject" ON "voting_rounds" ("subject_type", "subject_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_commitments_plan_status" ON "commitments" ("plan_id", "status", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_commitments_plan_status"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_voting_rounds_subject"`);
    }

}
