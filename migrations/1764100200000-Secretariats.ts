import { MigrationInterface, QueryRunner } from 'typeorm';

/** The 32 entidades federativas: INEGI code, official name, abbreviation, IANA time zone. */
const STATES: [string, string, string, string][] = [
  ['01', 'Aguascalientes', 'AGS', 'America/Mexico_City'],
  ['02', 'Baja California', 'BC', 'America/Tijuana'],
  ['03', 'Baja California Sur', 'BCS', 'America/Mazatlan'],
  ['04', 'Campeche', 'CAMP', 'America/Merida'],
  ['05', 'Coahuila de Zaragoza', 'COAH', 'America/Monterrey'],
  ['06', 'Colima', 'COL', 'America/Mexico_City'],
  ['07', 'Chiapas', 'CHIS', 'America/Mexico_City'],
  ['08', 'Chihuahua', 'CHIH', 'America/Chihuahua'],
  ['09', 'Ciudad de México', 'CDMX', 'America/Mexico_City'],
  ['10', 'Durango', 'DGO', 'America/Monterrey'],
  ['11', 'Guanajuato', 'GTO', 'America/Mexico_City'],
  ['12', 'Guerrero', 'GRO', 'America/Mexico_City'],
  ['13', 'Hidalgo', 'HGO', 'America/Mexico_City'],
  ['14', 'Jalisco', 'JAL', 'America/Mexico_City'],
  ['15', 'México', 'MEX', 'America/Mexico_City'],
  ['16', 'Michoacán de Ocampo', 'MICH', 'America/Mexico_City'],
  ['17', 'Morelos', 'MOR', 'America/Mexico_City'],
  ['18', 'Nayarit', 'NAY', 'America/Mazatlan'],
  ['19', 'Nuevo León', 'NL', 'America/Monterrey'],
  ['20', 'Oaxaca', 'OAX', 'America/Mexico_City'],
  ['21', 'Puebla', 'PUE', 'America/Mexico_City'],
  ['22', 'Querétaro', 'QRO', 'America/Mexico_City'],
  ['23', 'Quintana Roo', 'QROO', 'America/Cancun'],
  ['24', 'San Luis Potosí', 'SLP', 'America/Mexico_City'],
  ['25', 'Sinaloa', 'SIN', 'America/Mazatlan'],
  ['26', 'Sonora', 'SON', 'America/Hermosillo'],
  ['27', 'Tabasco', 'TAB', 'America/Mexico_City'],
  ['28', 'Tamaulipas', 'TAMPS', 'America/Matamoros'],
  ['29', 'Tlaxcala', 'TLAX', 'America/Mexico_City'],
  ['30', 'Veracruz de Ignacio de la Llave', 'VER', 'America/Mexico_City'],
  ['31', 'Yucatán', 'YUC', 'America/Merida'],
  ['32', 'Zacatecas', 'ZAC', 'America/Mexico_City'],
];

export class Secretariats1764100200000 implements MigrationInterface {
    name = 'Secretariats1764100200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "sector" text NOT NULL, "kind" text NOT NULL, "state_code" character(2) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_organizations_state_sector" ON "organizations"  ("state_code", "sector") `);
        await queryRunner.query(`CREATE TABLE "states" ("code" character(2) NOT NULL, "name" text NOT NULL, "abbreviation" text NOT NULL, "time_zone" text NOT NULL, CONSTRAINT "PK_b8af4194277281dcfe08be42643" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_states_abbreviation" ON "states"  ("abbreviation") `);
        await queryRunner.query(`CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "secretariat_id" uuid NOT NULL, "email" text NOT NULL, "role" text NOT NULL, "sector" text NOT NULL, "seat_id" uuid, "organization_id" uuid, "is_coordinator" boolean NOT NULL DEFAULT false, "token_hash" text NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP(3) WITH TIME ZONE, "accepted_by_user_id" uuid, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, "invited_by_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_invitations_secretariat" ON "invitations"  ("secretariat_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_invitations_token_hash" ON "invitations"  ("token_hash") `);
        await queryRunner.query(`CREATE TABLE "memberships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "secretariat_id" uuid NOT NULL, "user_id" uuid NOT NULL, "sector" text NOT NULL, "organization_id" uuid, "seat_id" uuid, "role" text NOT NULL, "is_coordinator" boolean NOT NULL DEFAULT false, "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP(3) WITH TIME ZONE, "end_reason" text, "invitation_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_memberships_user" ON "memberships"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_memberships_active_seat_role" ON "memberships"  ("seat_id", "role") WHERE "ended_at" IS NULL AND "seat_id" IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_memberships_active_user" ON "memberships"  ("secretariat_id", "user_id") WHERE "ended_at" IS NULL`);
        await queryRunner.query(`CREATE TABLE "seats" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "secretariat_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "sector" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "vacated_at" TIMESTAMP WITH TIME ZONE, "vacate_reason" text, "previous_seat_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3fbc74bb4638600c506dcb777a7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_seats_active_organization" ON "seats"  ("secretariat_id", "organization_id") WHERE "active"`);
        await queryRunner.query(`CREATE INDEX "IDX_seats_secretariat" ON "seats"  ("secretariat_id") `);
        await queryRunner.query(`CREATE TABLE "secretariats" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "state_code" character(2) NOT NULL, "municipality" text, "name" text NOT NULL, "status" text NOT NULL DEFAULT 'promoting', "declared_at" TIMESTAMP WITH TIME ZONE, "declaration_document_url" text, "installed_at" TIMESTAMP WITH TIME ZONE, "installation_document_url" text, "suspended_sector" text, "suspension_reason" text, "rules" jsonb NOT NULL DEFAULT '{}', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e340ddd4331688a2bbf6c18b017" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_secretariats_state_municipality" ON "secretariats"  ("state_code", "municipality") WHERE "municipality" IS NOT NULL AND "status" <> 'dissolved'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_secretariats_state" ON "secretariats"  ("state_code") WHERE "municipality" IS NULL AND "status" <> 'dissolved'`);
        await queryRunner.query(`CREATE TABLE "secretariat_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "secretariat_id" uuid NOT NULL, "from_status" text NOT NULL, "to_status" text NOT NULL, "actor_id" uuid, "reason" text, "document" text, "effective_at" TIMESTAMP WITH TIME ZONE, "sector" text, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0372e4a7c54683accf263b5a4f9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_secretariat_transitions_secretariat" ON "secretariat_transitions"  ("secretariat_id", "occurred_at") `);
        for (const row of STATES) {
            await queryRunner.query(`INSERT INTO "states" ("code", "name", "abbreviation", "time_zone") VALUES ($1, $2, $3, $4)`, row);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_secretariat_transitions_secretariat"`);
        await queryRunner.query(`DROP TABLE "secretariat_transitions"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_secretariats_state"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_secretariats_state_municipality"`);
        await queryRunner.query(`DROP TABLE "secretariats"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_seats_secretariat"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_seats_active_organization"`);
        await queryRunner.query(`DROP TABLE "seats"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_memberships_active_user"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_memberships_active_seat_role"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_memberships_user"`);
        await queryRunner.query(`DROP TABLE "memberships"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_invitations_token_hash"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_invitations_secretariat"`);
        await queryRunner.query(`DROP TABLE "invitations"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_states_abbreviation"`);
        await queryRunner.query(`DROP TABLE "states"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_organizations_state_sector"`);
        await queryRunner.query(`DROP TABLE "organizations"`);
    }

}
