"""Wire types, codec, envelope, limits and error codes of the ncen exchange: pure functions, no I/O."""
