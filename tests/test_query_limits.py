"""Query limits: each answers with a clear error and nothing executes (depth, aliases, directives,
tokens, computed cost, page size, cursors, nodes(ids:), introspection switch, time bound)."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import orjson
import pytest

from partnercenter.core.context import RequestContext
from partnercenter.customers import service as customers_service
from partnercenter.opportunities import service as opportunities_service
from partnercenter.opportunities.models import Opportunity
from partnercenter.settings import get_settings
from partnercenter.web import endpoint
from tests.factories import World, gql, sign_in


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of list/node services actually called (a refused query must call none)."""
    import partnercenter.schema as schema_module

    seen: list[str] = []

    def spy(module: Any, name: str) -> None:
        original = getattr(module, name)

        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            seen.append(name)
            return await original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    spy(opportunities_service, "list_opportunities")
    spy(customers_service, "list_customers")
    spy(schema_module, "resolve_nodes")
    return seen


def _only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("data") is None, body
    assert len(body["errors"]) == 1, body
    return body["errors"][0]  # type: ignore[no-any-return]


async def _opportunity_row(world: World) -> tuple[Any, ...]:
    o = await Opportunity.get(id=world.opportunities["a_m1"])
    return (o.stage, o.confidence, o.updated_at, o.name)


def _update_field(world: World, alias: str = "", confidence: int = 100) -> str:
    gid = world.gid("Opportunity", world.opportunities["a_m1"])
    prefix = f"{alias}: " if alias else ""
    return f'{prefix}opportunityUpdate(input: {{id: "{gid}", stage: WON, confidence: {confidence}}})'


# --- depth ---------------------------------------------------------------------------------------


def _deep_query(levels: int) -> str:
    """opportunities > nodes > customer > partner > distributor ... : `levels` nested object fields."""
    inner = "id"
    for _ in range(levels - 4):
        inner = f"distributor {{ {inner} }}"
    return f"{{ opportunities(first: 1) {{ nodes {{ customer {{ partner {{ {inner} }} }} }} }} }}"


async def test_depth_at_the_limit_runs_and_one_more_is_refused(
    client, world: World, calls: list[str]
) -> None:
    max_depth = get_settings().max_depth
    await sign_in(client, world, "a_m1")
    ok = await gql(client, _deep_query(max_depth))
    assert "errors" not in ok, ok
    assert calls == ["list_opportunities"]
    calls.clear()
    error = _only_error(await gql(client, _deep_query(max_depth + 1)))
    assert f"exceeds maximum operation depth of {max_depth}" in error["message"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION"
    assert calls == []


async def test_too_deep_mutation_does_not_execute(client, world: World) -> None:
    csrf = await sign_in(client, world, "a_m1")
    before = await _opportunity_row(world)
    inner = "id"
    for _ in range(get_settings().max_depth):
        inner = f"distributor {{ {inner} }}"
    query = (
        f"mutation {{ {_update_field(world)} {{ opportunity {{ customer {{ partner {{ {inner} }} }} }} }} }}"
    )
    error = _only_error(await gql(client, query, csrf=csrf))
    assert "maximum operation depth" in error["message"]
    assert await _opportunity_row(world) == before


async def test_introspection_depth_is_bounded_too(client) -> None:
    """The depth limiter skips `__` fields; graphql-core's introspection depth rule must catch this."""
    inner = "name"
    for _ in range(3):
        inner = f"fields {{ type {{ {inner} }} }}"
    error = _only_error(await gql(client, f"{{ __schema {{ types {{ {inner} }} }} }}"))
    assert "introspection depth" in error["message"].lower()


# --- aliases -------------------------------------------------------------------------------------


async def test_aliases_over_the_limit_are_refused(client, world: World, calls: list[str]) -> None:
    limit = get_settings().max_aliases
    await sign_in(client, world, "a_m1")
    ok = " ".join(f"a{i}: opportunities(first: 1) {{ totalCount }}" for i in range(limit))
    body = await gql(client, f"{{ {ok} }}")
    assert "errors" not in body and len(body["data"]) == limit
    calls.clear()
    over = " ".join(f"a{i}: opportunities(first: 1) {{ totalCount }}" for i in range(limit + 1))
    error = _only_error(await gql(client, f"{{ {over} }}"))
    assert error["message"] == f"{limit + 1} aliases found. Allowed: {limit}"
    assert calls == []


async def test_typename_aliases_are_exempt(client, world: World) -> None:
    """As in GraphQL Armor: aliasing `__typename` does not count toward the alias limit."""
    limit = get_settings().max_aliases
    many = " ".join(f"t{i}: __typename" for i in range(limit + 5))
    ok = await gql(client, "{ " + many + " }")
    assert ok["data"] == {f"t{i}": "Query" for i in range(limit + 5)}
    fields = " ".join(f"v{i}: viewer {{ role }}" for i in range(limit))
    mixed = await gql(client, "{ " + fields + " " + many + " }")
    assert "errors" not in mixed, mixed
    error = _only_error(await gql(client, "{ " + fields + " extra: viewer { role } " + many + " }"))
    assert error["message"] == f"{limit + 1} aliases found. Allowed: {limit}"


async def test_aliased_mutations_over_the_limit_do_not_execute(client, world: World) -> None:
    csrf = await sign_in(client, world, "a_m1")
    before = await _opportunity_row(world)
    fields = " ".join(
        f"{_update_field(world, f'u{i}', 10 * (i % 10))} {{ userErrors {{ code }} }}"
        for i in range(get_settings().max_aliases + 1)
    )
    error = _only_error(await gql(client, f"mutation {{ {fields} }}", csrf=csrf))
    assert "aliases found" in error["message"]
    assert await _opportunity_row(world) == before


# --- directives ----------------------------------------------------------------------------------


async def test_directives_over_the_limit_are_refused(client, world: World, calls: list[str]) -> None:
    limit = get_settings().max_directives
    await sign_in(client, world, "a_m1")

    def query(n: int) -> str:
        typenames = " ".join("__typename @include(if: true)" for _ in range(n - 1))
        return f"{{ opportunities(first: 1) @include(if: true) {{ totalCount {typenames} }} }}"

    ok = await gql(client, query(limit))
    assert "errors" not in ok, ok
    calls.clear()
    error = _only_error(await gql(client, query(limit + 1)))
    assert error["message"] == f"The document has more than {limit} directives."
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION"
    assert calls == []


async def test_too_many_directives_on_a_mutation_do_not_execute(client, world: World) -> None:
    csrf = await sign_in(client, world, "a_m1")
    before = await _opportunity_row(world)
    typenames = " ".join("__typename @skip(if: false)" for _ in range(get_settings().max_directives + 1))
    error = _only_error(
        await gql(client, f"mutation {{ {_update_field(world)} {{ {typenames} }} }}", csrf=csrf)
    )
    assert "directives" in error["message"]
    assert await _opportunity_row(world) == before


# --- tokens --------------------------------------------------------------------------------------


def _token_query(n_ids: int) -> str:
    # 19 tokens around the ids: { opportunities ( first : 1 filter : { ownerIds : [ ] } ) { totalCount } }
    return "{ opportunities(first: 1, filter: {ownerIds: [" + '"x" ' * n_ids + "]}) { totalCount } }"


async def test_tokens_over_the_limit_are_refused(client, world: World, calls: list[str]) -> None:
    limit = get_settings().max_tokens
    await sign_in(client, world, "a_m1")
    body = await gql(client, _token_query(limit - 19))
    assert body == {"data": {"opportunities": {"totalCount": 0}}}
    calls.clear()
    error = _only_error(await gql(client, _token_query(limit - 18)))
    assert f"more than {limit} tokens" in error["message"]
    assert calls == []


async def test_too_many_tokens_in_a_mutation_do_not_execute(client, world: World) -> None:
    csrf = await sign_in(client, world, "a_m1")
    before = await _opportunity_row(world)
    padding = " ".join("__typename" for _ in range(get_settings().max_tokens))
    error = _only_error(
        await gql(client, f"mutation {{ {_update_field(world)} {{ {padding} }} }}", csrf=csrf)
    )
    assert "tokens" in error["message"]
    assert await _opportunity_row(world) == before


# --- computed cost -------------------------------------------------------------------------------

FRAGMENT = """fragment F on Opportunity {
  id name industry type stage confidence description createdAt updatedAt viewerCanUpdate viewerCanReassign
  expectedMonthlyRevenue { amount currency } owner { id name } customer { id name } }"""
FRAGMENT_FIELDS = 11 + 3 * 3  # leaves + three objects with two leaves each


def _cost_query(aliases: int, page: str = "100") -> str:
    fields = " ".join(
        f"a{i}: opportunities(first: {page}) "
        "{ totalCount nodes { ...F } edges { cursor node { ...F } } }"
        for i in range(aliases)
    )
    variables = "($n: Int)" if page.startswith("$") else ""
    return f"query{variables} {{ {fields} }}\n{FRAGMENT}"


def _expected_cost(aliases: int, page: int = 100) -> int:
    # Each field costs the product of the page sizes above it: the connection itself 1, and inside
    # it totalCount, nodes, edges, cursor, node and both fragment copies, each times the page size.
    per_connection = 1 + page * (1 + 1 + FRAGMENT_FIELDS + 1 + 1 + 1 + FRAGMENT_FIELDS)
    return aliases * per_connection


async def test_computed_cost_over_the_limit_is_refused(client, world: World, calls: list[str]) -> None:
    max_cost = get_settings().max_cost
    under = max_cost // _expected_cost(1)
    assert _expected_cost(under) <= max_cost < _expected_cost(under + 1)
    assert under + 1 <= get_settings().max_aliases  # the cost limit, not the alias limit, must answer
    await sign_in(client, world, "a_admin")
    ok = await gql(client, _cost_query(under))
    assert "errors" not in ok, ok
    assert len(calls) == under
    calls.clear()
    error = _only_error(await gql(client, _cost_query(under + 1)))
    assert error["message"] == (
        f"The query's computed cost {_expected_cost(under + 1)} exceeds the limit of {max_cost}."
    )
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION"
    assert calls == []


async def test_a_variable_page_size_costs_the_maximum_page(client, world: World, calls: list[str]) -> None:
    s = get_settings()
    under = s.max_cost // _expected_cost(1)
    await sign_in(client, world, "a_admin")
    body = await client.post("/graphql", json={"query": _cost_query(under + 1, "$n"), "variables": {"n": 1}})
    error = _only_error(body.json())
    cost = _expected_cost(under + 1, s.max_page_size)
    assert error["message"] == f"The query's computed cost {cost} exceeds the limit of {s.max_cost}."
    assert calls == []
    # A small literal page keeps the same shape cheap.
    ok = await gql(client, _cost_query(under + 1, "2"))
    assert "errors" not in ok, ok


# --- page size -----------------------------------------------------------------------------------

PAGE_ARGS = ["first: 0", "first: 101", "first: -1", "last: 0", "last: 101", "", "first: 5, last: 5"]


async def test_page_size_errors(client, world: World, calls: list[str]) -> None:
    await sign_in(client, world, "a_admin")
    for connection in ("opportunities", "customers"):
        for args in PAGE_ARGS:
            query = (
                f"{{ {connection}{f'({args})' if args else ''} {{ totalCount edges {{ node {{ id }} }} }} }}"
            )
            error = _only_error(await gql(client, query))
            assert error["extensions"]["code"] == "PAGE_SIZE", (query, error)
            assert error["path"] == [connection]
            assert "100" in error["message"]
    assert calls == ["list_opportunities"] * len(PAGE_ARGS) + ["list_customers"] * len(PAGE_ARGS)


async def test_page_sizes_within_bounds(client, world: World) -> None:
    await sign_in(client, world, "a_admin")
    for connection in ("opportunities", "customers"):
        for args in ("first: 1", "first: 100", "last: 1", "last: 100"):
            body = await gql(client, f"{{ {connection}({args}) {{ totalCount edges {{ node {{ id }} }} }} }}")
            assert "errors" not in body, body
            conn = body["data"][connection]
            assert conn["totalCount"] == 4, (connection, conn)  # a_admin: A's three and reseller R's one
            assert len(conn["edges"]) == (1 if args.endswith(" 1") else 4), (connection, args)


# --- cursors -------------------------------------------------------------------------------------

OPP_PAGE = """query($after: String, $before: String, $f: OpportunityOrderField!, $d: OrderDirection!) {
  opportunities(first: 2, after: $after, before: $before, orderBy: {field: $f, direction: $d}) {
    edges { node { id } } pageInfo { endCursor } } }"""
CUSTOMER_PAGE = "query($after: String) { customers(first: 2, after: $after) { pageInfo { endCursor } } }"


def _cursor(*parts: Any) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(parts))).decode().rstrip("=")


def _raw_cursor(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def _end_cursor(client, field: str = "UPDATED_AT", direction: str = "DESC") -> str:
    body = await gql(client, OPP_PAGE, {"f": field, "d": direction})
    return body["data"]["opportunities"]["pageInfo"]["endCursor"]  # type: ignore[no-any-return]


async def _assert_invalid_cursor(
    client, cursor: str, field: str = "UPDATED_AT", direction: str = "DESC"
) -> None:
    for key in ("after", "before"):
        body = await gql(client, OPP_PAGE, {key: cursor, "f": field, "d": direction})
        error = _only_error(body)
        assert error["extensions"] == {"code": "INVALID_CURSOR"}, (cursor, body)
        assert error["message"] == "The cursor is invalid or belongs to another ordering."


async def test_a_real_cursor_pages_on(client, world: World) -> None:
    await sign_in(client, world, "a_admin")
    cursor = await _end_cursor(client)
    body = await gql(client, OPP_PAGE, {"after": cursor, "f": "UPDATED_AT", "d": "DESC"})
    assert "errors" not in body and len(body["data"]["opportunities"]["edges"]) == 2


BAD_CURSORS = [
    "garbage",
    "!!!",
    "x" * 5000,
    _raw_cursor(b"\xff\xfe\xfd"),
    _raw_cursor(b"{}"),
    _raw_cursor(b"[1, 2]"),
    _cursor("UPDATED_AT_DESC", "2026-01-01T00:00:00+00:00"),
    _cursor("UPDATED_AT_DESC", "not a date", 1),
    _cursor("UPDATED_AT_DESC", 17, 1),
    _cursor("UPDATED_AT_DESC", "2026-01-01T00:00:00+00:00", "1"),
    _cursor("UPDATED_AT_DESC", "2026-01-01T00:00:00+00:00", True),
    _cursor("UPDATED_AT_DESC", "2026-01-01T00:00:00+00:00", 0),
    _cursor("UPDATED_AT_DESC", "2026-01-01T00:00:00+00:00", -5),
    # Out of the database's ranges: must be INVALID_CURSOR, not an internal error (PostgreSQL).
    _cursor("UPDATED_AT_DESC", "2026-01-01T00:00:00+00:00", 2**31),
    _cursor("UPDATED_AT_DESC", "2026-01-01T00:00:00+00:00", 2**62),
    _cursor("UPDATED_AT_DESC", "0001-01-01T00:00:00+14:00", 1),
    _cursor("UPDATED_AT_DESC", "9999-12-31T23:59:59-14:00", 1),
    _cursor("UPDATED_AT_DESC", "2026-01-01T00:00:00", 1),
]

BAD_CURSOR_VALUES = [
    ("EXPECTED_MONTHLY_REVENUE", _cursor("EXPECTED_MONTHLY_REVENUE_DESC", "NaN", 1)),
    ("EXPECTED_MONTHLY_REVENUE", _cursor("EXPECTED_MONTHLY_REVENUE_DESC", "Infinity", 1)),
    ("EXPECTED_MONTHLY_REVENUE", _cursor("EXPECTED_MONTHLY_REVENUE_DESC", "1e999999", 1)),
    ("EXPECTED_MONTHLY_REVENUE", _cursor("EXPECTED_MONTHLY_REVENUE_DESC", "1e-99999", 1)),
    ("EXPECTED_MONTHLY_REVENUE", _cursor("EXPECTED_MONTHLY_REVENUE_DESC", "abc", 1)),
    ("CONFIDENCE", _cursor("CONFIDENCE_DESC", 40000, 1)),
    ("CONFIDENCE", _cursor("CONFIDENCE_DESC", 2**62, 1)),
    ("CONFIDENCE", _cursor("CONFIDENCE_DESC", "fifty", 1)),
    ("CONFIDENCE", _cursor("CONFIDENCE_DESC", None, 1)),
]


async def test_invalid_cursors(client, world: World) -> None:
    await sign_in(client, world, "a_admin")
    for cursor in BAD_CURSORS:
        await _assert_invalid_cursor(client, cursor)
    for field, cursor in BAD_CURSOR_VALUES:
        await _assert_invalid_cursor(client, cursor, field, "DESC")
    # An empty cursor means "no cursor".
    body = await gql(client, OPP_PAGE, {"after": "", "f": "UPDATED_AT", "d": "DESC"})
    assert "errors" not in body and len(body["data"]["opportunities"]["edges"]) == 2


async def test_crafted_but_sane_cursor_values_are_accepted(client, world: World) -> None:
    await sign_in(client, world, "a_admin")
    for field, cursor in (
        ("EXPECTED_MONTHLY_REVENUE", _cursor("EXPECTED_MONTHLY_REVENUE_DESC", "10000.00", 10**6)),
        ("CONFIDENCE", _cursor("CONFIDENCE_DESC", 50, 10**6)),
        ("UPDATED_AT", _cursor("UPDATED_AT_DESC", "2030-01-01T00:00:00+08:00", 1)),
    ):
        body = await gql(client, OPP_PAGE, {"after": cursor, "f": field, "d": "DESC"})
        assert "errors" not in body, body
        assert len(body["data"]["opportunities"]["edges"]) == 2


async def test_cursor_from_another_ordering_is_refused(client, world: World) -> None:
    await sign_in(client, world, "a_admin")
    updated_desc = await _end_cursor(client, "UPDATED_AT", "DESC")
    revenue_asc = await _end_cursor(client, "EXPECTED_MONTHLY_REVENUE", "ASC")
    customers_cursor = (await gql(client, CUSTOMER_PAGE))["data"]["customers"]["pageInfo"]["endCursor"]
    assert updated_desc and revenue_asc and customers_cursor
    await _assert_invalid_cursor(client, updated_desc, "UPDATED_AT", "ASC")  # same field, other direction
    await _assert_invalid_cursor(client, updated_desc, "CREATED_AT", "DESC")  # same kind, other field
    await _assert_invalid_cursor(client, updated_desc, "CONFIDENCE", "DESC")
    await _assert_invalid_cursor(client, revenue_asc, "EXPECTED_MONTHLY_REVENUE", "DESC")
    await _assert_invalid_cursor(client, customers_cursor, "UPDATED_AT", "DESC")
    # and an opportunity cursor on the customers list
    body = await gql(client, CUSTOMER_PAGE, {"after": updated_desc})
    assert _only_error(body)["extensions"] == {"code": "INVALID_CURSOR"}


# --- nodes(ids:) ---------------------------------------------------------------------------------

NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"


async def test_nodes_over_one_hundred_ids_is_refused(client, world: World, calls: list[str]) -> None:
    limit = get_settings().max_page_size
    await sign_in(client, world, "a_admin")
    own = world.gid("Opportunity", world.opportunities["a_m1"])
    ok = await gql(client, NODES, {"ids": [own] * limit})
    assert ok["data"]["nodes"] == [{"id": own}] * limit
    assert calls == ["resolve_nodes"]
    calls.clear()
    error = _only_error(await gql(client, NODES, {"ids": [own] * (limit + 1)}))
    assert error["extensions"]["code"] == "PAGE_SIZE"
    assert str(limit) in error["message"]
    assert calls == []


# --- introspection switch ------------------------------------------------------------------------


async def test_introspection_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from partnercenter import schema as schema_module

    settings = get_settings()
    assert settings.introspection is True
    on = await schema_module.schema.execute(
        "{ __schema { queryType { name } } }", context_value=RequestContext(request_id="t")
    )
    assert on.errors is None and on.data == {"__schema": {"queryType": {"name": "Query"}}}

    monkeypatch.setattr(settings, "introspection", False)
    closed = schema_module.build_schema()
    assert closed is not schema_module.schema
    for query in ("{ __schema { queryType { name } } }", '{ __type(name: "Opportunity") { name } }'):
        result = await closed.execute(query, context_value=RequestContext(request_id="t"))
        assert result.data is None
        assert result.errors and "introspection has been disabled" in result.errors[0].message, result.errors
    # Plain queries and __typename still work on the closed schema.
    result = await closed.execute(
        "{ __typename viewer { role } }", context_value=RequestContext(request_id="t")
    )
    assert result.errors is None and result.data == {"__typename": "Query", "viewer": None}
    # The process-wide schema is unaffected.
    again = await schema_module.schema.execute(
        "{ __schema { mutationType { name } } }", context_value=RequestContext(request_id="t")
    )
    assert again.errors is None


# --- time bound ----------------------------------------------------------------------------------


async def test_slow_request_is_cut_off(client, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(5)
        raise AssertionError("not reached")

    await sign_in(client, world, "a_m1")
    monkeypatch.setattr(opportunities_service, "list_opportunities", slow)
    monkeypatch.setattr(endpoint, "REQUEST_TIMEOUT_S", 0.2)
    r = await client.post("/graphql", json={"query": "{ opportunities(first: 1) { totalCount } }"})
    assert r.status_code == 503, r.text
    assert r.json()["errors"][0]["extensions"]["code"] == "LIMIT"


async def test_no_field_suggestions_when_introspection_is_off(client, world, monkeypatch) -> None:
    from partnercenter.settings import get_settings

    body = await gql(client, "{ opportunitie { totalCount } }")
    assert "Did you mean" in body["errors"][0]["message"]
    monkeypatch.setattr(get_settings(), "introspection", False)
    body = await gql(client, "{ opportunitie { totalCount } }")
    message = body["errors"][0]["message"]
    assert "Did you mean" not in message and "opportunities" not in message, message
    assert "opportunitie" in message
