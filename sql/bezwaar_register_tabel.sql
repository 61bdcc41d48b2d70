-- The keyed pseudonyms of youths in objection (rules.md 3, opt-out) and the first month a casemanager
-- spreadsheet marked them: all that is kept to keep honouring the objection.
CREATE TABLE IF NOT EXISTS bezwaar_register (
    jib_id VARCHAR NOT NULL,
    peildatum_bezwaar DATE NOT NULL
)
