"""Unit tests: the engine in this process (no MkDocs build, no subprocess, no browser)."""
