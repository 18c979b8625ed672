"""Benchmarks (`make bench`): separate from the tests, never timed assertions in `make test`."""
