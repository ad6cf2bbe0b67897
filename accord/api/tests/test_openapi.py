from django.test import TestCase


class OpenApiTests(TestCase):
    def test_document_describes_every_operation(self):
        schema = self.client.get("/api/v1/openapi.json").json()
        operations = {
            (method.upper(), path) for path, item in schema["paths"].items() for method in item
        }
        for expected in [
            ("GET", "/api/v1/partnerships"),
            ("POST", "/api/v1/partnerships"),
            ("GET", "/api/v1/partnerships/{partnership_id}"),
            ("PATCH", "/api/v1/partnerships/{partnership_id}"),
            ("GET", "/api/v1/partnerships/{partnership_id}/parties"),
            ("POST", "/api/v1/partnerships/{partnership_id}/invitations"),
            ("POST", "/api/v1/invitations/{token}/accept"),
            ("GET", "/api/v1/partnerships/{partnership_id}/audit"),
        ]:
            self.assertIn(expected, operations)

    def test_document_declares_bearer_auth(self):
        schema = self.client.get("/api/v1/openapi.json").json()
        schemes = schema["components"]["securitySchemes"]
        self.assertIn("bearer", {s.get("scheme") for s in schemes.values()})

    def test_path_ids_are_integers(self):
        schema = self.client.get("/api/v1/openapi.json").json()
        parameters = schema["paths"]["/api/v1/partnerships/{partnership_id}"]["get"]["parameters"]
        self.assertEqual(parameters[0]["schema"]["type"], "integer")

    def test_interactive_docs_are_served(self):
        response = self.client.get("/api/v1/docs")
        self.assertContains(response, "swagger-ui")
