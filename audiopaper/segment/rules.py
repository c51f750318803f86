"""The furniture rules as data: ``data/furniture.tsv`` plus a paper's own rules from its config.

A producer fixes a house style without code: ``[segment]`` in audiopaper.toml adds patterns per
kind, column words and the paper's masthead names (docs/reading.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..errors import ConfigError

#: Furniture kinds the tagger can give a block (besides the reader's own: label, slogan, heading);
#: "furniture" is for a paper's own lines of no other kind.
TAGGED_KINDS = ("masthead", "header", "staff", "index", "ad", "credit", "table", "furniture", "paid",
                "lottery")
ROLES = ("line", "opens", "member")


@dataclass(frozen=True)
class Rule:
    """One row of furniture.tsv: blocks of at most ``max_chars`` matching ``pattern`` are ``kind``."""

    kind: str
    name: str
    role: str
    max_chars: int
    pattern: re.Pattern[str]

    def matches(self, text: str) -> bool:
        return len(text) <= self.max_chars and self.pattern.search(text) is not None


@dataclass(frozen=True)
class SegmentRules:
    """Every rule the tagger uses, in the order they are tried; the first match decides."""

    rules: tuple[Rule, ...]
    masthead_names: tuple[str, ...] = ()
    columns: tuple[str, ...] = field(default_factory=tuple)
    #: The rules of a selection, and one alternation of their patterns: most blocks match none,
    #: which one search then says.
    _any: dict[tuple[tuple[str, ...], tuple[str, ...]],
               tuple[tuple[Rule, ...], re.Pattern[str]]] = field(
        default_factory=dict, compare=False, repr=False)

    def first(self, text: str, roles: tuple[str, ...], kinds: tuple[str, ...] = ()) -> Rule | None:
        chosen, combined = self._selection(roles, kinds)
        if not chosen or combined.search(text) is None:
            return None
        return next((rule for rule in chosen if rule.matches(text)), None)

    def _selection(self, roles: tuple[str, ...],
                   kinds: tuple[str, ...]) -> tuple[tuple[Rule, ...], re.Pattern[str]]:
        key = (roles, kinds)
        if key not in self._any:
            chosen = tuple(r for r in self.rules if r.role in roles and (not kinds or r.kind in kinds))
            pattern = "|".join(f"(?:{r.pattern.pattern})" for r in chosen) or "(?!)"
            self._any[key] = (chosen, re.compile(pattern))
        return self._any[key]


def compile_rule(kind: str, name: str, role: str, max_chars: int, pattern: str,
                 where: str) -> Rule:
    """A rule, or a ConfigError naming ``where`` it came from and how to fix it."""
    if kind not in TAGGED_KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is unknown: use one of {', '.join(TAGGED_KINDS)}")
    if role not in ROLES:
        raise ConfigError(f"{where}: role {role!r} is unknown: use one of {', '.join(ROLES)}")
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"{where}: pattern {pattern!r} is not a regular expression ({exc}): "
                          f"fix it (escape ( ) [ ] . * + ? with a backslash)") from exc
    return Rule(kind, name, role, max_chars, compiled)


@lru_cache(maxsize=1)
def default_rules() -> SegmentRules:
    """The rules shipped in data/furniture.tsv."""
    text = resources.files(__package__).joinpath("data/furniture.tsv").read_text(encoding="utf-8")
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, name, role, chars, pattern = line.split("\t")
        rules.append(compile_rule(kind, name, role, int(chars), pattern,
                                  f"furniture.tsv line {number}"))
    return SegmentRules(tuple(rules))


def paper_rules(extra: dict[str, tuple[str, ...]], masthead_names: tuple[str, ...] = (),
                columns: tuple[str, ...] = ()) -> SegmentRules:
    """The shipped rules with a paper's own patterns first (``{kind: patterns}``), so they win."""
    own = [compile_rule(kind, "config", "line", 300, pattern, f"segment.{kind}")
           for kind, patterns in extra.items() for pattern in patterns]
    names = tuple(n.strip() for n in masthead_names if n.strip())
    return SegmentRules(tuple(own) + default_rules().rules, names,
                        tuple(c.strip() for c in columns if c.strip()))
