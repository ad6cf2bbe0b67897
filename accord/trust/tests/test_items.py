"""Shared items: links and documents, the upload checks, the download's headers and access, and
marks of reading; a private item never reaches the other party."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from accord.trust import services
from accord.trust.models import ItemRead, SharedItem
from accord.trust.tests.base import TrustTestCase
from accord.trust.uploads import safe_filename

PDF = b"%PDF-1.4\n%%EOF\n"
DOCX = b"PK\x03\x04 not really a docx but zipped enough"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


class UploadCheckTests(TrustTestCase):
    def share(self, name: str, content: bytes, content_type: str) -> SharedItem:
        return services.item_create(
            **self.acting_as(self.bob), title="Doc", upload=upload(name, content, content_type)
        )

    def refused(self, name: str, content: bytes, content_type: str) -> str:
        with self.assertRaises(ValidationError) as refused:
            self.share(name, content, content_type)
        self.assertFalse(SharedItem.objects.exists())
        return refused.exception.message_dict["file"][0]

    def test_kinds_not_accepted_are_refused(self):
        for name in ("run.exe", "page.html", "image.svg", "noextension"):
            with self.subTest(name=name):
                self.assertIn(
                    "not accepted", self.refused(name, b"MZ...", "application/octet-stream")
                )

    def test_a_declared_type_must_agree_with_the_name(self):
        self.assertIn("do not agree", self.refused("plan.pdf", PDF, "text/html"))

    def test_a_pdf_or_image_must_be_one(self):
        self.assertIn("content differs", self.refused("plan.pdf", b"<script>", "application/pdf"))
        self.assertIn("content differs", self.refused("x.png", b"GIF89a....", "image/png"))

    @override_settings(ACCORD_UPLOAD_MAX_MB=1)
    def test_the_size_limit(self):
        big = PDF + b"0" * (1024 * 1024)
        self.assertIn("the limit is 1 MB", self.refused("big.pdf", big, "application/pdf"))

    def test_an_empty_file(self):
        self.assertIn("empty", self.refused("e.pdf", b"", "application/pdf"))

    def test_safe_filenames(self):
        self.assertEqual(safe_filename("../../etc/passwd"), "passwd")
        self.assertEqual(safe_filename("C:\\Users\\x\\Plän 2026 (v2).pdf"), "Plan_2026_v2_.pdf")
        self.assertEqual(safe_filename('a"b;c.pdf'), "a_b_c.pdf")
        self.assertEqual(safe_filename("..."), "document")
        self.assertEqual(len(safe_filename("x" * 300 + ".pdf")), 100)

    def test_the_stored_name_is_random_and_kept_under_the_partnership(self):
        item = self.share("../../Plän.pdf", PDF, "application/pdf")
        self.assertTrue(item.file.name.startswith(f"trust/{self.partnership.pk}/"))
        self.assertNotIn("Pl", item.file.name)
        self.assertEqual(
            (item.filename, item.content_type, item.size), ("Plan.pdf", "application/pdf", len(PDF))
        )


class DownloadTests(TrustTestCase):
    pdf: SharedItem
    docx: SharedItem
    secret: SharedItem

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        by_bob = cls.acting_as(cls.bob)
        cls.pdf = services.item_create(
            **by_bob, title="Plan", upload=upload("plan.pdf", PDF, "application/pdf")
        )
        cls.docx = services.item_create(
            **by_bob, title="Minutes", upload=upload("minutes.docx", DOCX, DOCX_TYPE)
        )
        cls.secret = services.item_create(
            **by_bob,
            title="Our costs",
            note="Margins inside",
            upload=upload("costs.pdf", PDF, "application/pdf"),
            visibility="private",
        )

    def download(self, user, item: SharedItem):
        self.client.force_login(user)
        return self.client.get(reverse("accord-item-download", args=[self.partnership.pk, item.pk]))

    def test_a_pdf_shows_inline_and_anything_else_downloads(self):
        pdf = self.download(self.alice, self.pdf)
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf["Content-Disposition"].startswith("inline"))
        self.assertEqual(b"".join(pdf.streaming_content), PDF)
        docx = self.download(self.alice, self.docx)
        self.assertEqual(docx["Content-Disposition"], 'attachment; filename="minutes.docx"')
        for response in (pdf, docx):
            self.assertEqual(response["X-Content-Type-Options"], "nosniff")
            self.assertIn("sandbox", response["Content-Security-Policy"])

    def test_a_private_items_file_is_404_to_the_other_party_by_page_and_api(self):
        self.assertEqual(self.download(self.alice, self.secret).status_code, 404)
        self.assertEqual(self.download(self.amy, self.secret).status_code, 404)
        self.assertEqual(self.download(self.bea, self.secret).status_code, 200)
        path = f"/partnerships/{self.partnership.pk}/items/{self.secret.pk}/file"
        response = self.api("get", path, self.alice)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"costs", response.content)

    def test_a_private_item_never_shows_to_the_other_party(self):
        page = self.page_as(self.alice, "accord-trust")
        self.assertNotContains(page, "Our costs")
        self.assertNotContains(page, "Margins inside")
        listed = self.api_list(f"/partnerships/{self.partnership.pk}/items", self.alice)
        self.assertEqual({i["title"] for i in listed}, {"Plan", "Minutes"})

    def test_there_is_no_public_url_for_uploads(self):
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get("/uploads/" + self.pdf.file.name).status_code, 404)

    def test_upload_through_the_api(self):
        path = f"/api/v1/partnerships/{self.partnership.pk}/items/upload"
        headers = {"Authorization": f"Bearer {self.token_for(self.alice)}"}
        response = self.client.post(
            path,
            {
                "title": "Alpha's plan",
                "note": "For Q3",
                "file": upload("q3.pdf", PDF, "application/pdf"),
            },
            headers=headers,
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            (body["kind"], body["filename"], body["owner_organization"]["slug"]),
            ("document", "q3.pdf", "alpha"),
        )
        bad = self.client.post(
            path,
            {"title": "x", "file": upload("x.exe", b"MZ", "application/octet-stream")},
            headers=headers,
        )
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(bad.json()["errors"][0]["field"], "file")

    def test_deleting_an_item_removes_its_file(self):
        item = services.item_create(
            **self.acting_as(self.bob), title="Temp", upload=upload("t.pdf", PDF, "application/pdf")
        )
        storage, name = item.file.storage, item.file.name
        with self.captureOnCommitCallbacks(execute=True):
            services.item_delete(record=item, actor=self.bob)
        self.assertFalse(storage.exists(name))


class ReadMarkTests(TrustTestCase):
    def test_the_other_party_marks_read_once_and_the_sharer_cannot(self):
        item = services.item_create(
            **self.acting_as(self.bob), title="L", url="https://example.com"
        )
        first = services.item_mark_read(item=item, party=self.party_a, actor=self.alice)
        again = services.item_mark_read(item=item, party=self.party_a, actor=self.amy)
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(ItemRead.objects.count(), 1)
        with self.assertRaises(ValidationError):
            services.item_mark_read(item=item, party=self.party_b, actor=self.bob)

    def test_a_link_needs_an_address(self):
        with self.assertRaises(ValidationError) as refused:
            services.item_create(**self.acting_as(self.bob), title="L", url="javascript:alert(1)")
        self.assertIn("url", refused.exception.message_dict)

    def test_marking_read_by_page(self):
        item = services.item_create(
            **self.acting_as(self.bob), title="L", url="https://example.com"
        )
        self.client.force_login(self.alice)
        page = self.client.get(reverse("accord-trust", args=[self.partnership.pk]))
        read = reverse("accord-item-read", args=[self.partnership.pk, item.pk])
        self.assertContains(page, read)
        self.assertEqual(self.client.post(read, {"version": item.version}).status_code, 302)
        page = self.client.get(reverse("accord-trust", args=[self.partnership.pk]))
        self.assertNotContains(page, read)
        self.assertContains(page, "read by Alpha Energy")


class ItemPageTests(TrustTestCase):
    def test_share_a_document_by_page_and_see_a_refusal_by_its_field(self):
        self.client.force_login(self.alice)
        url = reverse("accord-item-new", args=[self.partnership.pk])
        refused = self.client.post(
            url,
            {
                "title": "Bad",
                "visibility": "shared",
                "file": upload("run.exe", b"MZ", "application/octet-stream"),
            },
        )
        self.assertContains(refused, "not accepted", status_code=400)
        self.assertFalse(SharedItem.objects.exists())
        shared = self.client.post(
            url,
            {
                "title": "Plan",
                "note": "Q3",
                "visibility": "shared",
                "file": upload("plan.pdf", PDF, "application/pdf"),
            },
        )
        self.assertEqual(shared.status_code, 302)
        item = SharedItem.objects.get()
        self.assertEqual((item.kind, item.owner_party), ("document", self.party_a))
        page = self.page_as(self.bob, "accord-trust")
        self.assertContains(
            page, reverse("accord-item-download", args=[self.partnership.pk, item.pk])
        )
