"""Turn a file, a folder or a URL into one measured value with its provenance.

Pure Python with no Django and no database, so `okrs metric` runs anywhere and `okrs
measure`, the web pages and the API reuse the same code. One module per kind under
`okrs/metrics/kinds/`, each defining `KIND`; `registry` finds them.
"""
