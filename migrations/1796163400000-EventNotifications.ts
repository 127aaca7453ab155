import { MigrationInterface, QueryRunner } from 'typeorm';

/** Event notifications (a round opened, a proposal answered, …): one per event and recipient. */
export class EventNotifications1796163400000 implements MigrationInterface {
    name = 'EventNotifications1796163400000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notifications" ADD "event_key" text`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_notifications_event_user" ON "notifications" ("event_key", "user_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."UQ_notifications_event_user"`);
        await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "event_key"`);
    }

}
