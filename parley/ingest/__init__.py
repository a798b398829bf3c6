"""Pure ingestion: bytes and metadata in, cleaned documents or reject reasons out (no file IO)."""
