CREATE TABLE "acceptance_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"origin" text DEFAULT 'announcement' NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	"respond_by" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"membership_id" uuid
);
--> statement-breakpoint
CREATE TABLE "announcements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"title" text NOT NULL,
	"intro_md" text DEFAULT '' NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"respond_by" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"scheduled_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "consecutive_years" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "renewed_by_id" uuid;--> statement-breakpoint
ALTER TABLE "acceptance_offers" ADD CONSTRAINT "acceptance_offers_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acceptance_offers" ADD CONSTRAINT "acceptance_offers_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acceptance_offers" ADD CONSTRAINT "acceptance_offers_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acceptance_offers" ADD CONSTRAINT "acceptance_offers_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_scheduled_by_people_id_fk" FOREIGN KEY ("scheduled_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "acceptance_offers_application" ON "acceptance_offers" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "acceptance_offers_cohort" ON "acceptance_offers" USING btree ("cohort_id","status");--> statement-breakpoint
CREATE INDEX "acceptance_offers_due" ON "acceptance_offers" USING btree ("respond_by") WHERE "acceptance_offers"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "announcements_cohort" ON "announcements" USING btree ("cohort_id");--> statement-breakpoint
CREATE INDEX "announcements_published" ON "announcements" USING btree ("published_at");--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_renewed_by_id_memberships_id_fk" FOREIGN KEY ("renewed_by_id") REFERENCES "public"."memberships"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "memberships_term_end" ON "memberships" USING btree ("term_end") WHERE "memberships"."status" = 'active';--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_consecutive_years" CHECK ("memberships"."consecutive_years" >= 1);