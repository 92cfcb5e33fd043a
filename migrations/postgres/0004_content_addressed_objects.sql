-- Storage that grows with what changed (issue 11; migrations/sqlite/0004 in PostgreSQL's
-- dialect): documents are stored once per distinct part, content-addressed, and a revision
-- keeps the ids of its parts. After this script the store moves every revision's inline
-- documents into `objects` (PolicyStore's DocumentMove, same transaction); 0005 then drops
-- the inline columns.

-- One row per distinct part: `hash` is the SHA-256 of `body`. Never changed, never removed.
CREATE TABLE objects (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hash BYTEA  NOT NULL UNIQUE CHECK (length(hash) = 32),
    body BYTEA  NOT NULL
);

CREATE FUNCTION objects_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'objects are immutable and never deleted' USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER objects_immutable BEFORE UPDATE OR DELETE ON objects
    FOR EACH ROW EXECUTE FUNCTION objects_immutable();

-- A document's object ids: head, tail, then the items; the document is head + items joined
-- by "," + tail. NULL only until the move below has run.
ALTER TABLE revisions
    ADD COLUMN warnings_parts BIGINT[],
    ADD COLUMN inputs_parts BIGINT[],
    ADD COLUMN policies_parts BIGINT[];

-- The move writes the new columns of existing revisions; 0005 restores the trigger.
DROP TRIGGER revisions_immutable ON revisions;
