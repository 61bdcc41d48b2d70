-- The DUO-known persons of a peildatum whose DUO rows were not stored (SourceSpec.alleen_doelgroep: the month's
-- brp_personen puts them outside the target group; ingest.csv_source.doelgroep): their BSN once per file, for the run
-- only (it goes with the deliveries). persoon_basis.sql counts them in buiten_doelgroep and the reconciliation
-- niemand_verdwijnt recounts them, as when their rows were stored.
CREATE TABLE IF NOT EXISTS duo_buiten (
    peildatum DATE,
    bestand VARCHAR,
    bsn VARCHAR
);
