import { MigrationInterface, QueryRunner } from 'typeorm';

export class CoCreation1764100400000 implements MigrationInterface {
    name = 'CoCreation1764100400000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "action_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "secretariat_id" uuid NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "period_start" integer NOT NULL, "period_end" integer NOT NULL, "stage" text NOT NULL DEFAULT 'draft', "stage_changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "stage_deadline" TIMESTAMP(3) WITH TIME ZONE, "adoption_round_id" uuid, "adopted_at" TIMESTAMP(3) WITH TIME ZONE, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_969b73b0a2c013da5849ac154fb" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_action_plans_secretariat_created" ON "action_plans"  ("secretariat_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "plan_stage_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "from_stage" text NOT NULL, "to_stage" text NOT NULL, "actor_id" uuid NOT NULL, "reason" text, "deadline" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_15d865f080836480fa15be58aad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_plan_stage_changes_plan_created" ON "plan_stage_changes"  ("plan_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "proposals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "secretariat_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'draft', "version" integer NOT NULL DEFAULT '1', "author_id" uuid NOT NULL, "author_organization_id" uuid, "author_sector" text NOT NULL, "title" text NOT NULL, "public_problem" text NOT NULL, "status_quo" text NOT NULL, "description" text NOT NULL, "how_it_solves" text NOT NULL, "ogp_values" text array NOT NULL, "sdgs" smallint array NOT NULL, "inequality_focus" text array NOT NULL, "inequality_focus_detail" text, "lead_agency_id" uuid NOT NULL, "co_responsible_organization_ids" uuid array NOT NULL, "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "response_due_at" TIMESTAMP(3) WITH TIME ZONE, "response_decision" text, "response_text" text, "responded_at" TIMESTAMP(3) WITH TIME ZONE, "responded_by_id" uuid, "merged_into_id" uuid, "withdrawn_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_db524c8db8e126a38a2f16d8cac" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_proposals_plan_status" ON "proposals"  ("plan_id", "status") `);
        await queryRunner.query(`CREATE INDEX "IDX_proposals_plan_created" ON "proposals"  ("plan_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "proposal_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "secretariat_id" uuid NOT NULL, "parent_id" uuid, "author_id" uuid NOT NULL, "body" text NOT NULL, "edited_at" TIMESTAMP(3) WITH TIME ZONE, "deleted_at" TIMESTAMP(3) WITH TIME ZONE, "hidden_at" TIMESTAMP(3) WITH TIME ZONE, "hidden_by_id" uuid, "hidden_reason" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3dad96e1019f8d511df6b116cc7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_proposal_comments_proposal_created" ON "proposal_comments"  ("proposal_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "proposal_revisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "version" integer NOT NULL, "author_id" uuid NOT NULL, "changes" jsonb NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3e31a92a82ca7d5c0d406ec6ab8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_proposal_revisions_proposal_version" ON "proposal_revisions"  ("proposal_id", "version") `);
        await queryRunner.query(`CREATE TABLE "voting_rounds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "secretariat_id" uuid NOT NULL, "plan_id" uuid, "subject_type" text NOT NULL, "subject_id" uuid, "title" text NOT NULL, "description" text, "opens_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "secrecy" text NOT NULL, "decision_rule" text NOT NULL, "quorum_per_sector" integer NOT NULL, "seats" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'open', "closed_at" TIMESTAMP(3) WITH TIME ZONE, "close_reason" text, "outcome" text, "result" jsonb, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c06acedf4becb9cf6044d12408e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_voting_rounds_plan" ON "voting_rounds"  ("plan_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_voting_rounds_open_subject" ON "voting_rounds"  ("subject_type", "subject_id") WHERE status = 'open' AND subject_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_voting_rounds_open_closes" ON "voting_rounds"  ("status", "closes_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_voting_rounds_secretariat_created" ON "voting_rounds"  ("secretariat_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "ballots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "membership_id" uuid NOT NULL, "seat_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "choice" text NOT NULL, "reason" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1c29cf82a8045f839f8639634e9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_ballots_round_seat" ON "ballots"  ("round_id", "seat_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_ballots_round_membership" ON "ballots"  ("round_id", "membership_id") `);
        await queryRunner.query(`ALTER TABLE "action_plans" ADD CONSTRAINT "FK_d0aa4da5d4575761ce31931305f" FOREIGN KEY ("secretariat_id") REFERENCES "secretariats"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "action_plans" ADD CONSTRAINT "FK_69166b318d4f5179ca0ecd26caa" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_stage_changes" ADD CONSTRAINT "FK_cdd833ec7663b70d7000f7dc871" FOREIGN KEY ("plan_id") REFERENCES "action_plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "proposals" ADD CONSTRAINT "FK_6b23a2793a1e894f8432a22d5f1" FOREIGN KEY ("plan_id") REFERENCES "action_plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "proposals" ADD CONSTRAINT "FK_8af17413dd39a475692dec170d0" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "proposals" ADD CONSTRAINT "FK_675710b7b518ea0c7a4aba138ef" FOREIGN KEY ("lead_agency_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "proposals" ADD CONSTRAINT "FK_95b0aa7ef4352f339842f1d0829" FOREIGN KEY ("merged_into_id") REFERENCES "proposals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "proposal_comments" ADD CONSTRAINT "FK_4d4223d615f11fed9024062ab5c" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "proposal_comments" ADD CONSTRAINT "FK_3d556f926f66743275d26402036" FOREIGN KEY ("parent_id") REFERENCES "proposal_comments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "proposal_revisions" ADD CONSTRAINT "FK_e0d17b6a127ea39a4950e825acc" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "voting_rounds" ADD CONSTRAINT "FK_575106751830a7eb01fa1ec2335" FOREIGN KEY ("secretariat_id") REFERENCES "secretariats"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "ballots" ADD CONSTRAINT "FK_e964dcf304bed118754e4eb03b2" FOREIGN KEY ("round_id") REFERENCES "voting_rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "ballots" ADD CONSTRAINT "FK_05ce4886985146fb650990fc1aa" FOREIGN KEY ("membership_id") REFERENCES "memberships"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "ballots" ADD CONSTRAINT "FK_07b73119c82831bfa5e5e90c7a6" FOREIGN KEY ("seat_id") REFERENCES "seats"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "ballots" DROP CONSTRAINT "FK_07b73119c82831bfa5e5e90c7a6"`);
        await queryRunner.query(`ALTER TABLE "ballots" DROP CONSTRAINT "FK_05ce4886985146fb650990fc1aa"`);
        await queryRunner.query(`ALTER TABLE "ballots" DROP CONSTRAINT "FK_e964dcf304bed118754e4eb03b2"`);
        await queryRunner.query(`ALTER TABLE "voting_rounds" DROP CONSTRAINT "FK_575106751830a7eb01fa1ec2335"`);
        await queryRunner.query(`ALTER TABLE "proposal_revisions" DROP CONSTRAINT "FK_e0d17b6a127ea39a4950e825acc"`);
        await queryRunner.query(`ALTER TABLE "proposal_comments" DROP CONSTRAINT "FK_3d556f926f66743275d26402036"`);
        await queryRunner.query(`ALTER TABLE "proposal_comments" DROP CONSTRAINT "FK_4d4223d615f11fed9024062ab5c"`);
        await queryRunner.query(`ALTER TABLE "proposals" DROP CONSTRAINT "FK_95b0aa7ef4352f339842f1d0829"`);
        await queryRunner.query(`ALTER TABLE "proposals" DROP CONSTRAINT "FK_675710b7b518ea0c7a4aba138ef"`);
        await queryRunner.query(`ALTER TABLE "proposals" DROP CONSTRAINT "FK_8af17413dd39a475692dec170d0"`);
        await queryRunner.query(`ALTER TABLE "proposals" DROP CONSTRAINT "FK_6b23a2793a1e894f8432a22d5f1"`);
        await queryRunner.query(`ALTER TABLE "plan_stage_changes" DROP CONSTRAINT "FK_cdd833ec7663b70d7000f7dc871"`);
        await queryRunner.query(`ALTER TABLE "action_plans" DROP CONSTRAINT "FK_69166b318d4f5179ca0ecd26caa"`);
        await queryRunner.query(`ALTER TABLE "action_plans" DROP CONSTRAINT "FK_d0aa4da5d4575761ce31931305f"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_ballots_round_membership"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ballots_round_seat"`);
        await queryRunner.query(`DROP TABLE "ballots"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_voting_rounds_secretariat_created"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_voting_rounds_open_closes"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_voting_rounds_open_subject"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_voting_rounds_plan"`);
        await queryRunner.query(`DROP TABLE "voting_rounds"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_proposal_revisions_proposal_version"`);
        await queryRunner.query(`DROP TABLE "proposal_revisions"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_proposal_comments_proposal_created"`);
        await queryRunner.query(`DROP TABLE "proposal_comments"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_proposals_plan_created"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_proposals_plan_status"`);
        await queryRunner.query(`DROP TABLE "proposals"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_plan_stage_changes_plan_created"`);
        await queryRunner.query(`DROP TABLE "plan_stage_changes"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_action_plans_secretariat_created"`);
        await queryRunner.query(`DROP TABLE "action_plans"`);
    }

}
