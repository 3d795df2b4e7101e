-- The commit basis of contribution_days and contribution_months becomes its difference from the author basis
-- (store.ts, raiseAggregates): every stored commit-basis count loses the author-basis count of the same key,
-- and keys left at zero are removed. A count by commit date then sums both bases, with the same result.
INSERT INTO "contribution_days" ("identity_id", "day", "kind", "repository", "is_merge", "date_basis", "count")
SELECT "identity_id", "day", "kind", "repository", "is_merge", 'commit', -"count" FROM "contribution_days" WHERE "date_basis" = 'author'
ON CONFLICT ("identity_id", "date_basis", "is_merge", "day", "kind", "repository") DO UPDATE SET "count" = "contribution_days"."count" + excluded."count";--> statement-breakpoint
DELETE FROM "contribution_days" WHERE "date_basis" = 'commit' AND "count" = 0;--> statement-breakpoint
INSERT INTO "contribution_months" ("identity_id", "month", "kind", "repository", "is_merge", "date_basis", "count")
SELECT "identity_id", "month", "kind", "repository", "is_merge", 'commit', -"count" FROM "contribution_months" WHERE "date_basis" = 'author'
ON CONFLICT ("identity_id", "date_basis", "is_merge", "kind", "month", "repository") DO UPDATE SET "count" = "contribution_months"."count" + excluded."count";--> statement-breakpoint
DELETE FROM "contribution_months" WHERE "date_basis" = 'commit' AND "count" = 0;
