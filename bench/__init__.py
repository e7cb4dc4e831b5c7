"""Benchmarks (not part of the test run): `python -m bench.agency`, `bench/pdf_render.py`."""
