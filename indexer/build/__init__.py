"""Building the index: full and incremental builds, and the files beside it."""
