-- Decision 25: the contributions' key (md5 of the natural key as a uuid) is computed by the store, not by the
-- database. Computing it in the batch statement (text concatenation, md5, the text-to-uuid cast) was over a
-- third of the cost of inserting a row; Node hashes it for a fraction of that, and the statement only compares
-- 16-byte keys. Existing rows keep their keys, which are the same values.
ALTER TABLE "contributions" ALTER COLUMN "key" DROP EXPRESSION;
