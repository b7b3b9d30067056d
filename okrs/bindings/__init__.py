"""Key results bound to a metric source: measured on a cadence, every value with provenance."""
