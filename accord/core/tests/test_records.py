"""The shared rules of partnership records, shown on a test-only record type (tests.memos)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accord.audit.models import AuditEvent
from accord.core import access
from accord.core.errors import StaleEdit
from accord.core.models import Visibility
from accord.core.records import record_create, record_update
from accord.core.services import membership_set
from tests.base import AccordTestCase
from tests.memos.models import Memo


class RecordRulesTests(AccordTestCase):
    shared: Memo
    private: Memo

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.shared = cls.record(Memo, text="Shared")
        cls.private = cls.record(Memo, private=True, text="Secret")

    def visible_texts(self, user) -> set[str]:
        return set(Memo.objects.visible_to(user).values_list("text", flat=True))

    def test_each_persona_sees_what_it_should(self):
        self.assertEqual(self.visible_texts(self.bob), {"Shared", "Secret"})
        self.assertEqual(self.visible_texts(self.bea), {"Shared", "Secret"})
        self.assertEqual(self.visible_texts(self.alice), {"Shared"})
        self.assertEqual(self.visible_texts(self.amy), {"Shared"})
        self.assertEqual(self.visible_texts(self.ann), set())
        self.assertEqual(self.visible_texts(self.olga), set())

    def test_membership_of_the_other_organization_alone_does_not_open_its_private_records(self):
        # alice works on Alpha's team and is also a viewer at Beta, but not on Beta's team.
        membership_set(organization=self.beta, user=self.alice, role="viewer", actor=None)
        self.assertEqual(self.visible_texts(self.alice), {"Shared"})
        grant = access.partnership_access(self.alice, self.partnership.pk)
        with self.assertRaises(Http404):
            access.record_for(grant, Memo.objects.all(), self.private.pk)
        history = self.api("get", f"/partnerships/{self.partnership.pk}/audit", self.alice)
        self.assertNotIn("Secret", history.content.decode())

    def test_record_for_hides_the_other_partys_private_record(self):
        grant = access.partnership_access(self.alice, self.partnership.pk)
        with self.assertRaises(Http404):
            access.record_for(grant, Memo.objects.all(), self.private.pk)
        self.assertEqual(access.record_for(grant, Memo.objects.all(), self.shared.pk), self.shared)

    def test_only_the_owning_party_changes_a_record(self):
        alpha = access.partnership_access(self.alice, self.partnership.pk)
        with self.assertRaises(PermissionDenied):
            access.record_for(alpha, Memo.objects.all(), self.shared.pk, "edit")
        beta = access.partnership_access(self.bob, self.partnership.pk)
        self.assertEqual(
            access.record_for(beta, Memo.objects.all(), self.shared.pk, "edit"), self.shared
        )

    def test_joint_records_may_be_changed_by_every_party(self):
        alpha = access.partnership_access(self.alice, self.partnership.pk)
        Memo.EDITABLE_BY_ALL_PARTIES = True
        try:
            self.assertTrue(alpha.can_edit_record(self.shared))
        finally:
            Memo.EDITABLE_BY_ALL_PARTIES = False
        self.assertFalse(alpha.can_edit_record(self.shared))

    def test_viewers_change_nothing(self):
        viewer = access.partnership_access(self.vic, self.partnership.pk)
        self.assertFalse(viewer.can_edit)
        with self.assertRaises(PermissionDenied):
            access.partnership_access(self.vic, self.partnership.pk, "edit")

    def test_a_stale_record_edit_is_refused(self):
        record_update(
            record=self.shared, actor=self.bob, expected_version=1, changes={"text": "First"}
        )
        with self.assertRaises(StaleEdit) as caught:
            record_update(
                record=self.shared, actor=self.bea, expected_version=1, changes={"text": "Second"}
            )
        self.assertEqual(caught.exception.current.version, 2)
        self.shared.refresh_from_db()
        self.assertEqual(self.shared.text, "First")

    def test_making_a_record_private_hides_its_later_events(self):
        record_update(
            record=self.shared,
            actor=self.bob,
            expected_version=1,
            changes={"visibility": Visibility.PRIVATE, "text": "Now ours"},
        )
        event = AuditEvent.objects.get(record_type="memos.Memo", action="update")
        self.assertEqual(event.private_to, self.beta)
        left = AuditEvent.objects.get(record_type="memos.Memo", action="unshare")
        self.assertEqual((left.private_to, left.changes), (None, {}))

    def test_owner_party_must_belong_to_the_partnership(self):
        from accord.core.services import partnership_create

        other = partnership_create(organization=self.gamma, actor=self.olga, name="Elsewhere")
        with self.assertRaises(ValueError):
            record_create(
                record=Memo(partnership=other, owner_party=self.party_b, text="x"), actor=self.bob
            )
