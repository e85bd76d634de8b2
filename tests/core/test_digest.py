"""A SHA-256 is shown short with the whole value at hand, the same way on every page."""

import hashlib

from baqylau.core.templatetags.baqylau import digest

VALUE = hashlib.sha256(b"photo").hexdigest()


def test_the_whole_value_is_in_the_text_to_copy_and_in_the_title():
    html = str(digest(VALUE))
    # The CSS clips it to its first 12 characters; selecting or copying it takes all 64.
    assert html == f'<code class="digest" title="{VALUE}" tabindex="0">{VALUE}</code>'


def test_no_value_is_a_dash():
    assert digest("") == "—"
    assert digest(None) == "—"


def test_markup_in_a_value_is_escaped():
    assert "<b>" not in str(digest("<b>x</b>"))
