-- GX frame `rijen` of werklijst_casemanager: this month's rows, only columns that identify nobody.
-- Only the shape of the postcode (digits as 9, capitals as A): the check needs no address.
SELECT gemeentecode, categorie,
       date_diff('month', datum_instroom, peildatum) AS maanden_sinds_instroom,
       translate(postcode, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
                 '9999999999AAAAAAAAAAAAAAAAAAAAAAAAAAaaaaaaaaaaaaaaaaaaaaaaaaaa') AS postcode_vorm
FROM werklijst_casemanager WHERE peildatum = $peildatum
