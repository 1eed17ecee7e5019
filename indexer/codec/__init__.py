"""The storage codec: how the index is laid out on disk and read back quickly."""
