"""Moved to `partnercenter.accounts.totp` (the second factor belongs to accounts, where every
slice finds it). This re-export keeps the coupons and orders imports working until they change."""

from partnercenter.accounts.totp import require_second_factor, second_factor_required, verify_code

__all__ = ["require_second_factor", "second_factor_required", "verify_code"]
