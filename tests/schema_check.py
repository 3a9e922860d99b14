#!/usr/bin/env python3
"""Checks playlists against config/playlist.schema.json, as an editor would.

    python3 tests/schema_check.py SCHEMA FILE...

Checks the schema itself first (Draft 2020-12), then prints each problem of each file as
"FILE: JSON-PATH: message". Exits 1 when any file is invalid, 2 on bad usage or schema.
"""
import json
import sys

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError


def json_path(parts):
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        schema = load(argv[1])
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, SchemaError) as e:
        print(f"{argv[1]}: not a valid schema: {e}", file=sys.stderr)
        return 2
    validator = Draft202012Validator(schema)
    invalid = 0
    for name in argv[2:]:
        try:
            playlist = load(name)
        except (OSError, ValueError) as e:
            print(f"{name}: {e}")
            invalid += 1
            continue
        errors = sorted(validator.iter_errors(playlist), key=lambda e: json_path(e.absolute_path))
        for error in errors:
            print(f"{name}: {json_path(error.absolute_path)}: {error.message}")
        if errors:
            invalid += 1
        else:
            print(f"{name}: ok")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
