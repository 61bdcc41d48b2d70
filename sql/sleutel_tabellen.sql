-- The guard of the pseudonym key (privacy/sleutel.py). A keyed fingerprint of each key the warehouse's
-- jib_ids were made with, never the key itself; the current key is the row without in_gebruik_tot.
CREATE TABLE IF NOT EXISTS sleutel_vingerafdruk (
    vingerafdruk VARCHAR NOT NULL,
    in_gebruik_vanaf TIMESTAMP NOT NULL,
    in_gebruik_tot TIMESTAMP
);

-- Every jib_id a key rotation replaced, and its jib_id under the current key (NULL: the person could not
-- be found in the warehouse or any landing delivery, see docs/privacy.md). Spreadsheets that still use an
-- old jib_id are read through it; a later rotation updates jib_id_nieuw, so it always maps to the current key.
CREATE TABLE IF NOT EXISTS sleutel_rotatie (
    jib_id_oud VARCHAR NOT NULL,
    jib_id_nieuw VARCHAR,
    geroteerd_op TIMESTAMP NOT NULL
);
