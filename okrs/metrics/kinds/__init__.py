"""One module per metric kind, or one package when the kind has helpers (its parsers, its
fetchers); each module or package `__init__.py` defines `KIND = Kind(...)`."""
