-- The tables every ingest writes besides its own typed table (interfaces.md; ingest_bestanden is ingest's own).
CREATE TABLE IF NOT EXISTS quarantaine (
    peildatum DATE,
    bestand VARCHAR,
    regel BIGINT,
    bsn VARCHAR,
    reden VARCHAR
);

-- One row per file and peildatum: how many data rows were read, loaded and set aside.
CREATE TABLE IF NOT EXISTS ingest_bestanden (
    peildatum DATE,
    bestand VARCHAR,
    rijen_gelezen BIGINT,
    rijen_geladen BIGINT,
    rijen_quarantaine BIGINT
);

-- The delivered files of a peildatum whose rows the warehouse holds now: written by each load, emptied with the rows
-- (privacy.bewaartermijn.LEVERINGEN). A step refuses a month of which a file its run loaded (ingest_bestanden) is
-- gone while another was loaded again (bewaartermijn.ontbrekende_momentopname).
-- `lading`: which load of brp_personen a delivery stored for the target group only was filtered with
-- (SourceSpec.alleen_doelgroep, ingest.csv_source.doelgroep): brp_personen.csv's row holds what its latest load held
-- (its rows' count and the sum of the hashes of their BSN and birth date), such a file's row what the load whose
-- birth dates chose its rows held; NULL for every other file. No person.
CREATE TABLE IF NOT EXISTS ingest_aanwezig (
    peildatum DATE,
    bestand VARCHAR,
    lading VARCHAR
);

CREATE TABLE IF NOT EXISTS casemanager_monitoring (
    peildatum DATE,
    bestand VARCHAR,
    regel BIGINT,
    jib_id VARCHAR,
    gemeentecode VARCHAR,
    datum_kaartje DATE,
    reactie_kaartje VARCHAR,
    datum_huisbezoek DATE,
    bereikt BOOLEAN,
    toestemming BOOLEAN,
    ondersteuningsvraag VARCHAR,
    datum_uitstroom DATE,
    bestemming VARCHAR,
    bestede_uren DECIMAL(8,2),
    bezwaar BOOLEAN
);
