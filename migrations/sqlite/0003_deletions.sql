-- Attributable deletions (issue 10): who deleted a stack and when. One row per deletion,
-- kept after the stack is re-created; `revision` is the stack's last revision at the time
-- (a stack is deleted at most once per revision: re-creation always makes a new revision).

CREATE TABLE deletions (
    stack_id   INTEGER NOT NULL REFERENCES stacks (id),
    revision   INTEGER NOT NULL CHECK (revision >= 1),
    deleted_at INTEGER NOT NULL,
    author     TEXT    NOT NULL,
    PRIMARY KEY (stack_id, revision)
) STRICT;

CREATE TRIGGER deletions_immutable BEFORE UPDATE ON deletions
BEGIN
    SELECT raise(ABORT, 'deletions are immutable');
END;

CREATE TRIGGER deletions_append_only BEFORE DELETE ON deletions
BEGIN
    SELECT raise(ABORT, 'deletions are never removed');
END;
