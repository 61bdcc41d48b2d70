"""The asset graph, one module per step of the chain: ingest, DUO selection, IB enrichment,
municipal filtering and monthly delta, monitoring, publication."""
