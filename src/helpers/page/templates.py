"""The Jinja2 environment the page pieces, the LA edition and the handouts render with."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("helpers.page", "templates"),
        autoescape=True,  # every value is escaped unless a template marks it safe
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context) -> str:
    """Render ``templates/<template>`` with ``context``; the result has no line breaks to
    upset Markdown renderers that treat an indented line as code."""
    html = environment().get_template(template).render(**context)
    return "".join(line.strip() for line in html.splitlines())
