CREATE TABLE "activity_link_checks" (
	"activity_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"http_status" integer,
	"detail" text,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activity_link_checks" ADD CONSTRAINT "activity_link_checks_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activity_link_checks_status" ON "activity_link_checks" USING btree ("status","checked_at");--> statement-breakpoint
CREATE INDEX "activity_link_checks_checked" ON "activity_link_checks" USING btree ("checked_at");