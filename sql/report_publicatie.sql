-- The report's colophon: when the analysts' database was made and what its protection cost (table publicatie).
SELECT * FROM publicatie ORDER BY gepubliceerd_op DESC LIMIT 1
