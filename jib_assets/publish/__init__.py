"""Publication, the last step of the chain: each municipality's exports and the analysts' database."""
