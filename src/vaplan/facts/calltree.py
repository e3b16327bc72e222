"""The committee's call tree (committee.yaml `activation`): who is reached, in what order."""

from __future__ import annotations

from dataclasses import dataclass

from vaplan.models import Committee


@dataclass(frozen=True)
class Call:
    """One member in the call-down, in the order the calls are made."""

    member: str
    #: the member who calls this one; None for the member called first
    caller: str | None
    #: 0 for the member called first, 1 for those it calls, and so on
    depth: int


@dataclass(frozen=True)
class CallTree:
    """What `activation` shows: the trigger and who the call-down reaches from `first`."""

    trigger: str | None
    first: str | None
    #: the members reached from `first` through `calls`, each once, in call order (a member
    #: is followed by the members it calls); members not on the committee are left out
    order: tuple[Call, ...]
    #: ids `activation` names (as `first`, a caller or a callee) that are not committee
    #: members, in the order they first appear, without repeats
    unknown: tuple[str, ...]

    @property
    def reached(self) -> frozenset[str]:
        return frozenset(call.member for call in self.order)


def call_tree(committee: Committee) -> CallTree | None:
    """The call tree of `committee`; None when committee.yaml has no `activation`."""
    activation = committee.activation
    if activation is None:
        return None
    known = {m.id for m in committee.members}
    named = [activation.first] if activation.first else []
    for caller, callees in activation.calls.items():
        named += [caller, *callees]
    unknown = tuple(dict.fromkeys(i for i in named if i not in known))
    order: list[Call] = []
    seen: set[str] = set()
    # An explicit stack, not recursion: a deep or circular tree must neither overflow nor loop.
    first = activation.first
    stack: list[tuple[str, str | None, int]] = (
        [(first, None, 0)] if first is not None and first in known else [])
    while stack:
        member, called_by, depth = stack.pop()
        if member in seen:
            continue
        seen.add(member)
        order.append(Call(member, called_by, depth))
        callees = [c for c in activation.calls.get(member, ()) if c in known and c not in seen]
        stack.extend((c, member, depth + 1) for c in reversed(callees))
    return CallTree(activation.trigger, activation.first, tuple(order), unknown)
