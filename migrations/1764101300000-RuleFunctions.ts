import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two rules every SQL read shares with TypeScript (src/commitments/milestone-states.ts
 * `isOverdue`, src/commitments/progress.ts `irmCompletion`), stated once for SQL: a test
 * checks both answer alike. Plain SQL functions, so the planner inlines them (indexes on
 * status and due_at still apply).
 */
export class RuleFunctions1764101300000 implements MigrationInterface {
    name = 'RuleFunctions1764101300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE FUNCTION milestone_overdue(status text, due_at timestamptz, at timestamptz DEFAULT now()) RETURNS boolean
            LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT status <> 'approved' AND due_at < at $$`);
        await queryRunner.query(`CREATE FUNCTION irm_completion(verified_progress numeric) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
              SELECT CASE WHEN verified_progress <= 0 THEN 'not_started' WHEN verified_progress < 50 THEN 'limited'
                          WHEN verified_progress < 100 THEN 'substantial' ELSE 'complete' END $$`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION irm_completion(numeric)`);
        await queryRunner.query(`DROP FUNCTION milestone_overdue(text, timestamptz, timestamptz)`);
    }

}
