"""HTTP plumbing shared by the JSON API and the UI: middleware, errors, health."""
