-- jib wat-als --leeftijd: the target age of rules.md 1.1 read from the variant's parameter table
-- (wat_als_parameters, one row) instead of 23 up to 27. Installed on the in-memory simulation only.
CREATE OR REPLACE TEMP MACRO doelgroepleeftijd(leeftijd) AS
    leeftijd BETWEEN (SELECT leeftijd_van FROM wat_als_parameters) AND (SELECT leeftijd_tot FROM wat_als_parameters)
