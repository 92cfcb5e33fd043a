-- Restore (issue 13): a revision made by restoring an earlier revision records that
-- revision's number. NULL for every other revision, including all revisions written
-- before this migration. Revisions are gapless, so any number from 1 to `number - 1`
-- names an existing earlier revision of the same stack.

ALTER TABLE revisions ADD COLUMN restored_from INTEGER
    CHECK (restored_from IS NULL OR (restored_from >= 1 AND restored_from < number));
