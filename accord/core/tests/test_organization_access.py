"""Rights in an organization come from one object, `OrganizationAccess`: pages, API and services
ask it rather than reading roles."""

from django.core.exceptions import PermissionDenied

from accord.core.access import OrganizationAccess, organization_rights
from accord.core.models import Role
from accord.core.services import membership_set, partnership_create
from tests.base import AccordTestCase


class OrganizationAccessTests(AccordTestCase):
    def test_the_rights_of_each_role(self):
        expected = {  # role: (admin, owner, starts partnerships, invites owners, invites members)
            Role.OWNER: (True, True, True, True, True),
            Role.ADMIN: (True, False, True, False, True),
            Role.MEMBER: (False, False, True, False, False),
            Role.VIEWER: (False, False, False, False, False),
            None: (False, False, False, False, False),
        }
        for role, rights in expected.items():
            with self.subTest(role=role):
                access = OrganizationAccess(self.alpha.pk, role)
                self.assertEqual(
                    (
                        access.is_admin,
                        access.is_owner,
                        access.may_start_partnerships,
                        access.may_invite(Role.OWNER),
                        access.may_invite(Role.MEMBER),
                    ),
                    rights,
                )

    def test_only_an_owner_touches_an_owner(self):
        admin = OrganizationAccess(self.alpha.pk, Role.ADMIN)
        self.assertTrue(admin.may_change_role(Role.MEMBER, Role.VIEWER))
        self.assertFalse(admin.may_change_role(Role.OWNER, Role.ADMIN))
        self.assertFalse(admin.may_change_role(Role.MEMBER, Role.OWNER))
        self.assertNotIn(Role.OWNER, [value for value, _ in admin.grantable_roles()])
        owner = OrganizationAccess(self.alpha.pk, Role.OWNER)
        self.assertTrue(owner.may_change_role(Role.OWNER, None))
        self.assertEqual(owner.grantable_roles(), Role.choices)

    def test_fresh_rights_see_a_role_changed_during_the_request(self):
        cached = organization_rights(self.alice, self.alpha.pk)
        self.assertTrue(cached.may_start_partnerships)
        membership_set(organization=self.alpha, user=self.alice, role=Role.VIEWER, actor=self.amy)
        self.assertFalse(organization_rights(self.alice, self.alpha.pk, fresh=True).is_admin)
        self.assertEqual(organization_rights(self.alice, self.alpha.pk, fresh=True).role, "viewer")

    def test_a_viewer_may_not_start_a_partnership(self):
        with self.assertRaises(PermissionDenied):
            partnership_create(organization=self.alpha, actor=self.vic, name="Side deal")

    def test_an_outsider_has_no_rights(self):
        self.assertIsNone(organization_rights(self.olga, self.alpha.pk).role)
        self.assertFalse(organization_rights(None, self.alpha.pk, fresh=True).may_invite("viewer"))
