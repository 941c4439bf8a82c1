"""The one jinja2 environment every template renders in: sandboxed, immutable and budgeted.

A registry's templates come with pull requests, so they are hostile. jinja's
immutable sandbox keeps them from Python's internals and from changing data;
this module also bounds the work one render may do, so no template can hang a
command or exhaust its memory:

- steps: every loop iteration and every call counts against `citynet.limits`
  (TEMPLATE_STEPS, plus a share for each item of the data, so a big registry's
  legitimate pages still render);
- characters: what the template makes (`{{ }}` output, `~` joins, `*`, `+` and `%`
  on text and lists, and every call that takes a width or a count, such as
  `center`, `indent`, `batch`, `join`, `replace`) is checked against
  TEMPLATE_OUTPUT_CHARS before it is made, where its size can be known in
  advance, and counted after;
- a net under both: while a template renders, the process may use at most
  TEMPLATE_MEMORY_BYTES more address space and TEMPLATE_SECONDS of CPU (on systems
  that offer these limits), for whatever the two budgets above cannot foresee.

Past any of them the render stops with `Exhausted`, whose message names the limit;
`publish/templates.render_template` turns it into one line naming the template's
file and line.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes, pass_environment
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment

from citynet import limits


class Exhausted(Exception):
    """A template went past one of its limits; the message names it."""


@dataclass
class Budget:
    """What one render may still do."""

    steps: int
    chars: int

    @classmethod
    def for_data(cls, data: Any) -> Budget:
        """The budget of a render of `data`: the fixed limits, and a share for each item of
        the data (counted up to a bound), so that a page about many records may be long."""
        items = _items(data, limits.TEMPLATE_ITEMS_COUNTED)
        return cls(limits.TEMPLATE_STEPS + limits.TEMPLATE_STEPS_PER_ITEM * items,
                   limits.TEMPLATE_OUTPUT_CHARS + limits.TEMPLATE_CHARS_PER_ITEM * items)

    def step(self, count: int = 1) -> None:
        self.steps -= count
        if self.steps < 0:
            raise Exhausted("the template made more loop iterations and calls than its "
                            "budget allows (limits.TEMPLATE_STEPS)")

    def fits(self, size: int) -> None:
        """Refuse, before it is made, a value of `size` characters or items."""
        if size > self.chars:
            raise Exhausted(f"the template would make a value of {size:,} characters or items, "
                            "more than its budget allows (limits.TEMPLATE_OUTPUT_CHARS)")

    def made(self, value: Any) -> Any:
        """Count a value the template made; give it back."""
        size = _size(value)
        if size:
            self.fits(size)
            self.chars -= size
        return value


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple | dict | bytes) else 0


def _items(value: Any, most: int) -> int:
    """How many values `value` holds (lists' items, mappings' entries), counted up to `most`."""
    count, todo = 0, [value]
    while todo and count < most:
        item = todo.pop()
        if isinstance(item, dict):
            count += len(item)
            todo.extend(item.values())
        elif isinstance(item, list | tuple):
            count += len(item)
            todo.extend(item)
    return min(count, most)


# -- sizes known before a value is made -------------------------------------------------------

_WIDTH = re.compile(r"\d+")


def _widths(text: str) -> int:
    """The largest number written in a format string (a width or a precision)."""
    return max((int(n) if len(n) < 30 else 10 ** 30 for n in _WIDTH.findall(text)), default=0)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _str_size(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """What a str method called from a template will make, at most (0: nothing to fear)."""
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill"):
        return max(len(text), _int(first if first is not None else kwargs.get("width")))
    if name == "expandtabs":
        return len(text) + text.count("\t") * _int(first if first is not None else 8)
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) \
            and isinstance(args[1], str):
        found = text.count(args[0]) if args[0] else len(text) + 1
        return len(text) + found * max(0, len(args[1]) - len(args[0]))
    if name == "join":
        return -1  # sized by its caller, which sees the items
    if name in ("format", "format_map"):
        return len(text) + _widths(text)
    return 0


_FILTER_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda s, width=80, *_, **__: max(len(str(s)), _int(width)),
    "indent": lambda s, width=4, *_, **__: len(str(s)) * (1 + _int(width)) + _int(width),
    "wordwrap": lambda s, width=79, *_, **__: len(str(s)) * 2 + _int(width),
    "truncate": lambda s, length=255, *_, **__: min(len(str(s)), _int(length)) + 3,
    "batch": lambda s, linecount, *_, **__: _int(linecount),
    "slice": lambda s, slices, *_, **__: _int(slices),
    "format": lambda s, *args, **__: len(str(s)) + _widths(str(s)),
    "replace": lambda s, old, new, *_, **__: _str_size(str(s), "replace", (str(old), str(new)), {}),
}
"""For each builtin filter that takes a width or a count: the most it can make."""


# -- the environment -----------------------------------------------------------------------

class _Counting(CodeGenerator):
    """jinja's code generator with every `for` loop's items counted and every `~` join sized."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):  # before jinja lists the filters it needs
            if not (isinstance(loop.iter, nodes.Filter) and loop.iter.name == "citynet_steps"):
                loop.iter = nodes.Filter(loop.iter, "citynet_steps", [], [], None, None,
                                         lineno=loop.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.citynet_made(")
        super().visit_Concat(node, frame)
        self.write(")")


@pass_environment
def _steps(environment: Sandbox, iterable: Iterable[Any]) -> Iterator[Any]:
    budget = environment.citynet_budget
    for item in iterable:
        budget.step()
        yield item


class Sandbox(ImmutableSandboxedEnvironment):
    """jinja's immutable sandbox, with the work of each render bounded (module docstring)."""

    code_generator_class = _Counting
    intercepted_binops = frozenset({"*", "+", "%", "**"})

    citynet_budget: Budget

    def __init__(self, **options: Any) -> None:
        finalize = options.get("finalize") or (lambda value: value)
        options["finalize"] = lambda value: self.citynet_budget.made(finalize(value))
        super().__init__(**options)
        self.citynet_budget = Budget(limits.TEMPLATE_STEPS, limits.TEMPLATE_OUTPUT_CHARS)
        for name, sized in _FILTER_SIZES.items():
            if name in self.filters:
                self.filters[name] = _sized_filter(self, self.filters[name], sized)
        self.filters["citynet_steps"] = _steps
        self.globals.pop("lipsum", None)  # makes text by the paragraph: nothing a report needs

    def citynet_made(self, value: Any) -> Any:
        return self.citynet_budget.made(value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = self.citynet_budget
        budget.step()
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if _size(seq) and isinstance(count, int):
                    budget.fits(_size(seq) * max(0, count))
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > limits.TEMPLATE_NUMBER_BITS:
                raise Exhausted("the template would compute a number too large "
                                "(limits.TEMPLATE_NUMBER_BITS)")
        elif operator == "+" and _size(left) and _size(right):
            budget.fits(_size(left) + _size(right))
        elif operator == "%" and isinstance(left, str):
            budget.fits(len(left) + _widths(left) + sum(map(_int, right if isinstance(
                right, tuple) else (right,))))
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > \
                    limits.TEMPLATE_NUMBER_BITS:
                raise Exhausted("the template would compute a number too large "
                                "(limits.TEMPLATE_NUMBER_BITS)")
        return budget.made(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = __self.citynet_budget
        budget.step()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            size = _str_size(owner, name, args, kwargs)
            if size < 0:  # join: the items are needed to know
                items = list(args[0]) if args else []
                budget.step(len(items))
                size = sum(len(str(item)) for item in items) + len(owner) * len(items)
                args = (items, *args[1:])
            if size:
                budget.fits(size)
                return budget.made(super().call(__context, __obj, *args, **kwargs))
        return super().call(__context, __obj, *args, **kwargs)


def _sized_filter(environment: Sandbox, function: Callable[..., Any],
                  sized: Callable[..., int]) -> Callable[..., Any]:
    """`function` (a builtin filter), refusing what would make more than the budget allows."""
    import functools

    first = 0 if getattr(function, "jinja_pass_arg", None) is None else 1
    """Where the filtered value is: after the environment or context jinja passes first."""

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = environment.citynet_budget
        budget.step()
        value = args[first] if len(args) > first else ""
        try:
            size = sized(value, *args[first + 1:], **kwargs)
        except TypeError:  # the filter itself will say what is wrong
            size = 0
        budget.fits(size)
        return budget.made(function(*args, **kwargs))

    return guarded


# -- the net ---------------------------------------------------------------------------------

@contextlib.contextmanager
def budgeted(environment: Sandbox, data: Any) -> Iterator[Budget]:
    """A fresh budget for one render of `data`, and the net of memory and CPU time around it."""
    environment.citynet_budget = budget = Budget.for_data(data)
    with _memory_net(), _time_net():
        yield budget


@contextlib.contextmanager
def _memory_net() -> Iterator[None]:
    """At most limits.TEMPLATE_MEMORY_BYTES more address space while the block runs (Linux);
    an allocation past it is a MemoryError, which the caller reports."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as stream:
            size = int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        yield
        return
    wanted = size + limits.TEMPLATE_MEMORY_BYTES
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        yield  # already as tight
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def _time_net() -> Iterator[None]:
    """At most limits.TEMPLATE_SECONDS of CPU time while the block runs (main thread, Unix)."""
    timer = getattr(signal, "ITIMER_VIRTUAL", None)
    if timer is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Exhausted(f"the template ran for more than {limits.TEMPLATE_SECONDS} seconds of "
                        "CPU time (limits.TEMPLATE_SECONDS)")

    previous = signal.signal(signal.SIGVTALRM, stop)
    signal.setitimer(timer, limits.TEMPLATE_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        signal.signal(signal.SIGVTALRM, previous)
