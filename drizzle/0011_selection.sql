CREATE TABLE "selection_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"selection_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"rank" integer,
	"waitlist_position" integer,
	"score" double precision,
	"groups" jsonb NOT NULL,
	"explanation" jsonb NOT NULL,
	"override_reason" text,
	"overridden_by" text,
	"overridden_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	"promoted_at" timestamp with time zone,
	CONSTRAINT "selection_decisions_override" CHECK (("selection_decisions"."overridden_at" is null) = ("selection_decisions"."override_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "selection_exceptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"granted_by" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "selections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"constraints" jsonb NOT NULL,
	"seats" integer NOT NULL,
	"total_score" double precision DEFAULT 0 NOT NULL,
	"proven" boolean DEFAULT true NOT NULL,
	"infeasibility" jsonb,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"run_by" text NOT NULL,
	"locked_at" timestamp with time zone,
	"locked_by" text,
	CONSTRAINT "selections_seats" CHECK ("selections"."seats" > 0)
);
--> statement-breakpoint
ALTER TABLE "selection_decisions" ADD CONSTRAINT "selection_decisions_selection_id_selections_id_fk" FOREIGN KEY ("selection_id") REFERENCES "public"."selections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_decisions" ADD CONSTRAINT "selection_decisions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_decisions" ADD CONSTRAINT "selection_decisions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_exceptions" ADD CONSTRAINT "selection_exceptions_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_exceptions" ADD CONSTRAINT "selection_exceptions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "selection_decisions_application" ON "selection_decisions" USING btree ("selection_id","application_id");--> statement-breakpoint
CREATE INDEX "selection_decisions_outcome" ON "selection_decisions" USING btree ("selection_id","outcome","waitlist_position");--> statement-breakpoint
CREATE UNIQUE INDEX "selection_exceptions_application" ON "selection_exceptions" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "selection_exceptions_cohort" ON "selection_exceptions" USING btree ("cohort_id");--> statement-breakpoint
CREATE UNIQUE INDEX "selections_cohort" ON "selections" USING btree ("cohort_id");