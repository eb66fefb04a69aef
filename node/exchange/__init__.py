"""Icomm, the exchange between nodes: keys, issuing records, receiving them, serving the feed, syncing.

The wire rules live in protocol/ (docs/protocol.md); this package applies them with the node's store:
every page received, every record issued, every rotation is one transaction.
"""
