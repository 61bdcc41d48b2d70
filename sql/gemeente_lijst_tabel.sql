-- The table of steps 3 and 4 (interfaces.md): one row per person per peildatum per gemeentecode,
-- created before its first load because the delta of P reads its own earlier months.
-- The identifying fields (bsn, names, address, birth date) are NULL for persons in bezwaar (rules.md 3).
CREATE TABLE IF NOT EXISTS gemeente_lijst (
    peildatum DATE NOT NULL,
    gemeentecode VARCHAR NOT NULL,
    bsn VARCHAR,
    jib_id VARCHAR NOT NULL,
    categorie VARCHAR NOT NULL CHECK (categorie IN ('bezwaar', 'bekend', 'zzp', 'benaderen')),
    status VARCHAR NOT NULL CHECK (status IN ('instroom', 'blijft', 'uitstroom')),
    soort_instroom VARCHAR CHECK (soort_instroom IN ('verhuisd', 'terugkeer', 'nieuw')),
    reden_uitstroom VARCHAR CHECK (reden_uitstroom IN (
        'overleden', 'vertrokken_buitenland', 'verhuisd', 'leeftijd', 'startkwalificatie',
        'onderwijs', 'uitkering', 'werk', 'onbekend'
    )),
    verhuisd_van VARCHAR,
    verhuisd_naar VARCHAR,
    datum_instroom DATE NOT NULL,
    eerste_maand BOOLEAN NOT NULL,
    geslachtsnaam VARCHAR,
    voorvoegsel VARCHAR,
    voornamen VARCHAR,
    geboortedatum DATE,
    geslacht VARCHAR,
    leeftijd INTEGER,
    straatnaam VARCHAR,
    huisnummer INTEGER,
    huisletter VARCHAR,
    huisnummertoevoeging VARCHAR,
    postcode VARCHAR,
    woonplaats VARCHAR,
    hoogste_diploma VARCHAR,
    laatste_onderwijssoort VARCHAR,
    inkomen_werk DECIMAL(12, 2)
)
