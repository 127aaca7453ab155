import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditTrail1764100001000 implements MigrationInterface {
    name = 'AuditTrail1764100001000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "chain_key" text NOT NULL, "secretariat_id" uuid, "seq" bigint NOT NULL, "actor_id" uuid, "subject_type" text NOT NULL, "subject_id" text NOT NULL, "action" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "data_digest" text NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "prev_hash" text, "hash" text NOT NULL, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_audit_events_secretariat" ON "audit_events"  ("secretariat_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_audit_events_chain_seq" ON "audit_events"  ("chain_key", "seq") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."UQ_audit_events_chain_seq"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_audit_events_secretariat"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
    }

}
