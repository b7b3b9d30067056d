"""One module per metric kind; each defines `KIND = Kind(...)`."""
