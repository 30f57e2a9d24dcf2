"""Bad input, for every public function of aimath.

Two audits that cover whatever is public when the suite runs, so a new topic
module is covered as soon as it defines ``__all__``:

1. **Error-path coverage.** Every public function is called inside a
   ``with pytest.raises(...)`` block somewhere in ``tests/test_*.py`` (found by
   parsing the test files, not by running them).
2. **Malformed-input fuzz.** Each function is called with the arguments of the
   first example in its own docstring (plus its defaults), except that ONE
   argument is replaced by a malformed variant: NaN or inf at a random
   position, empty, wrong rank, wrong type, complex or object dtype, one axis
   grown or shrunk by one. Array arguments are the lists, tuples and arrays of
   numbers (and the first array in a mapping such as ``{"name": matrix}``);
   scalar arguments get NaN, inf, -1, 0 and a string. The house rule ("Bad
   input" in STYLE.md) allows exactly two outcomes:

   * a ``ValueError``/``TypeError`` whose message quotes the argument the way
     the library does, in backticks (``"`A` must be square"``, ``"`weights[1]` ..."``);
   * a normal return without a silent NaN in it (nor drawn in a returned
     figure or on an ``Axes`` passed in, nor printed as "nan" in returned text).

   Anything else (``IndexError``, ``ZeroDivisionError``, a NumPy broadcast or
   ``LinAlgError`` message, a ``RuntimeWarning``, which the suite turns into an
   error) fails with the function, the argument, the variant and what happened.
   The one exception is ``AssertionError`` from a function whose docstring
   lists it under Raises (``aimath.book.check_close``): failing a claim is what
   it is for.

The valid call comes from the docstring's Examples, so every public function
must have a running example that calls it (checked here too).
"""

from __future__ import annotations

import ast
import contextlib
import copy
import dataclasses
import doctest
import importlib
import inspect
import math
import pkgutil
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import NDArray

import aimath

TESTS = Path(__file__).parent
THIS_FILE = Path(__file__).name

#: Reproducible (no example database on disk, the same draws every time) and
#: small: 25 examples exhaust the discrete variants (every axis grown and shrunk,
#: every rank change, in every container) and still keep the file under 30 s.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

#: Public functions exempt from the error-path test, each with its reason. Keep it
#: tiny: a function that takes any argument can be given a bad one.
NO_ERROR_PATH: dict[str, str] = {
    "aimath.plotting.use_book_style": "takes no arguments, so no input can be bad",
    "aimath.plotting.themes.install_themed_display": "takes no arguments",
}


# -- discovery -------------------------------------------------------------------------


@dataclass(frozen=True)
class Public:
    """One public function: where it is listed, and the object itself."""

    name: str  # dotted, e.g. "aimath.vectors.dot"
    func: Callable[..., Any]
    module: ModuleType

    @property
    def short(self) -> str:
        return self.name.removeprefix("aimath.")


def _discover() -> tuple[list[Public], list[str]]:
    """Functions in ``__all__`` of every public aimath module, and import errors."""
    modules: list[ModuleType] = []
    errors: list[str] = []

    def onerror(name: str) -> None:
        errors.append(f"{name}: could not be imported while listing its submodules")

    for info in pkgutil.walk_packages(aimath.__path__, "aimath.", onerror=onerror):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        try:
            modules.append(importlib.import_module(info.name))
        except Exception as exc:  # a module in flux must fail loudly, not vanish
            errors.append(f"{info.name}: {type(exc).__name__}: {exc}")
    publics: list[Public] = []
    seen: set[int] = set()
    for module in modules:
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr, None)
            # functions only: classes (PCAResult), dicts and tuples are not called
            if inspect.isfunction(obj) and id(obj) not in seen:
                seen.add(id(obj))
                publics.append(Public(f"{module.__name__}.{attr}", obj, module))
    return publics, errors


PUBLIC, IMPORT_ERRORS = _discover()
PUBLIC_BY_ID = {id(p.func): p for p in PUBLIC}


def test_public_modules_import() -> None:
    assert not IMPORT_ERRORS, "public aimath modules fail to import:\n" + "\n".join(IMPORT_ERRORS)


def test_discovery_finds_the_top_level_api() -> None:
    # the re-exported API is a subset of what discovery finds in the topic modules
    exported = [n for n in aimath.__all__ if inspect.isfunction(getattr(aimath, n))]
    missing = [n for n in exported if id(getattr(aimath, n)) not in PUBLIC_BY_ID]
    assert exported
    assert not missing, f"functions in aimath.__all__ not found by discovery: {missing}"


# -- 1. every public function has an error-path test -------------------------------------


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _aimath_aliases(tree: ast.Module) -> dict[str, str]:
    """Local names bound by imports from aimath, mapped to their dotted targets."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "aimath":
                    continue
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    aliases["aimath"] = "aimath"
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] == "aimath"
        ):
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def _resolve(dotted: str) -> object | None:
    """The object a dotted path such as ``aimath.vectors.dot`` names, if any."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except (
            Exception
        ):  # not a module (or a broken one, which test_public_modules_import reports)
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr, None)
            if obj is None:
                return None
        return obj
    return None


def _is_pytest_raises(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _dotted(node.func) in {"pytest.raises", "raises"}


def _parametrized_values(fn: ast.FunctionDef, param: str, tree: ast.Module) -> list[ast.expr]:
    """The argvalue expressions a ``parametrize`` decorator of ``fn`` gives ``param``."""
    constants = {
        t.id: n.value
        for n in tree.body
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    found: list[ast.expr] = []
    for dec in fn.decorator_list:
        if not (isinstance(dec, ast.Call) and (_dotted(dec.func) or "").endswith("parametrize")):
            continue
        kw = {k.arg: k.value for k in dec.keywords}
        names_node = dec.args[0] if dec.args else kw.get("argnames")
        values_node = dec.args[1] if len(dec.args) > 1 else kw.get("argvalues")
        if names_node is None or values_node is None:
            continue
        try:
            raw = ast.literal_eval(names_node)
        except ValueError:
            continue
        names = [s.strip() for s in raw.split(",")] if isinstance(raw, str) else list(raw)
        if param not in names:
            continue
        if isinstance(values_node, ast.Name):
            values_node = constants.get(values_node.id, values_node)
        if not isinstance(values_node, (ast.List, ast.Tuple)):
            found.append(values_node)  # unknown shape: look at all of it
            continue
        for elt in values_node.elts:
            if isinstance(elt, ast.Call) and (_dotted(elt.func) or "").endswith("param"):
                row: list[ast.expr] = list(elt.args)
            elif len(names) > 1 and isinstance(elt, (ast.Tuple, ast.List)):
                row = list(elt.elts)
            else:
                row = [elt]
            index = names.index(param) if len(names) > 1 else 0
            if index < len(row):
                found.append(row[index])
    return found


def _error_path_functions(path: Path) -> set[int]:
    """ids of the aimath functions called inside ``pytest.raises`` in one test file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    aliases = _aimath_aliases(tree)

    def resolve(node: ast.expr) -> int | None:
        dotted = _dotted(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if head not in aliases:
            return None
        obj = _resolve(aliases[head] + ("." + rest if rest else ""))
        return id(obj) if obj is not None else None

    def references(nodes: list[ast.expr]) -> Iterator[int]:
        for root in nodes:
            for sub in ast.walk(root):
                if isinstance(sub, (ast.Name, ast.Attribute)) and (ref := resolve(sub)):
                    yield ref

    found: set[int] = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        params = {a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)}
        blocks: list[ast.AST] = []
        for node in ast.walk(fn):
            if isinstance(node, (ast.With, ast.AsyncWith)) and any(
                _is_pytest_raises(item.context_expr) for item in node.items
            ):
                blocks.extend(node.body)
            elif isinstance(node, ast.Call) and _is_pytest_raises(node) and len(node.args) > 1:
                blocks.append(node.args[1])  # the callable of pytest.raises(E, f, ...)
        for block in blocks:
            for call in ast.walk(block):
                callee: ast.expr | None = None
                if isinstance(call, ast.Call):
                    callee = call.func
                elif block is call and isinstance(call, (ast.Name, ast.Attribute)):
                    callee = call  # the callable handed to pytest.raises(E, f, ...)
                if callee is None:
                    continue
                if (ref := resolve(callee)) is not None:
                    found.add(ref)
                elif (
                    isinstance(callee, ast.Name)
                    and callee.id in params
                    and isinstance(fn, ast.FunctionDef)
                ):
                    # func(*args) / call() with the callee supplied by @parametrize
                    found.update(references(_parametrized_values(fn, callee.id, tree)))
    return found


def _all_error_path_functions() -> tuple[set[int], list[str]]:
    """Functions with an error-path test, and test files that could not be parsed."""
    found: set[int] = set()
    unreadable: list[str] = []
    for path in sorted(TESTS.glob("test_*.py")):
        if path.name == THIS_FILE:
            continue
        try:
            found |= _error_path_functions(path)
        except SyntaxError as exc:  # a file being edited: say so instead of a collection error
            unreadable.append(f"{path.name}: {exc}")
    return found, unreadable


ERROR_PATH_TESTED, UNPARSABLE_TESTS = _all_error_path_functions()


@pytest.mark.parametrize("public", PUBLIC, ids=lambda p: p.short)
def test_every_public_function_has_an_error_path_test(public: Public) -> None:
    if public.name in NO_ERROR_PATH:
        return
    assert id(public.func) in ERROR_PATH_TESTED, (
        f"{public.name} is never called inside `with pytest.raises(...)` in tests/test_*.py: "
        "add one test per error path (STYLE.md, Tests)"
        + (f"; unparsable test files: {UNPARSABLE_TESTS}" if UNPARSABLE_TESTS else "")
    )


def test_error_path_allow_list_names_public_functions() -> None:
    public = {p.name for p in PUBLIC}
    stale = sorted(set(NO_ERROR_PATH) - public)
    assert not stale, f"NO_ERROR_PATH lists names that are not public functions: {stale}"


# -- 2. the valid call, from the docstring example ---------------------------------------


@dataclass(frozen=True)
class Slot:
    """One argument of the valid call that the fuzz replaces."""

    label: str  # "A", "shapes[1]", "candidates['x']": for ids and messages
    param: str  # the parameter a message must quote in backticks
    position: int | str  # index into args, or keyword name
    key: object = None  # a key inside a mapping argument, or None
    scalar: bool = False


@dataclass(frozen=True)
class ValidCall:
    args: tuple[object, ...]
    kwargs: dict[str, object]
    slots: tuple[Slot, ...]

    def value(self, slot: Slot) -> object:
        pos = slot.position
        top = self.args[pos] if isinstance(pos, int) else self.kwargs[pos]
        return top[slot.key] if slot.key is not None else top  # type: ignore[index]

    def fresh(self) -> tuple[list[object], dict[str, object]]:
        """Copies of the arguments that one call may consume."""
        return [_fresh(a) for a in self.args], {k: _fresh(v) for k, v in self.kwargs.items()}

    def replaced(self, slot: Slot, new: object) -> tuple[list[object], dict[str, object]]:
        """Fresh copies of the arguments with ``slot`` set to ``new``."""
        args, kwargs = self.fresh()
        if slot.key is not None:
            pos = slot.position
            holder = args[pos] if isinstance(pos, int) else kwargs[pos]
            holder[slot.key] = new  # type: ignore[index]
        elif isinstance(slot.position, int):
            args[slot.position] = new
        else:
            kwargs[slot.position] = new
        return args, kwargs


def _fresh(x: object) -> object:
    """A copy the call may consume: a new Axes, a Generator in the same state, copied arrays."""
    if isinstance(x, Axes):
        return plt.figure().add_subplot()
    try:
        return copy.deepcopy(x)
    except Exception:
        return x


def _is_array_like(x: object) -> bool:
    """A non-empty ndarray, list or tuple of real numbers (ints or floats)."""
    if not isinstance(x, (np.ndarray, list, tuple)) or len(x) == 0:
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            arr = np.asarray(x)
    except (ValueError, TypeError, Warning):  # ragged, or not numbers
        return False
    return arr.dtype.kind in "iuf" and arr.size > 0


def _is_scalar(x: object) -> bool:
    return isinstance(x, (bool, int, float, np.bool_, np.integer, np.floating))


def _slots(func: Callable[..., Any], bound: inspect.BoundArguments) -> tuple[Slot, ...]:
    slots: list[Slot] = []
    index = 0
    for name, param in inspect.signature(func).parameters.items():
        kind = param.kind
        if kind is param.VAR_POSITIONAL:
            items: list[tuple[str, int | str, object]] = [
                (f"{name}[{j}]", index + j, v) for j, v in enumerate(bound.arguments[name])
            ]
            index += len(bound.arguments[name])
        elif kind is param.VAR_KEYWORD:
            items = [(k, k, v) for k, v in bound.arguments[name].items()]
        elif kind is param.KEYWORD_ONLY:
            items = [(name, name, bound.arguments[name])]
        else:
            items = [(name, index, bound.arguments[name])]
            index += 1
        for label, position, value in items:
            if _is_scalar(value):
                slots.append(Slot(label, name, position, scalar=True))
            elif _is_array_like(value):
                slots.append(Slot(label, name, position))
            elif isinstance(value, Mapping):
                # a table of named arrays: fuzz the first array in it
                for key, item in value.items():
                    if _is_array_like(item):
                        slots.append(Slot(f"{label}[{key!r}]", name, position, key=key))
                        break
    return tuple(slots)


def _example_call(public: Public) -> ValidCall:
    """Evaluate the arguments of the first docstring example that calls the function."""
    name = public.func.__name__
    examples = doctest.DocTestParser().get_examples(inspect.getdoc(public.func) or "")
    namespace: dict[str, Any] = {**vars(public.module), "np": np}
    for example in examples:
        tree = ast.parse(example.source)
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == name)
                or (isinstance(node.func, ast.Attribute) and node.func.attr == name)
            )
        ]
        if calls and example.exc_msg is None:
            call = calls[0]  # ast.walk is breadth-first: the outermost call

            def evaluate(node: ast.expr) -> Any:
                code = compile(ast.Expression(node), f"<example of {name}>", "eval")
                return eval(code, namespace)

            args: list[object] = []
            for arg in call.args:
                if isinstance(arg, ast.Starred):
                    args.extend(evaluate(arg.value))
                else:
                    args.append(evaluate(arg))
            kwargs: dict[str, object] = {}
            for keyword in call.keywords:
                if keyword.arg is None:
                    kwargs.update(evaluate(keyword.value))
                else:
                    kwargs[keyword.arg] = evaluate(keyword.value)
            bound = inspect.signature(public.func).bind(*args, **kwargs)
            bound.apply_defaults()
            return ValidCall(bound.args, bound.kwargs, _slots(public.func, bound))
        # an earlier line (a table, a matrix, a figure) the call may need
        exec(compile(example.source, f"<example of {name}>", "exec"), namespace)
    msg = f"{public.name} has no docstring example that calls it (Examples section)"
    raise LookupError(msg)


def _prepare(public: Public) -> ValidCall | str:
    """The valid call of ``public``, checked to run cleanly; or why there is none."""
    try:
        with _sandbox():
            call = _example_call(public)
            args, kwargs = call.fresh()
            problem = _nan_in(public.func(*args, **kwargs), "the result")
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    if problem:
        return f"the example's valid call returns {problem}"
    return call


@contextlib.contextmanager
def _sandbox() -> Iterator[None]:
    """Warnings are errors (as in the suite); rcParams restored and figures closed after."""
    with warnings.catch_warnings(), mpl.rc_context():
        warnings.simplefilter("error")
        try:
            yield
        finally:
            plt.close("all")


# -- what counts as a silent NaN ---------------------------------------------------------

_NAN_WORD = re.compile(r"\bnan\b", re.IGNORECASE)


def _nan_in(obj: object, where: str, depth: int = 0) -> str | None:
    """Describe a NaN in ``obj`` (numbers, arrays, containers, figures, text), or None."""
    if depth > 6:
        return None
    if isinstance(obj, str):
        # a NaN formatted for a page is still a silent NaN
        return f"text containing 'nan' in {where}: {obj!r}" if _NAN_WORD.search(obj) else None
    if isinstance(obj, (float, complex, np.floating, np.complexfloating)):
        return f"NaN in {where}" if np.isnan(obj) else None
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "fc":
            data = np.ma.getdata(obj)
            mask = np.ma.getmaskarray(obj)
            return f"NaN in {where}" if bool(np.any(np.isnan(data) & ~mask)) else None
        if obj.dtype.kind == "O":
            return _first(_nan_in(item, where, depth + 1) for item in obj.ravel()[:1000])
        return None
    if isinstance(obj, Figure):
        axes = enumerate(obj.axes)
        return _first(_nan_in(ax, f"{where} (axes {i})", depth + 1) for i, ax in axes)
    if isinstance(obj, Axes):
        # what the figure shows: coordinates of lines, markers, patches, images and text
        drawn: list[tuple[str, object]] = [("a line", ln.get_xydata()) for ln in obj.lines]
        drawn += [("a collection", c.get_offsets()) for c in obj.collections]
        drawn += [("a patch", p.get_verts()) for p in obj.patches]
        drawn += [("an image", im.get_array()) for im in obj.images]
        drawn += [("a text position", t.get_position()) for t in obj.texts]
        drawn += [("a text", t.get_text()) for t in obj.texts]
        return _first(
            _nan_in(
                d if isinstance(d, str) else np.ma.asarray(d, float), f"{where}: {w}", depth + 1
            )
            for w, d in drawn
        )
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _first(
            _nan_in(getattr(obj, f.name), f"{where}.{f.name}", depth + 1)
            for f in dataclasses.fields(obj)
        )
    if isinstance(obj, Mapping):
        return _first(_nan_in(v, f"{where}[{k!r}]", depth + 1) for k, v in obj.items())
    if isinstance(obj, (list, tuple)):
        return _first(_nan_in(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(obj))
    return None


def _first(problems: Iterator[str | None]) -> str | None:
    return next((p for p in problems if p), None)


VALID: dict[str, ValidCall | str] = {p.name: _prepare(p) for p in PUBLIC}


@pytest.mark.parametrize("public", PUBLIC, ids=lambda p: p.short)
def test_docstring_example_gives_a_valid_call(public: Public) -> None:
    prepared = VALID[public.name]
    assert isinstance(prepared, ValidCall), (
        f"{public.name}: every public function needs a running docstring example that calls "
        f"it (the fuzz takes its valid arguments from there); {prepared}"
    )


# -- 3. the fuzz -------------------------------------------------------------------------


def _restore(arr: NDArray[Any], like: object) -> object:
    """``arr`` in the container ``like`` came in (list, tuple or ndarray)."""
    if isinstance(like, list):
        return arr.tolist()
    if isinstance(like, tuple):
        items = arr.tolist()
        return tuple(items) if isinstance(items, list) else items
    return arr


def _containers(original: object, arr: NDArray[Any]) -> st.SearchStrategy[tuple[str, object]]:
    """``arr`` as an ndarray, or in the original's container."""
    options: list[tuple[str, object]] = [("ndarray", arr)]
    if isinstance(original, (list, tuple)):
        options.append((type(original).__name__, _restore(arr, original)))
    return st.sampled_from(options)


def _non_finite(bad: list[float]) -> Callable[[object], st.SearchStrategy[tuple[str, object]]]:
    @st.composite
    def strategy(draw: st.DrawFn, original: object) -> tuple[str, object]:
        arr = np.asarray(original)
        pos = draw(st.integers(0, arr.size - 1))
        value = draw(st.sampled_from(bad))
        if isinstance(original, (list, tuple)) and draw(st.booleans()):
            # the same list with one entry replaced: ints stay ints
            obj = arr.astype(object)
            obj.flat[pos] = value
            container, new = type(original).__name__, _restore(obj, original)
        else:
            flt = arr.astype(np.float64)
            flt.flat[pos] = value
            container, new = "ndarray", flt
        return f"{value} at flat index {pos} of shape {arr.shape} ({container})", new

    return strategy


def _empty(original: object) -> st.SearchStrategy[tuple[str, object]]:
    arr = np.asarray(original)
    options: list[tuple[str, object]] = [("empty list []", []), ("empty ndarray (0,)", np.empty(0))]
    for axis in range(arr.ndim if arr.ndim >= 2 else 0):
        shape = tuple(0 if i == axis else n for i, n in enumerate(arr.shape))
        options.append((f"empty ndarray {shape}", np.empty(shape)))
    return st.sampled_from(options)


@st.composite
def _wrong_rank(draw: st.DrawFn, original: object) -> tuple[str, object]:
    arr = np.asarray(original)
    options = [("leading axis added", arr[np.newaxis]), ("trailing axis added", arr[..., None])]
    if arr.ndim >= 2:
        options += [("flattened", arr.reshape(-1)), ("first slice only", arr[0])]
    else:
        options += [("first entry only", np.asarray(arr[0]))]
    what, new = draw(st.sampled_from(options))
    container, value = draw(_containers(original, new))
    return f"{what}: shape {new.shape} instead of {arr.shape} ({container})", value


@st.composite
def _wrong_shape(draw: st.DrawFn, original: object) -> tuple[str, object]:
    arr = np.asarray(original)
    axis = draw(st.integers(0, arr.ndim - 1))
    if draw(st.booleans()):
        # one more slice, different from the last one (no accidental duplicates)
        new = np.concatenate([arr, arr.take([-1], axis=axis) + 1], axis=axis)
    else:
        new = arr.take(range(arr.shape[axis] - 1), axis=axis)
    container, value = draw(_containers(original, new))
    return f"axis {axis} resized: shape {new.shape} instead of {arr.shape} ({container})", value


#: Malformed variants drawn at random: where the NaN goes, which axis changes.
DRAWN: dict[str, Callable[[object], st.SearchStrategy[tuple[str, object]]]] = {
    "nan": _non_finite([math.nan]),
    "inf": _non_finite([math.inf, -math.inf]),
    "empty": _empty,
    "rank": _wrong_rank,
    "shape": _wrong_shape,
}


def _object_with_none(arr: NDArray[Any]) -> NDArray[Any]:
    obj = arr.astype(object)
    obj.flat[0] = None
    return obj


#: Malformed variants with nothing to draw: wrong types and dtypes.
FIXED: dict[str, Callable[[NDArray[Any]], object]] = {
    "str": lambda arr: "abc",
    "None": lambda arr: None,
    "dict": lambda arr: {"a": 1.0},
    "complex": lambda arr: arr.astype(np.complex128) + 0.5j,
    "object": lambda arr: arr.astype(object),
    "object-with-None": _object_with_none,
}


def _scalar_variants(original: object) -> dict[str, object]:
    real = isinstance(original, (float, np.floating))
    return {
        "nan": math.nan,
        "inf": math.inf,
        "-1": -1.0 if real else -1,
        "0": 0.0 if real else 0,
        "str": "abc",
    }


def _documents(func: Callable[..., Any], exception: str) -> bool:
    """Whether the Raises section of ``func``'s docstring lists ``exception``."""
    doc = inspect.getdoc(func) or ""
    section = re.search(r"^Raises\n-+\n(.*?)(?=^\w[^\n]*\n-+\n|\Z)", doc, re.S | re.M)
    return bool(section and re.search(rf"^{exception}\b", section.group(1), re.M))


def _quotes(message: str, param: str) -> bool:
    """The house convention: the argument in backticks, maybe indexed (`weights[1]`)."""
    return re.search(rf"`{re.escape(param)}(\[[^`\]]*\])*`", message) is not None


def _outcome(public: Public, slot: Slot, variant: str, value: object) -> str | None:
    """None if the call obeys the bad-input rule, else what went wrong."""
    call = VALID[public.name]
    assert isinstance(call, ValidCall)
    head = f"{public.name}: argument `{slot.label}` = <{variant}>"
    try:
        with _sandbox():
            args, kwargs = call.replaced(slot, value)
            result = public.func(*args, **kwargs)
            axes = [a for a in [*args, *kwargs.values()] if isinstance(a, Axes)]
            problem = _nan_in(result, "the result") or _first(
                _nan_in(ax, "the Axes passed in") for ax in axes
            )
    except (ValueError, TypeError) as exc:
        if _quotes(str(exc), slot.param):
            return None
        return f"{head}: {type(exc).__name__} does not name `{slot.param}`: {exc}"
    except AssertionError as exc:
        # check/check_close: failing a claim with AssertionError is their documented job
        if _documents(public.func, "AssertionError"):
            return None
        return f"{head}: unrelated AssertionError: {exc}"
    except Exception as exc:
        return f"{head}: unrelated {type(exc).__name__}: {exc}"
    if problem:
        return f"{head}: returned normally with a silent {problem}"
    return None


def _valid_cases() -> Iterator[tuple[Public, ValidCall, Slot]]:
    for public in PUBLIC:
        call = VALID[public.name]
        if isinstance(call, ValidCall):
            for slot in call.slots:
                yield public, call, slot


DRAWN_CASES = [
    pytest.param(public, slot, kind, id=f"{public.short}-{slot.label}-{kind}")
    for public, _, slot in _valid_cases()
    if not slot.scalar
    for kind in DRAWN
]
FIXED_CASES = [
    pytest.param(public, slot, kind, id=f"{public.short}-{slot.label}-{kind}")
    for public, _, slot in _valid_cases()
    if not slot.scalar
    for kind in FIXED
]
SCALAR_CASES = [
    pytest.param(public, slot, kind, id=f"{public.short}-{slot.label}-{kind}")
    for public, call, slot in _valid_cases()
    if slot.scalar
    for kind in _scalar_variants(call.value(slot))
]


@pytest.mark.parametrize(("public", "slot", "kind"), DRAWN_CASES)
@FUZZ
@given(data=st.data())
def test_malformed_array_argument(
    public: Public, slot: Slot, kind: str, data: st.DataObject
) -> None:
    call = VALID[public.name]
    assert isinstance(call, ValidCall)
    variant, value = data.draw(DRAWN[kind](call.value(slot)), label=kind)
    problem = _outcome(public, slot, variant, value)
    assert problem is None, problem


@pytest.mark.parametrize(("public", "slot", "kind"), FIXED_CASES)
def test_wrongly_typed_array_argument(public: Public, slot: Slot, kind: str) -> None:
    call = VALID[public.name]
    assert isinstance(call, ValidCall)
    value = FIXED[kind](np.asarray(call.value(slot)))
    problem = _outcome(public, slot, kind, value)
    assert problem is None, problem


@pytest.mark.parametrize(("public", "slot", "kind"), SCALAR_CASES)
def test_malformed_scalar_argument(public: Public, slot: Slot, kind: str) -> None:
    call = VALID[public.name]
    assert isinstance(call, ValidCall)
    value = _scalar_variants(call.value(slot))[kind]
    problem = _outcome(public, slot, kind, value)
    assert problem is None, problem
