"""The page query's cached outer SQL is exactly what Tortoise builds whole, and it is used."""

from __future__ import annotations

from tortoise.expressions import Subquery

from partnercenter.core import rows
from partnercenter.opportunities import service
from partnercenter.opportunities.models import Opportunity
from tests.factories import World, gql, login


def _sql(query):  # type: ignore[no-untyped-def]
    return rows._sql(query)


async def test_spliced_sql_equals_the_whole_build(world: World) -> None:
    order = ("-updated_at", "-id")
    fields = tuple(service.ALL_COLUMNS)

    def scoped():  # type: ignore[no-untyped-def]
        return Opportunity.filter(owner_id__in=[1, 2], stage__in=["LEAD", "WON"]).order_by(*order).limit(21)

    await rows.fetch_by_id_subquery(scoped().values("id"), Opportunity, order, fields, {})
    template = next(v for k, v in rows._TEMPLATES.items() if k[0] is Opportunity and k[1] == fields)
    assert template is not None, "the template path must be usable on this database"
    inner_sql, inner_params = _sql(scoped().values("id"))
    whole_sql, whole_params = _sql(
        Opportunity.filter(id__in=Subquery(scoped().values("id"))).order_by(*order).values(*fields)
    )
    assert template[0].replace(rows._INNER, inner_sql) == whole_sql
    assert inner_params == whole_params


async def test_list_results_match_a_plain_query(client, world: World) -> None:
    await login(client, "a_admin")
    body = await gql(client, "{ opportunities(first: 50) { edges { node { id name } } } }")
    names = [e["node"]["name"] for e in body["data"]["opportunities"]["edges"]]
    expected = (
        await Opportunity.filter(partner_id__in=[world.orgs["a"], world.orgs["r"]])
        .order_by("-updated_at", "-id")
        .values_list("name", flat=True)
    )
    assert names == list(expected)
