"""parley: meeting and agreement events from multilingual news, as Parquet tables.

The package is the Prefect-free core. Orchestration lives in the top-level `flows/` and `tasks/`.
"""

__version__ = "0.1.0"
