-- The quarters published for a region (to say which exist when the one asked for does not).
SELECT DISTINCT kwartaal FROM monitoring_kwartaal WHERE regiocode = $regio ORDER BY kwartaal
