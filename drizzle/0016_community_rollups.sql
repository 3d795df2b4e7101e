CREATE TABLE "activity_months" (
	"program_id" uuid NOT NULL,
	"month" date NOT NULL,
	"type" text NOT NULL,
	"region" text NOT NULL,
	"person_id" uuid NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "activity_months_pk" PRIMARY KEY("program_id","month","type","region","person_id")
);
--> statement-breakpoint
CREATE TABLE "community_versions" (
	"program_id" uuid PRIMARY KEY NOT NULL,
	"feedback" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback_items" ADD COLUMN "vote_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "feedback_items" ADD COLUMN "merged_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "activity_months" ADD CONSTRAINT "activity_months_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_months" ADD CONSTRAINT "activity_months_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_versions" ADD CONSTRAINT "community_versions_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_program_ledger" ON "activities" USING btree ("program_id","occurred_on" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "feedback_program_rank" ON "feedback_items" USING btree ("program_id","vote_count" DESC NULLS LAST,"created_at" DESC NULLS LAST,"id") WHERE "feedback_items"."merged_into_id" is null;--> statement-breakpoint
INSERT INTO "activity_months" ("program_id", "month", "type", "region", "person_id", "count")
  SELECT "program_id", date_trunc('month', "occurred_on")::date, "type", "region", "person_id", count(*) FROM "activities" GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
UPDATE "feedback_items" f SET "vote_count" = (SELECT count(*) FROM "feedback_votes" v WHERE v."feedback_id" = f."id"),
  "merged_count" = (SELECT count(*) FROM "feedback_items" d WHERE d."merged_into_id" = f."id");
