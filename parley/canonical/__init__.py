"""Cross-document canonicalisation: one actor behind many written names, one real event behind many
reports. Pure functions over table rows (no files, no Prefect); `parley.stages.canonical_stage`
reads and writes the tables. The rules are documented in docs/canonical.md."""

from parley.canonical.events import MergeRules
from parley.canonical.run import CanonicalTables, canonicalise

__all__ = ["CanonicalTables", "MergeRules", "canonicalise"]
