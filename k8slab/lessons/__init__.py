"""Lessons as versioned data: the schema, the loader and the linter."""
