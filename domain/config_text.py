"""The configuration file's text: YAML (what we write, easy to review and to diff) or JSON.

Read with PyYAML's safe loader, without aliases: an anchor repeated a few levels deep is a
document of billions of rows for whoever walks it, and a configuration never needs one.
No Flask, no database.
"""

import json
import re

import yaml

MAX_DEPTH = 20


class NotReadable(ValueError):
    """The text is neither YAML nor JSON; the message says where it stopped making sense."""


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise NotReadable(
                f"línea {mark.line + 1}: el archivo usa un alias (*{self.peek_event().anchor}); "
                "escriba los datos completos"
            )
        return super().compose_node(parent, index)


def parse(text: str):
    """The document in `text` (JSON when it starts with "{", YAML otherwise)."""
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise NotReadable(
                f"línea {error.lineno}, columna {error.colno}: no es JSON válido ({error.msg})"
            ) from None
        except RecursionError:
            raise NotReadable("el archivo anida demasiados niveles") from None
    try:
        document = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"línea {mark.line + 1}, columna {mark.column + 1}: " if mark else ""
        raise NotReadable(f"{where}no es YAML válido ({error.problem or error.context})") from None
    except (yaml.YAMLError, RecursionError) as error:
        raise NotReadable(f"no es YAML válido ({error})") from None
    if _depth(document) > MAX_DEPTH:
        raise NotReadable("el archivo anida demasiados niveles")
    return document


def _depth(value, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


class _Dumper(yaml.SafeDumper):
    """Quotes every time and date, so "08:00" reads like "13:00" and an edited "8:00" stays
    a time (YAML 1.1 reads an unquoted 8:00 as the number 480)."""


def _text(dumper, value: str):
    style = '"' if TIME_OR_DATE.match(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
TIME_OR_DATE = re.compile(r"^(\d{1,2}:\d{2}(:\d{2})?|\d{4}-\d{2}-\d{2})$")


def dump(document: dict, fmt: str = "yaml") -> str:
    """The document as text: keys in the declared order, accents as they are."""
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(
        document,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
