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
