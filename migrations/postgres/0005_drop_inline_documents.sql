-- After the move of 0004 every revision reads its documents from `objects` (migrations/sqlite/0005
-- in PostgreSQL's dialect): the inline copies go, and revisions are immutable again.

ALTER TABLE revisions
    DROP COLUMN warnings,
    DROP COLUMN inputs,
    DROP COLUMN policies,
    ALTER COLUMN warnings_parts SET NOT NULL,
    ALTER COLUMN inputs_parts SET NOT NULL,
    ALTER COLUMN policies_parts SET NOT NULL;

CREATE TRIGGER revisions_immutable BEFORE UPDATE OR DELETE ON revisions
    FOR EACH ROW EXECUTE FUNCTION revisions_immutable();

-- The document a revision's parts make, byte for byte: head || items joined by "," || tail,
-- read in the same statement as the revision. PL/pgSQL keeps the plan of its query for the
-- session (a plain SQL function with subqueries is planned again on every call).
CREATE FUNCTION stored_document(parts BIGINT[]) RETURNS BYTEA LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
DECLARE
    document BYTEA;
BEGIN
    SELECT (SELECT body FROM objects WHERE id = parts[1])
            || coalesce(string_agg(o.body, '\x2c'::bytea ORDER BY p.position), '\x'::bytea)
            || (SELECT body FROM objects WHERE id = parts[2])
        INTO document
        FROM unnest(parts[3:]) WITH ORDINALITY AS p(id, position) JOIN objects o ON o.id = p.id;
    RETURN document;
END
$$;
