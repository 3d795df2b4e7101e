CREATE TABLE "contribution_days" (
	"identity_id" bigint NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"repository" text NOT NULL,
	"is_merge" boolean NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "contribution_days_identity_id_day_kind_repository_is_merge_pk" PRIMARY KEY("identity_id","day","kind","repository","is_merge")
);
--> statement-breakpoint
CREATE TABLE "contributions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"repository" text DEFAULT '' NOT NULL,
	"external_id" text NOT NULL,
	"identity_id" bigint NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"is_merge" boolean DEFAULT false NOT NULL,
	"title" text,
	"url" text
);
--> statement-breakpoint
CREATE TABLE "contributor_identities" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text,
	"email" text,
	"login" text,
	"is_bot" boolean DEFAULT false NOT NULL,
	"person_id" uuid,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_merge_suggestions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identity_id" bigint NOT NULL,
	"other_identity_id" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"target" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"cursor" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "contribution_days" ADD CONSTRAINT "contribution_days_identity_id_contributor_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."contributor_identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_identity_id_contributor_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."contributor_identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributor_identities" ADD CONSTRAINT "contributor_identities_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_merge_suggestions" ADD CONSTRAINT "identity_merge_suggestions_identity_id_contributor_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."contributor_identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_merge_suggestions" ADD CONSTRAINT "identity_merge_suggestions_other_identity_id_contributor_identities_id_fk" FOREIGN KEY ("other_identity_id") REFERENCES "public"."contributor_identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contribution_days_day" ON "contribution_days" USING btree ("day");--> statement-breakpoint
CREATE UNIQUE INDEX "contributions_natural_key" ON "contributions" USING btree ("kind","repository","external_id");--> statement-breakpoint
CREATE INDEX "contributions_identity_time" ON "contributions" USING btree ("identity_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contributor_identities_key" ON "contributor_identities" USING btree ("key");--> statement-breakpoint
CREATE INDEX "contributor_identities_person" ON "contributor_identities" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_merge_pair" ON "identity_merge_suggestions" USING btree ("identity_id","other_identity_id");--> statement-breakpoint
CREATE INDEX "identity_merge_status" ON "identity_merge_suggestions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "import_runs_target" ON "import_runs" USING btree ("source","target","started_at");