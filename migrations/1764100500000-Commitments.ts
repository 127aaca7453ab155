import { MigrationInterface, QueryRunner } from 'typeorm';

export class Commitments1764100500000 implements MigrationInterface {
    name = 'Commitments1764100500000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "commitments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "secretariat_id" uuid NOT NULL, "proposal_id" uuid, "code" text NOT NULL, "seq" integer NOT NULL, "title" text NOT NULL, "public_problem" text NOT NULL DEFAULT '', "status_quo" text NOT NULL DEFAULT '', "description" text NOT NULL DEFAULT '', "how_it_solves" text NOT NULL DEFAULT '', "ogp_values" text array NOT NULL DEFAULT '{}', "sdgs" integer array NOT NULL DEFAULT '{}', "inequality_focus" text array NOT NULL DEFAULT '{}', "lead_agency_id" uuid, "co_responsible_organization_ids" uuid array NOT NULL DEFAULT '{}', "start_date" date NOT NULL, "end_date" date NOT NULL, "status" text NOT NULL DEFAULT 'not_started', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_82060edcfe810ce82b7565521af" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_commitments_secretariat" ON "commitments"  ("secretariat_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_commitments_proposal" ON "commitments"  ("proposal_id") WHERE "proposal_id" IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_commitments_plan_code" ON "commitments"  ("plan_id", "code") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."UQ_commitments_plan_code"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_commitments_proposal"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_commitments_secretariat"`);
        await queryRunner.query(`DROP TABLE "commitments"`);
    }

}
