"""Sub-commands of `zwgk`; each module has `add_arguments(parser)` and `run(args) -> int`."""


def keep_existing(path) -> None:
    """Keep a file already at an output path (filled or edited by hand, perhaps) as a backup in
    `zwgk备份` beside it before the output replaces it, and say where it went."""
    import sys
    from pathlib import Path

    from zwgk.atomic import backup_existing, backup_note
    from zwgk.wording import words

    saved = backup_existing(path)
    if saved is not None:
        print(words("workbook")["backups"]["kept"].format(name=Path(path).name, backup=backup_note(saved)),
              file=sys.stderr)


def tell_notices(report) -> None:
    """Say what was mended in a report on the way in (control characters removed from names)."""
    import sys

    for notice in report.notices:
        print(f"注意：{notice}", file=sys.stderr)
