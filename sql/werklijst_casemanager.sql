-- rules.md 3: the casemanager's worklist of $peildatum: the instroom of categorie zzp and benaderen,
-- with jib_id, name, address, birth date, card variant and datum_instroom. Never a BSN.
SELECT
    peildatum,
    gemeentecode,
    jib_id,
    geslachtsnaam,
    voorvoegsel,
    voornamen,
    straatnaam,
    huisnummer,
    huisletter,
    huisnummertoevoeging,
    postcode,
    woonplaats,
    geboortedatum,
    categorie,
    datum_instroom
FROM gemeente_lijst
WHERE peildatum = $peildatum
  AND status = 'instroom'
  AND categorie IN ('zzp', 'benaderen')
ORDER BY gemeentecode, geslachtsnaam, voornamen, jib_id
