"""Fill English translations into every kriya/**/locale/en django.po.

Usage: python scripts/translate_en.py < translations.json   ({"Indonesian msgid": "English"})
Existing translations are kept unless --force is given. Prints msgids still untranslated.
"""

import glob
import json
import sys

from babel.messages.pofile import read_po, write_po


def main() -> None:
    force = "--force" in sys.argv
    mapping = json.load(sys.stdin)
    missing = set()
    for path in sorted(glob.glob("kriya/**/locale/en/LC_MESSAGES/django.po", recursive=True)):
        with open(path, "rb") as fh:
            catalog = read_po(fh)
        catalog.fuzzy = False
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            if key in mapping and (force or not message.string or message.fuzzy):
                if isinstance(message.id, str):
                    message.string = mapping[key]
                else:
                    value = mapping[key]
                    message.string = (
                        tuple(value if isinstance(value, str) else v for v in value)
                        if isinstance(value, list)
                        else (value, value)
                    )
                message.flags.discard("fuzzy")
            if not message.string or (
                isinstance(message.string, tuple) and not all(message.string)
            ):
                missing.add(key)
        with open(path, "wb") as fh:
            write_po(fh, catalog, width=100)
    for key in sorted(missing):
        print("untranslated:", repr(key))


if __name__ == "__main__":
    main()
