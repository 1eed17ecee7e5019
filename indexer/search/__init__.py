"""Searching the index: parsing, finding, ranking, counting, snippets and spelling."""
