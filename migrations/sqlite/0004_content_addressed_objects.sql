-- Storage that grows with what changed (issue 11): documents are stored once per distinct
-- part, content-addressed, and a revision keeps the ids of its parts. A revision that changes
-- one policy then stores that policy (and the inputs members that changed), not every policy.
-- After this script the store moves every revision's inline documents into `objects`
-- (PolicyStore's DocumentMove, same transaction); 0005 then drops the inline columns.

-- One row per distinct part: `hash` is the SHA-256 of `body`. Never changed, never removed.
CREATE TABLE objects (
    id   INTEGER PRIMARY KEY,
    hash BLOB    NOT NULL UNIQUE CHECK (length(hash) = 32),
    body BLOB    NOT NULL
) STRICT;

CREATE TRIGGER objects_immutable BEFORE UPDATE ON objects
BEGIN
    SELECT raise(ABORT, 'objects are immutable');
END;

CREATE TRIGGER objects_append_only BEFORE DELETE ON objects
BEGIN
    SELECT raise(ABORT, 'objects are never deleted');
END;

-- A document's object ids, 8 bytes each, big-endian: head, tail, then the items; the document
-- is head + items joined by "," + tail. NULL only until the move below has run.
ALTER TABLE revisions ADD COLUMN warnings_parts BLOB;
ALTER TABLE revisions ADD COLUMN inputs_parts BLOB;
ALTER TABLE revisions ADD COLUMN policies_parts BLOB;

-- The move writes the new columns of existing revisions; 0005 restores the trigger.
DROP TRIGGER revisions_immutable;
