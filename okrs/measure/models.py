"""Bindings of key results to metric sources, and the measurements they made."""
