"""Most tests build an app of their own, and building one compiled the same code every time:
Werkzeug turns each of the ~200 routes into two URL builders through `ast` and `compile`
(about 60 ms an app), and each new Jinja environment compiles every template it renders
again (about 25 ms a test). Both depend only on their source, so the test process keeps
what it compiled once. What the app does is unchanged; each app still gets its own routes,
environment and templates, only the compiled code objects are shared."""

import jinja2
from flask import Flask
from werkzeug.routing.rules import Rule


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's own cache hook, in memory: keyed by the template's name and a hash of its
    source, so a changed template is compiled again."""

    def __init__(self):
        self.codes = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.codes:
            bucket.code = self.codes[bucket.key]

    def dump_bytecode(self, bucket):
        self.codes[bucket.key] = bucket.code


COMPILED_TEMPLATES = CompiledTemplates()
_create_jinja_environment = Flask.create_jinja_environment


def create_jinja_environment(self):
    environment = _create_jinja_environment(self)
    environment.bytecode_cache = COMPILED_TEMPLATES
    return environment


# A builder's code depends on the rule's text and its parsed parts only (the converters are
# read through the rule it is bound to, at call time); a rule with defaults bakes converted
# values into its code, so those are compiled each time as before.
_compile_builder = Rule._compile_builder
_builders = {}


def compile_builder(rule, append_unknown=True):
    if rule.defaults:
        return _compile_builder(rule, append_unknown)
    key = (append_unknown, rule.rule, tuple(rule._trace))
    if key not in _builders:
        _builders[key] = _compile_builder(rule, append_unknown)
    return _builders[key]


def install() -> None:
    Flask.create_jinja_environment = create_jinja_environment
    Rule._compile_builder = compile_builder
