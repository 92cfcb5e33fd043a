-- Stacks and their append-only, gapless revision history (the schema of
-- migrations/sqlite/0001 and 0002 in PostgreSQL's dialect).
-- Times are integer milliseconds since the Unix epoch (UTC); JSON columns hold
-- the canonical bytes supplied by the service, verbatim. Names sort bytewise
-- (COLLATE "C"), as in SQLite, so listings and their cursors agree across backends.

CREATE TABLE stacks (
    id               BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    namespace        TEXT    COLLATE "C" NOT NULL,
    name             TEXT    COLLATE "C" NOT NULL,
    -- Current inputs (may be newer than the current revision's inputs).
    inputs           BYTEA   NOT NULL,
    current_revision INTEGER NOT NULL CHECK (current_revision >= 1),
    -- Bumped on every change of inputs or current revision, on deletion and re-creation.
    generation       BIGINT  NOT NULL CHECK (generation >= 1),
    etag             TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    -- NULL while the stack is live; its revisions outlive deletion.
    deleted_at       BIGINT,
    UNIQUE (namespace, name)
);

CREATE TABLE revisions (
    stack_id          BIGINT  NOT NULL REFERENCES stacks (id),
    number            INTEGER NOT NULL CHECK (number >= 1),
    digest            TEXT    NOT NULL,
    enabled           BOOLEAN NOT NULL,
    reason            TEXT    NOT NULL,
    author            TEXT    NOT NULL,
    created_at        BIGINT  NOT NULL,
    change_summary    TEXT    NOT NULL,
    generator_version TEXT    NOT NULL,
    warnings          BYTEA   NOT NULL,
    inputs            BYTEA   NOT NULL,
    policies          BYTEA   NOT NULL,
    -- The revision whose inputs this one restored (NULL for an ordinary revision).
    restored_from     INTEGER CHECK (restored_from IS NULL OR (restored_from >= 1 AND restored_from < number)),
    PRIMARY KEY (stack_id, number)
);

ALTER TABLE stacks ADD FOREIGN KEY (id, current_revision) REFERENCES revisions (stack_id, number)
    DEFERRABLE INITIALLY DEFERRED;

-- Revisions are numbered 1, 2, 3, … per stack without gaps and never change. Writers of a
-- stack hold its row lock (SELECT … FOR UPDATE), so the maximum below cannot move under them.
CREATE FUNCTION revisions_gapless() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.number <> 1 + coalesce((SELECT max(number) FROM revisions WHERE stack_id = NEW.stack_id), 0) THEN
        RAISE EXCEPTION 'revision numbers must be consecutive' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER revisions_gapless BEFORE INSERT ON revisions
    FOR EACH ROW EXECUTE FUNCTION revisions_gapless();

CREATE FUNCTION revisions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'revisions are immutable and never deleted' USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER revisions_immutable BEFORE UPDATE OR DELETE ON revisions
    FOR EACH ROW EXECUTE FUNCTION revisions_immutable();
