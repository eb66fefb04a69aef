"""The ncen node: configuration, composition root, services, HTTP API, exchange and CLI."""

__version__ = "0.1.0"
