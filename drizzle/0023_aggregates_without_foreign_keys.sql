-- The day and month aggregates without foreign keys to the identities (decision 22): a fold raised one day row
-- per contribution or so, and the per-row key check was more than a quarter of its time. The identities'
-- delete trigger now deletes their aggregates and queued roll-ups too. contribution_days_day served no query
-- (every reader fixes the identity and ranges over the primary key).
ALTER TABLE "contribution_days" DROP CONSTRAINT "contribution_days_identity_id_contributor_identities_id_fk";
--> statement-breakpoint
ALTER TABLE "contribution_months" DROP CONSTRAINT "contribution_months_identity_id_contributor_identities_id_fk";
--> statement-breakpoint
DROP INDEX "contribution_days_day";--> statement-breakpoint
CREATE OR REPLACE FUNCTION "contributions_follow_identities"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "contributions" WHERE "identity_id" IN (SELECT "id" FROM "gone");
  DELETE FROM "contribution_days" WHERE "identity_id" IN (SELECT "id" FROM "gone");
  DELETE FROM "contribution_months" WHERE "identity_id" IN (SELECT "id" FROM "gone");
  DELETE FROM "contribution_rollup_queue" WHERE "identity_id" IN (SELECT "id" FROM "gone");
  RETURN NULL;
END
$$;
