"""Developer and operator tools: generators, importers, benchmarks. Nothing in the product imports this."""
