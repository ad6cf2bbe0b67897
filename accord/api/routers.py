"""Every app's API router, mounted on the one API object."""

from accord.api.api import api
from accord.audit.api import router as audit_router
from accord.core.api import router as core_router

api.add_router("", core_router)
api.add_router("", audit_router)
