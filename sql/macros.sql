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
