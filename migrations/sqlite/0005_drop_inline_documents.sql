-- After the move of 0004 every revision reads its documents from `objects`: the inline copies
-- go, and revisions are immutable again. Every new revision must name its parts.

ALTER TABLE revisions DROP COLUMN warnings;
ALTER TABLE revisions DROP COLUMN inputs;
ALTER TABLE revisions DROP COLUMN policies;

CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions
BEGIN
    SELECT raise(ABORT, 'revisions are immutable');
END;

CREATE TRIGGER revisions_have_parts BEFORE INSERT ON revisions
WHEN NEW.warnings_parts IS NULL OR NEW.inputs_parts IS NULL OR NEW.policies_parts IS NULL
BEGIN
    SELECT raise(ABORT, 'a revision names the objects of its warnings, inputs and policies');
END;

-- A stack's current inputs move to its last column: listing stacks reads the columns before
-- them, and large inputs (overflow pages) no longer lie in the way.
ALTER TABLE stacks ADD COLUMN current_inputs BLOB NOT NULL DEFAULT x'';
UPDATE stacks SET current_inputs = inputs;
ALTER TABLE stacks DROP COLUMN inputs;
ALTER TABLE stacks RENAME COLUMN current_inputs TO inputs;
