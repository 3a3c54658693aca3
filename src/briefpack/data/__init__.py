"""Data: YAML with the line of every value, the models, loading, the playbook overlay,
cross-reference checks, discovery of data files and JSON Schema."""
