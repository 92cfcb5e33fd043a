-- Attributable deletions (issue 10): who deleted a stack and when (migrations/sqlite/0003 in
-- PostgreSQL's dialect). One row per deletion, kept after the stack is re-created; `revision`
-- is the stack's last revision at the time (a stack is deleted at most once per revision:
-- re-creation always makes a new revision). Numbered 0003 as in SQLite; PostgreSQL's 0001
-- already holds SQLite's 0002, so there is no postgres/0002.

CREATE TABLE deletions (
    stack_id   BIGINT  NOT NULL REFERENCES stacks (id),
    revision   INTEGER NOT NULL CHECK (revision >= 1),
    deleted_at BIGINT  NOT NULL,
    author     TEXT    NOT NULL,
    PRIMARY KEY (stack_id, revision)
);

CREATE FUNCTION deletions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'deletions are immutable and never removed' USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER deletions_append_only BEFORE UPDATE OR DELETE ON deletions
    FOR EACH ROW EXECUTE FUNCTION deletions_append_only();
