"""Login throttling that nobody can turn against someone else."""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class AccountAndAddressHandler(AxesDatabaseHandler):
    """Two rules (AXES_LOCKOUT_PARAMETERS lists the (account, address) pair, then the account):

    - an account is locked for one client address after AXES_FAILURE_LIMIT failures from it;
    - an account is locked for everyone only after ACCORD_ACCOUNT_FAILURE_LIMIT failures from
      any addresses (a much larger number), so that one address cannot lock a user out while a
      password-guessing spread over many addresses is still stopped.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        pair, account = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if account >= settings.ACCORD_ACCOUNT_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair
