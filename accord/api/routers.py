"""Every app's API router, mounted on the one API object."""

from accord.alignment.api import router as alignment_router
from accord.api.api import api
from accord.audit.api import router as audit_router
from accord.core.api import router as core_router
from accord.longterm.api import router as longterm_router

api.add_router("", core_router)
api.add_router("", audit_router)
api.add_router("", alignment_router)
api.add_router("", longterm_router)
