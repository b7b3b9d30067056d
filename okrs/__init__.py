"""okrs: self-hosted OKRs for software organisations."""

__version__ = "0.1.0"
