-- The indicators of rules.md 5 over the months $van..$tot of monitoring_feiten, at every level.
-- monitoring_maand uses one month (van = tot), monitoring_kwartaal the months of a quarter:
-- flows are summed over the months, stocks (the list, the cumulative casemanager spreadsheets, the
-- residents aged 23-26) are those of the last month present, and medians and averages are taken over persons.
-- Every fact row counts once at each level its gemeente belongs to in regio_indeling (the area's gemeenten
-- and the regions they form, as on the last month present), so a region's flow is the sum of its gemeenten
-- in the area and its median is over its persons, not a median of medians.
-- Rates: op_lijst, instroom and uitstroom per 1,000 residents aged 23-26 of the same region on the last month.
WITH niveaus AS (
    SELECT gemeentecode, niveau, regiocode, regionaam, gemeenten_in_regio, deels_in_gebied
    FROM regio_indeling
    WHERE peildatum = (SELECT max(peildatum) FROM regio_indeling WHERE peildatum BETWEEN $van AND $tot)
),
feiten AS (
    SELECT
        *,
        peildatum = max(peildatum) OVER () AS laatste_maand
    FROM monitoring_feiten
    WHERE peildatum BETWEEN $van AND $tot
),
basis AS (
    SELECT
        n.niveau, n.regiocode, n.regionaam, n.gemeenten_in_regio, n.deels_in_gebied,
        f.*,
        f.bron = 'gemeente' AND f.laatste_maand AS gedekt,
        f.bron = 'lijst' AND f.laatste_maand AND f.status IN ('instroom', 'blijft') AS op_lijst,
        f.bron = 'lijst' AND f.status = 'instroom' AS instroom,
        f.bron = 'lijst' AND f.status = 'uitstroom' AS uitstroom,
        f.bron = 'casemanager' AND f.laatste_maand AS casemanager,
        f.bron = 'werk' AS werk,
        f.bron = 'inwoners' AND f.laatste_maand AS inwoners
    FROM feiten AS f
    JOIN niveaus AS n ON n.gemeentecode = f.gemeentecode
),
cijfers AS (
SELECT
    niveau,
    regiocode,
    regionaam,
    deels_in_gebied,
    gemeenten_in_regio,
    count(DISTINCT gemeentecode) FILTER (WHERE gedekt) AS gemeenten_meegeteld,
    CAST(coalesce(sum(inwoners_23_26) FILTER (WHERE inwoners), 0) AS BIGINT) AS inwoners_23_26,
    count(*) FILTER (WHERE op_lijst) AS op_lijst,
    count(*) FILTER (WHERE instroom) AS instroom,
    count(*) FILTER (WHERE instroom AND soort_instroom = 'nieuw') AS instroom_nieuw,
    count(*) FILTER (WHERE instroom AND soort_instroom = 'terugkeer') AS instroom_terugkeer,
    count(*) FILTER (WHERE instroom AND soort_instroom = 'verhuisd') AS instroom_verhuisd,
    count(*) FILTER (WHERE uitstroom) AS uitstroom,
    count(*) FILTER (WHERE uitstroom AND reden_uitstroom = 'overleden') AS uitstroom_overleden,
    count(*) FILTER (WHERE uitstroom AND reden_uitstroom = 'vertrokken_buitenland') AS uitstroom_vertrokken_buitenland,
    count(*) FILTER (WHERE uitstroom AND reden_uitstroom = 'verhuisd') AS uitstroom_verhuisd,
    count(*) FILTER (WHERE uitstroom AND reden_uitstroom = 'leeftijd') AS uitstroom_leeftijd,
    count(*) FILTER (WHERE uitstroom AND reden_uitstroom = 'startkwalificatie') AS uitstroom_startkwalificatie,
    count(*) FILTER (WHERE uitstroom AND reden_uitstroom = 'onderwijs') AS uitstroom_onderwijs,
    count(*) FILTER (WHERE uitstroom AND reden_uitstroom = 'uitkering') AS uitstroom_uitkering,
    count(*) FILTER (WHERE uitstroom AND reden_uitstroom = 'werk') AS uitstroom_werk,
    count(*) FILTER (WHERE uitstroom AND reden_uitstroom = 'onbekend') AS uitstroom_onbekend,
    count(*) FILTER (WHERE instroom AND categorie = 'zzp') AS instroom_zzp,
    count(*) FILTER (WHERE instroom AND categorie = 'bekend') AS instroom_bekend,
    count(*) FILTER (WHERE instroom AND categorie = 'benaderen') AS instroom_benaderen,
    count(*) FILTER (WHERE instroom AND categorie = 'bezwaar') AS instroom_bezwaar,
    count(*) FILTER (WHERE instroom AND leeftijd = 23) AS instroom_leeftijd_23,
    count(*) FILTER (WHERE instroom AND leeftijd = 24) AS instroom_leeftijd_24,
    count(*) FILTER (WHERE instroom AND leeftijd = 25) AS instroom_leeftijd_25,
    count(*) FILTER (WHERE instroom AND leeftijd = 26) AS instroom_leeftijd_26,
    count(*) FILTER (WHERE instroom AND geslacht = 'M') AS instroom_man,
    count(*) FILTER (WHERE instroom AND geslacht = 'V') AS instroom_vrouw,
    count(*) FILTER (WHERE instroom AND geslacht = 'X') AS instroom_x,
    median(maanden_op_lijst) FILTER (WHERE uitstroom) AS mediaan_maanden_op_lijst_uitstroom,
    count(*) FILTER (WHERE casemanager) AS jongeren_casemanager,
    count(*) FILTER (WHERE casemanager AND kaartje) AS kaartje_verstuurd,
    count(*) FILTER (WHERE casemanager AND reactie_kaartje = 'ja') AS reactie_ja,
    count(*) FILTER (WHERE casemanager AND reactie_kaartje = 'nee') AS reactie_nee,
    count(*) FILTER (WHERE casemanager AND reactie_kaartje = 'geen') AS reactie_geen,
    count(*) FILTER (WHERE casemanager AND huisbezoek) AS huisbezoek,
    count(*) FILTER (WHERE casemanager AND bereikt) AS bereikt,
    count(*) FILTER (WHERE casemanager AND toestemming) AS toestemming,
    count(*) FILTER (WHERE casemanager AND bezwaar) AS bezwaar,
    count(*) FILTER (WHERE casemanager AND ondersteuningsvraag = 'werk') AS vraag_werk,
    count(*) FILTER (WHERE casemanager AND ondersteuningsvraag = 'opleiding') AS vraag_opleiding,
    count(*) FILTER (WHERE casemanager AND ondersteuningsvraag = 'zorg') AS vraag_zorg,
    count(*) FILTER (WHERE casemanager AND ondersteuningsvraag = 'schulden') AS vraag_schulden,
    count(*) FILTER (WHERE casemanager AND ondersteuningsvraag = 'huisvesting') AS vraag_huisvesting,
    count(*) FILTER (WHERE casemanager AND ondersteuningsvraag = 'anders') AS vraag_anders,
    count(*) FILTER (WHERE casemanager AND bestemming = 'opleiding') AS bestemming_opleiding,
    count(*) FILTER (WHERE casemanager AND bestemming = 'werk') AS bestemming_werk,
    count(*) FILTER (WHERE casemanager AND bestemming = 'uitkering') AS bestemming_uitkering,
    count(*) FILTER (WHERE casemanager AND bestemming = 'verhuizing') AS bestemming_verhuizing,
    count(*) FILTER (WHERE casemanager AND bestemming = 'samenwonen') AS bestemming_samenwonen,
    count(*) FILTER (WHERE casemanager AND bestemming = 'dagbesteding') AS bestemming_dagbesteding,
    count(*) FILTER (WHERE casemanager AND bestemming = 'vrijwilligerswerk') AS bestemming_vrijwilligerswerk,
    count(*) FILTER (WHERE casemanager AND bestemming = 'afzien') AS bestemming_afzien,
    count(*) FILTER (WHERE casemanager AND bestemming = 'eigen_onderneming') AS bestemming_eigen_onderneming,
    count(*) FILTER (WHERE casemanager AND bestemming = 'anders') AS bestemming_anders,
    CAST(coalesce(sum(bestede_uren) FILTER (WHERE casemanager), 0) AS DECIMAL(12, 2)) AS uren_totaal,
    count(*) FILTER (WHERE casemanager AND bestede_uren IS NOT NULL) AS uren_totaal_basis,
    -- Taken up = a card was sent; hours booked on a youth without a card still count in the total.
    CAST(
        coalesce(sum(bestede_uren) FILTER (WHERE casemanager), 0) / nullif(count(*) FILTER (WHERE casemanager AND kaartje), 0)
        AS DECIMAL(10, 2)
    ) AS uren_gemiddeld_per_jongere,
    count(*) FILTER (WHERE casemanager AND kaartje) AS uren_gemiddeld_per_jongere_basis,
    count(*) FILTER (WHERE werk) AS werk_uitstroom_gevolgd,
    count(*) FILTER (WHERE werk AND werk_12u) AS werk_12u,
    count(*) FILTER (WHERE werk AND werk_20u) AS werk_20u,
    count(*) FILTER (WHERE werk AND werk_na_3_maanden) AS werk_na_3_maanden,
    count(*) FILTER (WHERE werk AND werk_na_6_maanden) AS werk_na_6_maanden,
    count(*) FILTER (WHERE werk AND contract = 'vast') AS contract_vast,
    count(*) FILTER (WHERE werk AND contract = 'flexibel') AS contract_flexibel,
    count(*) FILTER (WHERE werk AND economisch_zelfstandig) AS economisch_zelfstandig
FROM basis
GROUP BY niveau, regiocode, regionaam, deels_in_gebied, gemeenten_in_regio
HAVING count(*) FILTER (WHERE bron = 'gemeente') > 0
)
SELECT
    *,
    round(1000.0 * op_lijst / nullif(inwoners_23_26, 0), 1) AS op_lijst_per_1000,
    round(1000.0 * instroom / nullif(inwoners_23_26, 0), 1) AS instroom_per_1000,
    round(1000.0 * uitstroom / nullif(inwoners_23_26, 0), 1) AS uitstroom_per_1000
FROM cijfers
