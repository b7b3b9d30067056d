"""API tokens: their model and the services that create, check and revoke them.

Their own app, beside the shells that use them (the API authenticates with them, the web
app and the CLI create and revoke them), so no shell imports another. The app label stays
"api", where the tokens lived first: the table and the migration history are unchanged.
"""
