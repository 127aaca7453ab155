import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The national dashboard folds every milestone into its commitment's progress; this index
 * holds all it reads (commitment, status, weight, due instant) in commitment order, so the
 * fold is an index-only scan instead of a heap scan plus a hash of every milestone.
 */
export class DashboardIndexes1764101100000 implements MigrationInterface {
    name = 'DashboardIndexes1764101100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "IDX_milestones_commitment_progress" ON "milestones" ("commitment_id", "status", "weight", "due_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_milestones_commitment_progress"`);
    }

}
