CREATE TYPE "public"."phase_kind" AS ENUM('applications', 'review', 'announcement', 'first_meeting', 'term', 'other');--> statement-breakpoint
CREATE TYPE "public"."requirement_kind" AS ENUM('content_count', 'code_contributions', 'events', 'other_projects', 'age_attestation', 'statement', 'free_form');--> statement-breakpoint
CREATE TABLE "application_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"prompt" text NOT NULL,
	"help" text DEFAULT '' NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"max_length" integer DEFAULT 4000 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cohort_phases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"kind" "phase_kind" NOT NULL,
	"label" text NOT NULL,
	"position" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"all_day" boolean DEFAULT true NOT NULL,
	CONSTRAINT "cohort_phases_order" CHECK ("cohort_phases"."ends_at" is null or "cohort_phases"."ends_at" > "cohort_phases"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "cohorts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"seats" integer NOT NULL,
	"time_zone" text DEFAULT 'Etc/GMT+12' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cohorts_seats_positive" CHECK ("cohorts"."seats" > 0)
);
--> statement-breakpoint
CREATE TABLE "communities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"tagline" text DEFAULT '' NOT NULL,
	"description_md" text DEFAULT '' NOT NULL,
	"website_url" text,
	"logo_url" text,
	"primary_color" text DEFAULT '#1f4e79' NOT NULL,
	"accent_color" text DEFAULT '#0b7a5c' NOT NULL,
	"social_links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"contact_channels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communities_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"summary" text DEFAULT '' NOT NULL,
	"description_md" text DEFAULT '' NOT NULL,
	"role_md" text DEFAULT '' NOT NULL,
	"benefits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"target_seats" integer,
	"term_months" integer DEFAULT 12 NOT NULL,
	"requirements_at_least" integer,
	"requirements_note_md" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programs_target_seats_positive" CHECK ("programs"."target_seats" is null or "programs"."target_seats" > 0),
	CONSTRAINT "programs_at_least_nonnegative" CHECK ("programs"."requirements_at_least" is null or "programs"."requirements_at_least" >= 0)
);
--> statement-breakpoint
CREATE TABLE "requirements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description_md" text DEFAULT '' NOT NULL,
	"kind" "requirement_kind" NOT NULL,
	"mandatory" boolean DEFAULT false NOT NULL,
	"threshold" integer,
	"window_months" integer,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "requirements_threshold_positive" CHECK ("requirements"."threshold" is null or "requirements"."threshold" > 0),
	CONSTRAINT "requirements_window_positive" CHECK ("requirements"."window_months" is null or "requirements"."window_months" > 0)
);
--> statement-breakpoint
CREATE TABLE "selection_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"weight" numeric(6, 3) DEFAULT 1 NOT NULL,
	"scale_min" integer DEFAULT 1 NOT NULL,
	"scale_max" integer DEFAULT 5 NOT NULL,
	CONSTRAINT "selection_criteria_scale" CHECK ("selection_criteria"."scale_min" < "selection_criteria"."scale_max"),
	CONSTRAINT "selection_criteria_weight" CHECK ("selection_criteria"."weight" > 0)
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"handle" text NOT NULL,
	"display_name" text NOT NULL,
	"search_key" text NOT NULL,
	"github_login" text,
	"email" text,
	"country" text,
	"region" text,
	"bio" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"role" text DEFAULT 'ambassador' NOT NULL,
	"term_start" timestamp with time zone NOT NULL,
	"term_end" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_term_order" CHECK ("memberships"."term_end" > "memberships"."term_start")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
ALTER TABLE "application_questions" ADD CONSTRAINT "application_questions_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_phases" ADD CONSTRAINT "cohort_phases_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirements" ADD CONSTRAINT "requirements_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_criteria" ADD CONSTRAINT "selection_criteria_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "application_questions_program_key" ON "application_questions" USING btree ("program_id","key");--> statement-breakpoint
CREATE INDEX "cohort_phases_cohort" ON "cohort_phases" USING btree ("cohort_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "cohorts_program_slug" ON "cohorts" USING btree ("program_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "programs_community_slug_key" ON "programs" USING btree ("community_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "requirements_program_key" ON "requirements" USING btree ("program_id","key");--> statement-breakpoint
CREATE INDEX "requirements_program_position" ON "requirements" USING btree ("program_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "selection_criteria_program_key" ON "selection_criteria" USING btree ("program_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "people_handle_key" ON "people" USING btree ("handle");--> statement-breakpoint
CREATE UNIQUE INDEX "people_email_key" ON "people" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "people_github_login_key" ON "people" USING btree (lower("github_login"));--> statement-breakpoint
CREATE INDEX "people_region" ON "people" USING btree ("region");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_person_cohort_role" ON "memberships" USING btree ("person_id","cohort_id","role");--> statement-breakpoint
CREATE INDEX "memberships_cohort" ON "memberships" USING btree ("cohort_id","status");--> statement-breakpoint
CREATE INDEX "audit_log_entity" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_at" ON "audit_log" USING btree ("at");