"""Jongeren in Beeld: DUO selection -> IB enrichment -> municipal filtering -> monthly delta -> monitoring."""
