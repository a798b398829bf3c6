"""Prefect flows: orchestration only, read top to bottom, each step a task from `tasks/`."""
