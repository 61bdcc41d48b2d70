"""Privacy by design: the jib_id pseudonym, suppression of small numbers, objection and erasure."""
