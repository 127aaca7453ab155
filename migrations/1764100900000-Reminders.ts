import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reminders1764100900000 implements MigrationInterface {
    name = 'Reminders1764100900000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "email_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "to_address" text NOT NULL, "kind" text NOT NULL, "notification_id" uuid, "subject" text NOT NULL, "text" text NOT NULL, "html" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "via" text, "message_id" text, "sent_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aa4e94683dafee7c55aaeb9f59d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_email_deliveries_status_created" ON "email_deliveries"  ("status", "created_at") `);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" text NOT NULL, "secretariat_id" uuid, "subject_type" text, "subject_id" uuid, "subject" text NOT NULL, "text" text NOT NULL, "link" text NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE, "reminder_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_notifications_reminder_user" ON "notifications"  ("reminder_id", "user_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_notifications_user_created" ON "notifications"  ("user_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "notification_preferences" ("user_id" uuid NOT NULL, "email_enabled" boolean NOT NULL DEFAULT true, "email_kinds" jsonb NOT NULL DEFAULT '{}', "daily_digest" boolean NOT NULL DEFAULT false, "time_zone" text NOT NULL DEFAULT 'America/Mexico_City', "last_digest_on" date, "last_digest_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_64c90edc7310c6be7c10c96f675" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE TABLE "scheduled_reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "subject_type" text NOT NULL, "subject_id" uuid NOT NULL, "secretariat_id" uuid, "fire_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'pending', "reason" text, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "enqueued_at" TIMESTAMP(3) WITH TIME ZONE, "sent_at" TIMESTAMP(3) WITH TIME ZONE, "payload" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c8c6e41a7d963804050a9e691ac" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_scheduled_reminders_subject" ON "scheduled_reminders"  ("subject_type", "subject_id", "status") `);
        await queryRunner.query(`CREATE INDEX "IDX_scheduled_reminders_status_fire_at" ON "scheduled_reminders"  ("status", "fire_at") `);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_9a8a82462cab47c73d25f49261f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notification_preferences" ADD CONSTRAINT "FK_64c90edc7310c6be7c10c96f675" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notification_preferences" DROP CONSTRAINT "FK_64c90edc7310c6be7c10c96f675"`);
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_9a8a82462cab47c73d25f49261f"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_scheduled_reminders_status_fire_at"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_scheduled_reminders_subject"`);
        await queryRunner.query(`DROP TABLE "scheduled_reminders"`);
        await queryRunner.query(`DROP TABLE "notification_preferences"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_notifications_user_created"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_notifications_reminder_user"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_email_deliveries_status_created"`);
        await queryRunner.query(`DROP TABLE "email_deliveries"`);
    }

}
