"""One customer loader per request: every slice that nests a customer (and `node`) goes through
`customers.service.CUSTOMER_READ`, so one request reads a given customer once, whoever asks for it."""

from __future__ import annotations

from tests.association_factories import CREATE, payload, run
from tests.factories import World, count_statements, gql, sign_in

NESTED = (
    "query($id: ID!) {"
    " node(id: $id) { id ... on Customer { name } }"
    " associationRequests(first: 5) { edges { node { id customer { id name } } } }"
    " associationLog(first: 5) { edges { node { id customer { id name } } } } }"
)


def _customer_reads(statements: list[str]) -> list[str]:
    """Statements that fetch customers by id (the loader's query), not lists joining the customer."""
    return [s for s in statements if 'FROM "CUSTOMER"' in s and '"CUSTOMER"."ID" IN' in s]


async def test_one_request_reads_a_customer_once_through_node_and_nested_references(
    client, world: World
) -> None:
    customer = world.gid("Customer", world.customers["a_m1"])
    created = await run(client, world, "a_admin", CREATE, {"c": customer, "k": "SWITCH_TYPE"})
    assert payload(created)["userErrors"] == []
    csrf = await sign_in(client, world, "a_admin")
    with count_statements() as counter:
        body = await gql(client, NESTED, {"id": customer}, csrf=csrf)
    assert "errors" not in body, body
    data = body["data"]
    assert data["node"]["id"] == customer
    nested = [e["node"]["customer"] for e in data["associationRequests"]["edges"]]
    nested += [e["node"]["customer"] for e in data["associationLog"]["edges"]]
    assert nested and all(c["id"] == customer for c in nested)
    assert len(_customer_reads(counter.statements)) == 1, _customer_reads(counter.statements)
