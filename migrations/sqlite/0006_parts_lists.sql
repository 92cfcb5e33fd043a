-- One statement per revision read (issue 11): a revision's object ids move from three packed
-- BLOBs, which SQL cannot unpack, into one JSON column that `json_each` can join on, so a
-- revision and the bodies of its parts come from one statement:
--     [[warnings ids], [inputs ids], [policies ids]]
-- each list in ``DocumentParts/parts`` order (head, tail, then the items). After this script the
-- store writes `parts` of every existing revision from its packed ids (PolicyStore's PartsListMove,
-- same transaction); 0007 then drops the packed columns.

ALTER TABLE revisions ADD COLUMN parts TEXT;

-- The move writes the new column of existing revisions; 0007 restores both triggers.
DROP TRIGGER revisions_immutable;
DROP TRIGGER revisions_have_parts;
