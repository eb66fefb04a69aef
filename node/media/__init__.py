"""Case pictures: checking and cleaning uploads (``images``) and the content-addressed file store (``attachments``).

Everything here is synchronous and CPU- or disk-bound; services call it through a thread executor.
"""
