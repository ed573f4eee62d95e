"""Workflows: a record's life cycle declared as data (states, transitions, who may fire them,
deadlines), applied with one compare-and-set statement so that two concurrent actions on one row
cannot both win, and recorded the same way everywhere (a history row and an outbox event in the
same transaction as the state change).

Public API:

    WF = Workflow(
        name="association_request",            # history/events key; unique
        model=AssociationRequest,              # a Tortoise model with `state` (and `due_at` if deadlines)
        states=RequestState,                   # a StrEnum
        transitions=[
            Transition("APPROVE", {S.PENDING}, S.APPROVED, by={Role.PARTNER_ADMIN}),
            Transition("REJECT", {S.PENDING}, S.REJECTED, by=may_answer, reason_required=True),
            Transition("EXPIRE", {S.PENDING}, S.EXPIRED, system=True),
        ],
        deadlines={S.PENDING: Deadline(working_days=3, fire="EXPIRE")},  # or hours=72
    )
    register(WF)        # the `workflow-deadlines` job sweeps registered workflows only

    await fire(WF, record_id, "APPROVE", viewer, reason=None, payload=None, extra_updates=None, row=None)
        -> Fired(from_state, to_state, due_at, history_id, event_id)
        Inside the caller's transaction (one is opened if none). `actor` is a Viewer, or SYSTEM (None)
        for jobs. Raises DomainErrors: NOT_FOUND (no such row), FORBIDDEN (actor may not fire it),
        BLANK field "reason" (reason required), INVALID_STATE (the row is not in a from-state, also
        when a concurrent transaction moved it first). Nothing is changed when it raises.
        `extra_updates` are written by the same UPDATE (e.g. decided_at, decided_by_id). `row` (a dict
        or model instance the caller already loaded) spares the read used by actor predicates.
        Event kind: f"{WF.name}.{transition name lower-cased}", aggregate (WF.name, record id),
        payload {"from", "to", "transition", "actor_id", "reason", "payload"}.

    available_actions(WF, state, actor, row) -> list[str]
        Pure (no queries): the transitions this actor may fire from `state`, for per-row actions.

    await sweep_deadlines(workflows=None) -> {"expired": n, "skipped": m}   (job `workflow-deadlines`;
        `workflows` restricts a sweep, e.g. a slice's own deadline job)

A transition may declare `updates` (a mapping, or `now -> mapping`: columns written by the same
UPDATE every time it fires, e.g. {"rejection": "EXPIRED", "handled_at": now}) and `effect` (an async
`(record_id, row, fired) -> None` run in the same transaction after the history and the event, e.g.
the messages to send): so a timeout fired by the sweeper does exactly what the slice's own code
does, atomically.

`by` is a set of roles or a predicate `(actor: Viewer, row) -> bool`; a transition with
`system=True` may be fired by SYSTEM (the deadline sweeper). Entering a state sets `due_at` from
that state's deadline (None when it has none); the row is overdue once the clock is past `due_at`.
Working days follow `core/calendar.py` (end of the n-th working day after today, China time).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from tortoise.models import Model
from tortoise.transactions import in_transaction

from partnercenter.core import calendar, clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, DomainErrors, ErrorCode
from partnercenter.core.events import emit
from partnercenter.core.jobs import job
from partnercenter.core.models import WorkflowHistory

__all__ = [
    "SYSTEM",
    "Deadline",
    "Fired",
    "Transition",
    "Workflow",
    "available_actions",
    "fire",
    "register",
    "registered_workflows",
    "sweep_deadlines",
    "unregister",
]

SYSTEM: None = None  # the actor of jobs (history actor None)
Actor = Viewer | None
ActorRule = Callable[[Viewer, Any], bool] | Collection[str]
Updates = Mapping[str, Any] | Callable[[datetime], Mapping[str, Any]]
Effect = Callable[[int, Any, "Fired"], Awaitable[None]]


@dataclass(frozen=True)
class Deadline:
    """How long a record may stay in a state, and the (system) transition fired when it is over."""

    fire: str
    working_days: int | None = None
    hours: float | None = None

    def __post_init__(self) -> None:
        if (self.working_days is None) == (self.hours is None):
            raise ValueError("a Deadline takes working_days or hours (one of them)")

    async def due_at(self, entered: datetime) -> datetime:
        if self.working_days is not None:
            return await calendar.working_days_deadline(entered, self.working_days)
        return entered + timedelta(hours=float(self.hours or 0))


@dataclass(frozen=True)
class Transition:
    name: str
    from_states: frozenset[StrEnum]
    to: StrEnum
    by: ActorRule = ()
    system: bool = False
    reason_required: bool = False
    updates: Updates | None = None
    effect: Effect | None = None

    def __init__(
        self,
        name: str,
        from_states: Iterable[StrEnum],
        to: StrEnum,
        *,
        by: ActorRule = (),
        system: bool = False,
        reason_required: bool = False,
        updates: Updates | None = None,
        effect: Effect | None = None,
    ) -> None:
        object.__setattr__(self, "updates", updates)
        object.__setattr__(self, "effect", effect)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "from_states", frozenset(from_states))
        object.__setattr__(self, "to", to)
        object.__setattr__(self, "by", by if callable(by) else frozenset(by))
        object.__setattr__(self, "system", system)
        object.__setattr__(self, "reason_required", reason_required)

    def allows(self, actor: Actor, row: Any) -> bool:
        if actor is None:
            return self.system
        if callable(self.by):
            return bool(self.by(actor, row))
        return actor.role in self.by


@dataclass(frozen=True)
class Workflow:
    name: str
    model: type[Model]
    states: type[StrEnum]
    transitions: tuple[Transition, ...]
    deadlines: Mapping[StrEnum, Deadline] = field(default_factory=dict)
    state_field: str = "state"
    due_field: str = "due_at"

    def __init__(
        self,
        name: str,
        model: type[Model],
        states: type[StrEnum],
        transitions: Iterable[Transition],
        deadlines: Mapping[StrEnum, Deadline] | None = None,
        *,
        state_field: str = "state",
        due_field: str = "due_at",
    ) -> None:
        for attr, value in (
            ("name", name),
            ("model", model),
            ("states", states),
            ("transitions", tuple(transitions)),
            ("deadlines", dict(deadlines or {})),
            ("state_field", state_field),
            ("due_field", due_field),
        ):
            object.__setattr__(self, attr, value)
        self._check()

    def _check(self) -> None:
        names = [t.name for t in self.transitions]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: transition names must be unique")
        for t in self.transitions:
            if not {*t.from_states, t.to} <= set(self.states):
                raise ValueError(f"{self.name}.{t.name}: states must be members of {self.states.__name__}")
        for state, deadline in self.deadlines.items():
            t = self.transition(deadline.fire)
            if state not in t.from_states or not t.system:
                raise ValueError(
                    f"{self.name}: {deadline.fire} must leave {state} and be a system transition"
                )

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise KeyError(f"{self.name} has no transition {name!r}")


@dataclass(frozen=True, slots=True)
class Fired:
    from_state: str
    to_state: str
    due_at: datetime | None
    history_id: int
    event_id: int


_REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    """Make the deadline sweeper aware of `workflow` (call at import time of the slice)."""
    _REGISTRY[workflow.name] = workflow
    return workflow


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def registered_workflows() -> dict[str, Workflow]:
    return dict(_REGISTRY)


def available_actions(workflow: Workflow, state: StrEnum | str, actor: Actor, row: Any) -> list[str]:
    """The transitions `actor` may fire from `state`, in declaration order (no queries)."""
    return [t.name for t in workflow.transitions if state in t.from_states and t.allows(actor, row)]


def _error(code: ErrorCode, message: str, field_name: str | None = None) -> DomainErrors:
    return DomainErrors([DomainError(code, message, field_name)])


def _state_of(workflow: Workflow, row: Any) -> str:
    value = row[workflow.state_field] if isinstance(row, Mapping) else getattr(row, workflow.state_field)
    return str(value)


async def fire(
    workflow: Workflow,
    record_id: int,
    transition: str,
    actor: Actor,
    *,
    reason: str | None = None,
    payload: dict[str, Any] | None = None,
    extra_updates: Mapping[str, Any] | None = None,
    row: Any = None,
    _due_by: datetime | None = None,
) -> Fired:
    """Apply `transition` to the record with a compare-and-set on its state (see the module doc)."""
    t = workflow.transition(transition)
    async with in_transaction():
        if row is None:
            row = await workflow.model.filter(pk=record_id).first()
        if row is None:
            raise _error(ErrorCode.NOT_FOUND, f"No {workflow.name} with this id.")
        if not t.allows(actor, row):
            raise _error(ErrorCode.FORBIDDEN, f"You may not {t.name.lower()} this {workflow.name}.")
        if t.reason_required and not (reason or "").strip():
            raise _error(ErrorCode.BLANK, "A reason is required.", "reason")
        from_state = _state_of(workflow, row)
        if from_state not in t.from_states:
            raise _error(
                ErrorCode.INVALID_STATE, f"Cannot {t.name.lower()} a {workflow.name} in state {from_state}."
            )
        now = clock.now()
        updates: dict[str, Any] = {workflow.state_field: t.to.value}
        due: datetime | None = None
        if workflow.deadlines:
            deadline = workflow.deadlines.get(t.to)
            due = await deadline.due_at(now) if deadline else None
            updates[workflow.due_field] = due
        if t.updates is not None:
            updates.update(t.updates(now) if callable(t.updates) else t.updates)
        updates.update(extra_updates or {})
        guard: dict[str, Any] = {
            "pk": record_id,
            f"{workflow.state_field}__in": [s.value for s in t.from_states],
        }
        if _due_by is not None:  # a timeout fires only while the row is still overdue
            guard[f"{workflow.due_field}__lt"] = _due_by
        if await workflow.model.filter(**guard).update(**updates) != 1:
            # A concurrent transaction moved the row first: the whole transaction rolls back.
            raise _error(ErrorCode.INVALID_STATE, f"The {workflow.name} was changed meanwhile: reload it.")
        actor_id = actor.user_id if actor is not None else None
        history = await WorkflowHistory.create(
            workflow=workflow.name,
            record_id=record_id,
            transition=t.name,
            from_state=from_state,
            to_state=t.to.value,
            actor_id=actor_id,
            reason=reason or "",
            payload=payload or {},
            at=now,
        )
        event_id = await emit(
            f"{workflow.name}.{t.name.lower()}",
            workflow.name,
            record_id,
            {
                "from": from_state,
                "to": t.to.value,
                "transition": t.name,
                "actor_id": actor_id,
                "reason": reason or "",
                "payload": payload or {},
            },
        )
        fired = Fired(from_state, t.to.value, due, int(history.id), event_id)
        if t.effect is not None:
            await t.effect(record_id, row, fired)
    return fired


async def sweep_deadlines(
    batch_size: int = 500, workflows: Iterable[Workflow] | None = None
) -> dict[str, int]:
    """Fire the timeout transition of every registered workflow's (or only of `workflows`') overdue
    rows, each in its own transaction through `fire`'s compare-and-set: a second run finds nothing,
    and of two concurrent runs one fires and the other skips."""
    expired = skipped = 0
    now = clock.now()
    for wf in _REGISTRY.values() if workflows is None else workflows:
        for state, deadline in wf.deadlines.items():
            after = 0
            while True:
                pk = wf.model._meta.pk_attr
                query = wf.model.filter(
                    **{wf.state_field: state.value, f"{wf.due_field}__lt": now, f"{pk}__gt": after}
                )
                found: Any = await query.order_by(pk).limit(batch_size).values_list(pk, flat=True)
                ids = [int(i) for i in found]
                for record_id in ids:
                    try:
                        await fire(wf, record_id, deadline.fire, SYSTEM, _due_by=now)
                        expired += 1
                    except DomainErrors:
                        skipped += 1  # answered or expired meanwhile
                if len(ids) < batch_size:
                    break
                after = ids[-1]
    return {"expired": expired, "skipped": skipped}


@job(
    "workflow-deadlines",
    "Fire the timeout transition of every workflow record past its deadline (idempotent)",
)
async def deadlines_job() -> dict[str, int]:
    return await sweep_deadlines()
