"""Finding region policies: entry-point discovery and ``policy_for``.

Plugins register under the entry-point group ``sociaaldomein.policies``. Discovery is lazy
(at first lookup, never at import). A plugin that fails to load is reported by its
distribution name in :attr:`Registry.broken` without breaking the others; duplicate region
codes and unsupported API versions are refused. :meth:`Registry.policy_for` finds exactly
one region for a municipality on a date and applies that municipality's dialect: two claims
raise :class:`Conflict`, none raises :class:`NoPolicy`. Nothing is last-wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from importlib import metadata

import attrs

from sociaaldomein.errors import (
    BrokenPlugin,
    Conflict,
    DuplicatePolicy,
    InvalidValue,
    NoPolicy,
    UnsupportedApiVersion,
)
from sociaaldomein.model.periods import Period
from sociaaldomein.policy.plugin import API_VERSION, RegionPolicy, claims, dialects_on

__all__ = [
    "ENTRY_POINT_GROUP", "Registry", "broken_if_loaded", "default_registry", "policy_for"]

ENTRY_POINT_GROUP = "sociaaldomein.policies"


@attrs.frozen
class BrokenEntry:
    distribution: str
    entry_point: str
    error: str


class Registry:
    """The region policies known to this process."""

    def __init__(self, policies: Iterable[RegionPolicy] | None = None) -> None:
        self._policies: dict[str, RegionPolicy] | None = None
        self._broken: list[BrokenPlugin] = []
        self._distributions: dict[str, str] = {}
        self._failed: set[str] = set()  # regions whose members or dialects broke at run time
        # a dialect applied once per municipality and dialect, not once per lookup
        self._variants: dict[tuple[str, str, str, Period], RegionPolicy] = {}
        if policies is not None:
            self._policies = {}
            for policy in policies:
                self._add(policy, origin="(given)")

    @classmethod
    def of(cls, *policies: RegionPolicy) -> Registry:
        """A registry of exactly these policies (no discovery): for tests and what-ifs."""
        return cls(policies)

    def _add(self, policy: object, origin: str, distribution: str = "(given)") -> None:
        assert self._policies is not None
        if not isinstance(policy, RegionPolicy):
            raise BrokenPlugin(f"{origin}: object {policy!r} does not satisfy RegionPolicy")
        if policy.api_version != API_VERSION:
            raise UnsupportedApiVersion(
                f"{origin}: region {policy.code!r} is written for policy API version "
                f"{policy.api_version}; this core supports {API_VERSION}"
            )
        if policy.code in self._policies:
            raise DuplicatePolicy(
                f"{origin}: region code {policy.code!r} is already registered"
            )
        self._policies[policy.code] = policy
        self._distributions[policy.code] = distribution

    def _load(self) -> dict[str, RegionPolicy]:
        if self._policies is not None:
            return self._policies
        self._policies = {}
        entry_points = sorted(
            metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name
        )
        for ep in entry_points:
            dist = ep.dist.name if ep.dist is not None else "(unknown distribution)"
            origin = f"plugin {ep.name!r} from distribution {dist!r}"
            try:
                self._add(ep.load(), origin, dist)
            except DuplicatePolicy as exc:
                self._broken.append(BrokenPlugin(exc.message))
            except UnsupportedApiVersion as exc:
                self._broken.append(BrokenPlugin(exc.message))
            except BrokenPlugin as exc:
                self._broken.append(exc)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # sys.exit() in a plugin included
                self._broken.append(BrokenPlugin(
                    f"{origin} failed to load: {type(exc).__name__}: {_said(exc)}"
                ))
        return self._policies

    def distribution(self, code: str) -> str:
        """The distribution a region's plugin came from (``"(given)"`` for a policy given
        to the registry directly)."""
        self._load()
        return self._distributions.get(code, "(unknown distribution)")

    def plugin_failure(self, code: str, what: str, exc: BaseException | None = None,
                       returned: object = None) -> str:
        """A line naming a region, its distribution and what went wrong when it ran."""
        where = f"region {code!r} (distribution {self.distribution(code)!r})"
        if exc is not None:
            return f"{where}: its {what} raised {type(exc).__name__}: {_said(exc)}"
        return f"{where}: its {what} returned {_what(returned)}"

    def _fail_at_run_time(self, code: str, what: str, exc: BaseException) -> None:
        if code not in self._failed:
            self._failed.add(code)
            self._broken.append(BrokenPlugin(self.plugin_failure(code, what, exc)
                                             + "; its households are not routed to it"))

    def _claims(self, policy: RegionPolicy, municipality: str, on: dt.date) -> bool:
        """Whether ``policy`` claims the municipality; a ``members`` that cannot be read
        breaks its own region only."""
        if policy.code in self._failed:
            return False
        try:
            return claims(policy, municipality, on) is True
        except (Exception, SystemExit) as exc:
            self._fail_at_run_time(policy.code, "members", exc)
            return False

    @property
    def broken(self) -> tuple[BrokenPlugin, ...]:
        """Plugins that failed to load, each naming its distribution."""
        self._load()
        return tuple(self._broken)

    def policies(self) -> tuple[RegionPolicy, ...]:
        return tuple(self._load()[code] for code in sorted(self._load()))

    def codes(self) -> tuple[str, ...]:
        return tuple(sorted(self._load()))

    def get(self, code: str) -> RegionPolicy:
        policies = self._load()
        if code not in policies:
            known = ", ".join(sorted(policies)) or "none"
            raise NoPolicy(f"no region policy with code {code!r} (known: {known})")
        return policies[code]

    def region_of(self, municipality: str, on: dt.date) -> RegionPolicy:
        """The region (without dialect) that claims ``municipality`` on ``on``."""
        check_lookup(municipality, on)
        found = [p for p in self._load().values() if self._claims(p, municipality, on)]
        if not found:
            failed = (f"; region(s) {', '.join(sorted(self._failed))} could not be asked "
                      "(a broken plugin)") if self._failed else ""
            raise NoPolicy(
                f"no region policy claims municipality {municipality} on {on.isoformat()}"
                + failed
            )
        if len(found) > 1:
            names = ", ".join(sorted(p.code for p in found))
            raise Conflict(
                f"municipality {municipality} is claimed by {names} on {on.isoformat()}"
            )
        return found[0]

    def policy_for(self, municipality: str, on: dt.date) -> RegionPolicy:
        """The policy that holds for ``municipality`` on ``on``, with its dialect applied."""
        policy = self.region_of(municipality, on)
        try:
            dialects = list(dialects_on(policy, municipality, on))
        except (Exception, SystemExit) as exc:
            self._fail_at_run_time(policy.code, "dialects", exc)
            raise BrokenPlugin(self.plugin_failure(policy.code, "dialects", exc)) from None
        if len(dialects) > 1:
            raise Conflict(
                f"{len(dialects)} dialects of {policy.code} apply to municipality "
                f"{municipality} on {on.isoformat()}: "
                + ", ".join(d.name for d in dialects)
            )
        if not dialects:
            return policy
        dialect = dialects[0]
        key = (policy.code, municipality, dialect.name, dialect.period)
        variant = self._variants.get(key)
        if variant is None:
            variant = self._variants[key] = dialect.apply(policy)
        return variant


def _said(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:  # a hostile __str__
        text = "(no message)"
    return text if len(text) <= 300 else text[:297] + "..."


def _what(value: object) -> str:
    try:
        text = repr(value)
    except Exception:
        text = "?"
    return f"{type(value).__name__} {text[:60]}"


def check_lookup(municipality: object, on: object) -> None:
    """Refuse, with a message a caller can act on, what is not a CBS code and a date."""
    if not isinstance(municipality, str):
        raise InvalidValue(
            "a municipality is its CBS code as text, e.g. '0855'; got "
            f"{type(municipality).__name__} {municipality!r}"
        )
    check_date(on, "on")


def check_date(value: object, name: str) -> None:
    """Refuse what is not a plain ``datetime.date`` (text, or a datetime)."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        hint = "; use .date()" if isinstance(value, dt.datetime) else ""
        raise InvalidValue(
            f"{name} must be a datetime.date, e.g. dt.date(2019, 3, 1); got "
            f"{type(value).__name__} {value!r}{hint}"
        )


_DEFAULT: Registry | None = None


def default_registry() -> Registry:
    """The process-wide registry of installed plugins (discovered at first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Registry()
    return _DEFAULT


def policy_for(municipality: str, on: dt.date) -> RegionPolicy:
    """``default_registry().policy_for(municipality, on)``."""
    return default_registry().policy_for(municipality, on)


def broken_if_loaded() -> tuple[BrokenPlugin, ...]:
    """The plugins that failed to load, if the default registry has looked for plugins
    yet (without making it look): a command warns about them after its work."""
    if _DEFAULT is None or _DEFAULT._policies is None:
        return ()
    return _DEFAULT.broken
