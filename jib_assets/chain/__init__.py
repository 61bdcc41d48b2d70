"""The chain of rules.md, one module per step: duo_selectie, ib_verrijking, gemeente_filter, maand_delta, monitoring."""
