"""Text from a bid or a file shown exactly as written where Qt reads rich text.

Qt guesses whether a tooltip, a message box or a label is rich text from a tag anywhere in it, so a bidder named
`<b>Good</b> Ltd` would show in bold, and `<img src=…>` or `<a href=…>` would act. Such text is escaped (the
controls by `domain.shown`, then `<`, `>` and `&`) and, where Qt guesses, wrapped as rich text, so that it shows
literally.
"""

from __future__ import annotations

import html

from repm_bids.domain.shown import shown, shown_lines


def esc(text: object) -> str:
    """One value inside rich text of our own (a label with bold parts): its controls and markup escaped."""
    return html.escape(shown(text), quote=False)


def literal(text: object) -> str:
    """Text of several lines (a tooltip, a message), shown as it is written wherever Qt guesses rich text."""
    return "<p style='white-space:pre-wrap'>" + html.escape(shown_lines(str(text)), quote=False) + "</p>"
