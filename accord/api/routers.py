"""Every app's API router, mounted on the one API object: core's, the audit trail's, the
notifications', the calendar feed's, then each practice's (from its Practice declaration, in
practice order)."""

from accord.api.api import api
from accord.audit.api import router as audit_router
from accord.calendar_feed.api import router as calendar_feed_router
from accord.core.api import router as core_router
from accord.core.practices import practices
from accord.notifications.api import router as notifications_router

api.add_router("", core_router)
api.add_router("", audit_router)
api.add_router("", notifications_router)
api.add_router("", calendar_feed_router)
for practice in practices():
    api.add_router("", practice.api_router())

from accord.webhooks.api import router as webhooks_router  # noqa: E402  (after the practices)

api.add_router("", webhooks_router)

from accord.reports.api import router as reports_router  # noqa: E402

api.add_router("", reports_router)
from accord.portability.api import router as portability_router  # noqa: E402

api.add_router("", portability_router)
from accord.surveys.api import router as surveys_router  # noqa: E402

api.add_router("", surveys_router)
from accord.health.api import router as health_router  # noqa: E402  (builds on every practice)

api.add_router("", health_router)
from accord.portfolio.api import router as portfolio_router  # noqa: E402

api.add_router("", portfolio_router)
