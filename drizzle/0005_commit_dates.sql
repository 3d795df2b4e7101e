ALTER TABLE "contributions" ADD COLUMN "committed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contribution_days" ADD COLUMN "date_basis" text DEFAULT 'author' NOT NULL;--> statement-breakpoint
ALTER TABLE "contribution_days" DROP CONSTRAINT "contribution_days_identity_id_day_kind_repository_is_merge_pk";--> statement-breakpoint
ALTER TABLE "contribution_days" ADD CONSTRAINT "contribution_days_identity_id_day_kind_repository_is_merge_date_basis_pk" PRIMARY KEY("identity_id","day","kind","repository","is_merge","date_basis");--> statement-breakpoint
-- Existing contributions had one date: their commit-basis days are their author days.
INSERT INTO "contribution_days" ("identity_id", "day", "kind", "repository", "is_merge", "date_basis", "count")
SELECT "identity_id", "day", "kind", "repository", "is_merge", 'commit', "count" FROM "contribution_days" WHERE "date_basis" = 'author';
