"""Wire types, codec, envelope, limits and error codes of the ncen exchange: pure functions, no I/O.

Icomm (docs/protocol.md) is built from these modules, each owning one noun:

- ``codec``: the one canonical msgpack form; ``limits``: every bound; ``reasons``: refusal reason codes
  and ``ProtocolError`` (``errors`` holds the coarse ``ErrorCode`` shared with the JSON API);
- ``recordtypes``, ``envelope`` (signed records), ``bodies`` (per-type body validators), ``audience``
  (recipients and handling codes), ``nonnominal`` (the global CEN's allow-list), ``lifecycle`` (tombstone,
  key rotation and revocation bodies), ``keyring`` (trusted keys and cut-offs), ``revisions`` (the
  receiver's apply/duplicate/stale/equivocation rule);
- ``requests`` (signed HTTP requests), ``sync`` (hello, feed pages, cursors, notify, error bodies),
  ``attachments`` (fetch by hash and range); ``card``, ``roles``, ``version``, ``timefmt``, ``codes``.
"""
