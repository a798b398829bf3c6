"""Scoring of extracted events against gold files (the protocol of EVENT-MODEL.md), pure."""
