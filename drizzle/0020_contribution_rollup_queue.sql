CREATE TABLE "contribution_rollup_queue" (
	"identity_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"repository" text NOT NULL,
	"is_merge" boolean NOT NULL,
	"author_day" date NOT NULL,
	"commit_day" date NOT NULL
);
