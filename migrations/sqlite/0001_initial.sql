-- Stacks and their append-only, gapless revision history.
-- Times are integer milliseconds since the Unix epoch (UTC); JSON columns hold
-- the canonical bytes supplied by the service, verbatim.

CREATE TABLE stacks (
    id               INTEGER PRIMARY KEY,
    namespace        TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    -- Current inputs (may be newer than the current revision's inputs).
    inputs           BLOB    NOT NULL,
    current_revision INTEGER NOT NULL CHECK (current_revision >= 1),
    -- Bumped on every change of inputs or current revision, on deletion and re-creation.
    generation       INTEGER NOT NULL CHECK (generation >= 1),
    etag             TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    -- NULL while the stack is live; its revisions outlive deletion.
    deleted_at       INTEGER,
    UNIQUE (namespace, name),
    FOREIGN KEY (id, current_revision) REFERENCES revisions (stack_id, number)
        DEFERRABLE INITIALLY DEFERRED
) STRICT;

CREATE TABLE revisions (
    stack_id          INTEGER NOT NULL REFERENCES stacks (id),
    number            INTEGER NOT NULL CHECK (number >= 1),
    digest            TEXT    NOT NULL,
    enabled           INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    reason            TEXT    NOT NULL,
    author            TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    change_summary    TEXT    NOT NULL,
    generator_version TEXT    NOT NULL,
    -- Large columns last: summaries are read without touching their overflow pages.
    warnings          BLOB    NOT NULL,
    inputs            BLOB    NOT NULL,
    policies          BLOB    NOT NULL,
    PRIMARY KEY (stack_id, number)
) STRICT;

-- Revisions are numbered 1, 2, 3, … per stack without gaps and never change.
CREATE TRIGGER revisions_gapless BEFORE INSERT ON revisions
WHEN NEW.number <> 1 + coalesce(
    (SELECT max(number) FROM revisions WHERE stack_id = NEW.stack_id), 0)
BEGIN
    SELECT raise(ABORT, 'revision numbers must be consecutive');
END;

CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions
BEGIN
    SELECT raise(ABORT, 'revisions are immutable');
END;

CREATE TRIGGER revisions_append_only BEFORE DELETE ON revisions
BEGIN
    SELECT raise(ABORT, 'revisions are never deleted');
END;
