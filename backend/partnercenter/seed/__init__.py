"""Demo and benchmark data."""

from partnercenter.seed.demo import DEMO_PASSWORD, SeedSummary, format_logins, seed_demo

__all__ = ["DEMO_PASSWORD", "SeedSummary", "format_logins", "seed_demo"]
