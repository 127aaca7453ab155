import { MigrationInterface, QueryRunner } from 'typeorm';

export class CommitmentTracking1764100950000 implements MigrationInterface {
    name = 'CommitmentTracking1764100950000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "milestones" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commitment_id" uuid NOT NULL, "secretariat_id" uuid NOT NULL, "position" integer NOT NULL, "title" text NOT NULL, "deliverable" text NOT NULL DEFAULT '', "means_of_verification" text NOT NULL DEFAULT '', "responsible_organization_id" uuid NOT NULL, "start_date" date NOT NULL, "due_date" date NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "weight" integer NOT NULL, "status" text NOT NULL DEFAULT 'pending', "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "submitted_by_id" uuid, "reviewed_at" TIMESTAMP(3) WITH TIME ZONE, "reviewed_by_id" uuid, "observations" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0bdbfe399c777a6a8520ff902d9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_milestones_secretariat_status" ON "milestones"  ("secretariat_id", "status") `);
        await queryRunner.query(`CREATE INDEX "IDX_milestones_commitment_position" ON "milestones"  ("commitment_id", "position") `);
        await queryRunner.query(`CREATE TABLE "evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "milestone_id" uuid NOT NULL, "secretariat_id" uuid NOT NULL, "kind" text NOT NULL, "description" text NOT NULL DEFAULT '', "url" text, "file_name" text, "content_type" text, "size_bytes" bigint, "sha256" text, "storage_key" text, "public" boolean NOT NULL DEFAULT true, "superseded_by_id" uuid, "uploaded_by_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b864cb5d49854f89917fc0b44b9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_evidence_milestone_created" ON "evidence"  ("milestone_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "indicators" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commitment_id" uuid NOT NULL, "secretariat_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "unit" text NOT NULL, "baseline" numeric NOT NULL, "baseline_date" date, "target" numeric NOT NULL, "target_date" date, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6e24383c110600564187e92042e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_indicators_commitment_created" ON "indicators"  ("commitment_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "indicator_measurements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "indicator_id" uuid NOT NULL, "measured_on" date NOT NULL, "value" numeric NOT NULL, "source" text NOT NULL, "source_url" text, "note" text NOT NULL DEFAULT '', "recorded_by_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_44ff96847a2b5f8ab5f3d6a44dc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_indicator_measurements_indicator_date" ON "indicator_measurements"  ("indicator_id", "measured_on") `);
        await queryRunner.query(`CREATE TABLE "irm_assessments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commitment_id" uuid NOT NULL, "secretariat_id" uuid NOT NULL, "verifiable" boolean NOT NULL, "potential_results" text NOT NULL, "did_it_open_government" text, "completion_at_assessment" text NOT NULL, "justification" text NOT NULL, "assessor_id" uuid NOT NULL, "assessor_organization_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cf462621657b0ab7586a79c0175" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_irm_assessments_commitment_created" ON "irm_assessments"  ("commitment_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "milestone_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "milestone_id" uuid NOT NULL, "decision" text NOT NULL, "observations" text, "reviewer_id" uuid NOT NULL, "reviewer_organization_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_24fbd715f5dc70f3b10d82f594d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_milestone_reviews_milestone_created" ON "milestone_reviews"  ("milestone_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "modification_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commitment_id" uuid NOT NULL, "secretariat_id" uuid NOT NULL, "changes" jsonb NOT NULL, "reason" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "voting_round_id" uuid, "outcome" text, "decided_at" TIMESTAMP(3) WITH TIME ZONE, "requested_by_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0d9b3b765daa23d3af89da5805d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_modification_requests_round" ON "modification_requests"  ("voting_round_id") WHERE "voting_round_id" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_modification_requests_commitment_created" ON "modification_requests"  ("commitment_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "progress_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commitment_id" uuid NOT NULL, "secretariat_id" uuid NOT NULL, "period" text NOT NULL, "text" text NOT NULL, "progress_at_report" integer NOT NULL, "author_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_175179020a43d5ec75ab1d6a04f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_progress_reports_commitment_period" ON "progress_reports"  ("commitment_id", "period") `);
        await queryRunner.query(`CREATE TABLE "progress_report_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "text" text NOT NULL, "author_id" uuid NOT NULL, "sector" text NOT NULL, "organization_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c4bcf0957ba5fc466c30a2eb8bf" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_progress_report_comments_report_created" ON "progress_report_comments"  ("report_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "commitments" ADD CONSTRAINT "FK_a6c8f719e385291e700fe7cda97" FOREIGN KEY ("plan_id") REFERENCES "action_plans"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "commitments" ADD CONSTRAINT "FK_47b61b8ad9054c5338ef2937971" FOREIGN KEY ("secretariat_id") REFERENCES "secretariats"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "commitments" ADD CONSTRAINT "FK_1fb1b5388429854ed01494ab782" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "commitments" ADD CONSTRAINT "FK_27c2410b3782e30468b42b83e16" FOREIGN KEY ("lead_agency_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "milestones" ADD CONSTRAINT "FK_86ac4cc817f19e41021dbbba1c3" FOREIGN KEY ("commitment_id") REFERENCES "commitments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "milestones" ADD CONSTRAINT "FK_6962778505cea13729a06f3efd3" FOREIGN KEY ("responsible_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "evidence" ADD CONSTRAINT "FK_5e87d4bf755d6ca54bbfed50e31" FOREIGN KEY ("milestone_id") REFERENCES "milestones"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "indicators" ADD CONSTRAINT "FK_2c70fcf5e37a7a2202c3622447e" FOREIGN KEY ("commitment_id") REFERENCES "commitments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "indicator_measurements" ADD CONSTRAINT "FK_0b0c87387bd1961044db4a32ccf" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "irm_assessments" ADD CONSTRAINT "FK_a1afa0c20af48590a4ab58a086e" FOREIGN KEY ("commitment_id") REFERENCES "commitments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "milestone_reviews" ADD CONSTRAINT "FK_25e284833cbb3f327b93b1ae680" FOREIGN KEY ("milestone_id") REFERENCES "milestones"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "modification_requests" ADD CONSTRAINT "FK_6963d1e45e890f5549b91345292" FOREIGN KEY ("commitment_id") REFERENCES "commitments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "progress_reports" ADD CONSTRAINT "FK_ef28f5a45c7294d3568b16b1f70" FOREIGN KEY ("commitment_id") REFERENCES "commitments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "progress_report_comments" ADD CONSTRAINT "FK_e76478dde68e0a190d0c08347c7" FOREIGN KEY ("report_id") REFERENCES "progress_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "progress_report_comments" DROP CONSTRAINT "FK_e76478dde68e0a190d0c08347c7"`);
        await queryRunner.query(`ALTER TABLE "progress_reports" DROP CONSTRAINT "FK_ef28f5a45c7294d3568b16b1f70"`);
        await queryRunner.query(`ALTER TABLE "modification_requests" DROP CONSTRAINT "FK_6963d1e45e890f5549b91345292"`);
        await queryRunner.query(`ALTER TABLE "milestone_reviews" DROP CONSTRAINT "FK_25e284833cbb3f327b93b1ae680"`);
        await queryRunner.query(`ALTER TABLE "irm_assessments" DROP CONSTRAINT "FK_a1afa0c20af48590a4ab58a086e"`);
        await queryRunner.query(`ALTER TABLE "indicator_measurements" DROP CONSTRAINT "FK_0b0c87387bd1961044db4a32ccf"`);
        await queryRunner.query(`ALTER TABLE "indicators" DROP CONSTRAINT "FK_2c70fcf5e37a7a2202c3622447e"`);
        await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "FK_5e87d4bf755d6ca54bbfed50e31"`);
        await queryRunner.query(`ALTER TABLE "milestones" DROP CONSTRAINT "FK_6962778505cea13729a06f3efd3"`);
        await queryRunner.query(`ALTER TABLE "milestones" DROP CONSTRAINT "FK_86ac4cc817f19e41021dbbba1c3"`);
        await queryRunner.query(`ALTER TABLE "commitments" DROP CONSTRAINT "FK_27c2410b3782e30468b42b83e16"`);
        await queryRunner.query(`ALTER TABLE "commitments" DROP CONSTRAINT "FK_1fb1b5388429854ed01494ab782"`);
        await queryRunner.query(`ALTER TABLE "commitments" DROP CONSTRAINT "FK_47b61b8ad9054c5338ef2937971"`);
        await queryRunner.query(`ALTER TABLE "commitments" DROP CONSTRAINT "FK_a6c8f719e385291e700fe7cda97"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_progress_report_comments_report_created"`);
        await queryRunner.query(`DROP TABLE "progress_report_comments"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_progress_reports_commitment_period"`);
        await queryRunner.query(`DROP TABLE "progress_reports"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_modification_requests_commitment_created"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_modification_requests_round"`);
        await queryRunner.query(`DROP TABLE "modification_requests"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_milestone_reviews_milestone_created"`);
        await queryRunner.query(`DROP TABLE "milestone_reviews"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_irm_assessments_commitment_created"`);
        await queryRunner.query(`DROP TABLE "irm_assessments"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_indicator_measurements_indicator_date"`);
        await queryRunner.query(`DROP TABLE "indicator_measurements"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_indicators_commitment_created"`);
        await queryRunner.query(`DROP TABLE "indicators"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_evidence_milestone_created"`);
        await queryRunner.query(`DROP TABLE "evidence"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_milestones_commitment_position"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_milestones_secretariat_status"`);
        await queryRunner.query(`DROP TABLE "milestones"`);
    }

}
