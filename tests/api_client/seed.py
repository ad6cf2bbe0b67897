"""The two organizations of the client scenario, each with an owner, and their API tokens.

Run inside `accord shell` by `.ci/api-clients` (one process instead of six `accord org create`,
`accord user create` and `accord token create` calls); prints one token per line, Alpha's first.
"""

from accord.accounts.services import api_token_create, user_create
from accord.core.services import membership_set, organization_create

for name, email in (("Alpha Logistics", "olivia@alpha.test"), ("Beta Freight", "ben@beta.test")):
    organization = organization_create(name=name)
    owner = user_create(email=email)
    membership_set(organization=organization, user=owner, role="owner", actor=None)
    print(api_token_create(user=owner, name="client scenario")[1])
