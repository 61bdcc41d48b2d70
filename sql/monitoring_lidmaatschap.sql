-- lidmaatschap for the suppression and the analysts: for every published level above gemeente, the area's
-- gemeenten the region sums, as on the latest peildatum of regio_indeling.
SELECT niveau, regiocode, gemeentecode
FROM regio_indeling
WHERE peildatum = (SELECT max(peildatum) FROM regio_indeling) AND niveau <> 'gemeente'
ORDER BY niveau, regiocode, gemeentecode
