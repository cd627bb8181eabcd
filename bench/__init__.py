"""Shafaf's benchmark: `make bench` runs bench/run.py (bench/README.md)."""
