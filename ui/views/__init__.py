"""UI request handlers, one module per area."""
