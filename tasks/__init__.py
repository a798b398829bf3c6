"""Thin Prefect task wrappers: paths in, a call into the `parley` core, paths (or small reports) out."""
