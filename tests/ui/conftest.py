"""Fixtures for the page tests: the multi-node network of the exchange tests, for the Exchange pages."""

from tests.node.exchange.conftest import network  # noqa: F401 - re-exported as a fixture
