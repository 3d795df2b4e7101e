-- Contributions keyed by their natural key, without a surrogate id or a foreign key on identity_id (decision
-- 22): the id's index and the per-row foreign-key check were about 40 % of the time of the statement that stores a batch.
ALTER TABLE "contributions" DROP CONSTRAINT "contributions_identity_id_contributor_identities_id_fk";
--> statement-breakpoint
ALTER TABLE "contributions" DROP COLUMN "id";--> statement-breakpoint
DROP INDEX "contributions_natural_key";--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_pk" PRIMARY KEY("kind","repository","external_id");--> statement-breakpoint
-- The cascade the foreign key gave: deleting identities deletes their contributions, in the same statement's
-- transaction, once per statement (the deleted ids as a transition table; contributions_identity_time serves
-- the lookup).
CREATE FUNCTION "contributions_follow_identities"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "contributions" WHERE "identity_id" IN (SELECT "id" FROM "gone");
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "contributor_identities_delete_contributions" AFTER DELETE ON "contributor_identities"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "contributions_follow_identities"();
