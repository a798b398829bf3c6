"""Russian resources: data files beside this package and the hook module `hooks.py` (see loader.hooks)."""
