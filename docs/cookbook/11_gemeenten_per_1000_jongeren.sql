-- Welke gemeenten hebben naar verhouding de meeste jongeren op de lijst? Per 1.000 inwoners van 23 t/m 26
-- jaar, in het laatste kwartaal en in hetzelfde kwartaal een jaar eerder (NULL als dat er niet is).
-- Een rate is onderdrukt (NULL) als het aantal zelf onderdrukt is; inwoners_23_26 is nooit onderdrukt.
WITH laatste AS (
    SELECT max(kwartaal) AS kwartaal FROM monitoring_kwartaal WHERE maanden = 3
)
SELECT
    nu.niveau, nu.regiocode, nu.regionaam, nu.kwartaal, nu.inwoners_23_26,
    nu.op_lijst, nu.op_lijst_per_1000, nu.instroom_per_1000, nu.uitstroom_per_1000,
    jaar_eerder.op_lijst_per_1000 AS op_lijst_per_1000_jaar_eerder
FROM monitoring_kwartaal AS nu
LEFT JOIN monitoring_kwartaal AS jaar_eerder
    ON jaar_eerder.regiocode = nu.regiocode
   AND jaar_eerder.kwartaal = (CAST(left(nu.kwartaal, 4) AS INTEGER) - 1) || right(nu.kwartaal, 3)
WHERE nu.kwartaal = (SELECT kwartaal FROM laatste)
  AND nu.niveau IN ('gemeente', 'subregio')
ORDER BY nu.op_lijst_per_1000 DESC NULLS LAST, nu.regiocode;
