"""Record bodies: the one JSON shape of each record type, shared by the API, exports and the exchange."""
