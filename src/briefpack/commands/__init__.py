"""Commands: one module per CLI verb, each a library function the CLI calls."""
