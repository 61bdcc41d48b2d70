-- The months the delta has processed, so that a month whose lists were all empty still counts as
-- processed (rules.md 4: P is compared with P-1; the first month processed is all instroom).
SELECT CAST($peildatum AS DATE) AS peildatum, CAST($eerste_maand AS BOOLEAN) AS eerste_maand
