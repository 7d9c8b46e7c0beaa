"""Admin widgets of the shared blocks."""

from django import forms


class CodeTextarea(forms.Textarea):
    """A box for source code: monospace, neither spell-checked nor capitalised, and Tab indents instead of leaving
    it (code-source.js); Esc, then Tab, leaves it, so that a keyboard is never trapped."""

    def __init__(self, attrs=None):
        defaults = {
            "class": "code-source",
            "rows": 10,
            "spellcheck": "false",
            "autocapitalize": "off",
            "autocomplete": "off",
            "data-code-source": "",
        }
        super().__init__({**defaults, **(attrs or {})})

    class Media:
        css = {"all": ["css/code-source.css"]}
        js = ["js/code-source.js"]
