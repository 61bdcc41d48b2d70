-- Shared definitions of rules.md, installed on every connection (db.connect / db.install_macros).
-- Completed age in years on date p (rules.md 1.1): year difference, minus one before the birthday.
CREATE OR REPLACE TEMP MACRO leeftijd_op(geboortedatum, p) AS
    year(p) - year(geboortedatum)
    - CASE WHEN month(p) * 100 + day(p) < month(geboortedatum) * 100 + day(geboortedatum) THEN 1 ELSE 0 END;
-- A period holds on d (rules.md, Periods): begindatum <= d and (einddatum empty or d <= einddatum).
CREATE OR REPLACE TEMP MACRO geldig_op(begindatum, einddatum, d) AS
    begindatum <= d AND (einddatum IS NULL OR d <= einddatum);
-- The target age of rules.md 1.1: a completed age of 23 up to 27 (NULL when the age is unknown).
CREATE OR REPLACE TEMP MACRO doelgroepleeftijd(leeftijd) AS leeftijd BETWEEN 23 AND 26;
-- A DUO-known person no rule of month p can need (rules.md 1-4): one BRP record with a birth date, and not of the
-- target age on p nor on the month before (vorige: someone leaving a list). persoon_toestand keeps no row for
-- them and duo_beoordeling no outcome; buiten_doelgroep counts them by reason.
CREATE OR REPLACE TEMP MACRO buiten_doelgroep(brp_records, geboortedatum, p, vorige) AS
    brp_records = 1 AND geboortedatum IS NOT NULL
    AND NOT doelgroepleeftijd(leeftijd_op(geboortedatum, p)) AND NOT doelgroepleeftijd(leeftijd_op(geboortedatum, vorige));
