"""Per-language resource files (one folder per language, the same file set in each), validated on load."""
