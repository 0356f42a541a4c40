"""The JSON Schemas notelint validates its outputs against (shipped as lint.schema)."""
