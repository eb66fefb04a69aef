"""The rules of the node: each service checks roles, validates input and audits what it changes."""
