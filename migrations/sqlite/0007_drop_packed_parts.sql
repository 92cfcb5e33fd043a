-- After the move of 0006 every revision names its parts in `parts`: the packed columns go, and
-- revisions are immutable again. Every new revision must name the parts of its three documents.

ALTER TABLE revisions DROP COLUMN warnings_parts;
ALTER TABLE revisions DROP COLUMN inputs_parts;
ALTER TABLE revisions DROP COLUMN policies_parts;

CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions
BEGIN
    SELECT raise(ABORT, 'revisions are immutable');
END;

CREATE TRIGGER revisions_have_parts BEFORE INSERT ON revisions
WHEN NEW.parts IS NULL OR json_type(NEW.parts) IS NOT 'array' OR json_array_length(NEW.parts) <> 3
BEGIN
    SELECT raise(ABORT, 'a revision names the objects of its warnings, inputs and policies');
END;
