import { MigrationInterface, QueryRunner } from 'typeorm';

/** Single-use, expiring password-reset links (only their SHA-256 is stored). */
export class PasswordResets1796163389905 implements MigrationInterface {
    name = 'PasswordResets1796163389905'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "password_reset_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d16bebd73e844c48bca50ff8d3d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_password_reset_tokens_user" ON "password_reset_tokens"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_password_reset_tokens_hash" ON "password_reset_tokens"  ("token_hash") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."UQ_password_reset_tokens_hash"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_password_reset_tokens_user"`);
        await queryRunner.query(`DROP TABLE "password_reset_tokens"`);
    }

}
