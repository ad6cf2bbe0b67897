"""Every operation of practice 1 is in the OpenAPI document, under /api/v1/partnerships/{id}/."""

from tests.base import AccordTestCase

OPERATIONS = {
    ("get", "/api/v1/partnerships/{partnership_id}/objectives"),
    ("post", "/api/v1/partnerships/{partnership_id}/objectives"),
    ("patch", "/api/v1/partnerships/{partnership_id}/objectives/{objective_id}"),
    ("delete", "/api/v1/partnerships/{partnership_id}/objectives/{objective_id}"),
    ("get", "/api/v1/partnerships/{partnership_id}/goals"),
    ("patch", "/api/v1/partnerships/{partnership_id}/goals/{goal_id}"),
    ("post", "/api/v1/partnerships/{partnership_id}/goals/{goal_id}/endorsement"),
    ("delete", "/api/v1/partnerships/{partnership_id}/goals/{goal_id}/endorsement"),
    ("get", "/api/v1/partnerships/{partnership_id}/links"),
    ("post", "/api/v1/partnerships/{partnership_id}/links"),
    ("post", "/api/v1/partnerships/{partnership_id}/links/{link_id}/resolution"),
    ("get", "/api/v1/partnerships/{partnership_id}/alignment"),
    ("get", "/api/v1/partnerships/{partnership_id}/suggestions"),
    ("post", "/api/v1/partnerships/{partnership_id}/suggestions/goal"),
}


class ApiDocumentTests(AccordTestCase):
    def test_every_operation_is_documented_with_its_error_answers(self):
        paths = self.client.get("/api/v1/openapi.json").json()["paths"]
        documented = {(method, path) for path, ops in paths.items() for method in ops}
        self.assertLessEqual(OPERATIONS, documented)
        alignment = paths["/api/v1/partnerships/{partnership_id}/alignment"]["get"]
        self.assertLessEqual({"200", "403", "404"}, set(alignment["responses"]))
