"""What the registry holds never reaches a terminal as raw control characters."""

import os
import pty
import subprocess
import sys

from citynet.inert import inert

ESC = "\x1b"


def test_control_characters_are_spelled_out_and_a_block_keeps_its_lines_and_tabs():
    assert inert(f"a{ESC}[31mb\x9bc\td\n", lines=True) == "a\\x1b[31mb\\x9bc\td\n"
    assert inert(f"a{ESC}[31mb\x9bc\td\n") == "a\\x1b[31mb\\x9bc\\x09d\\x0a"


def _on_a_terminal(args, cwd):
    """Run citynet with stdout and stderr on a pseudo-terminal; everything it wrote."""
    main, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "citynet", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                          stdout=secondary, stderr=secondary, env=env, timeout=60)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return done.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_a_hostile_file_name_prints_spelled_out(make_registry):
    root = make_registry()
    hostile = f"evil{ESC}]0;owned\a{ESC}[2J"
    (root / "data" / "cities" / f"{hostile}.yaml").write_text(
        "names: {en: Evil}\ncountry: KR\nsources: [{title: t}]\n", encoding="utf-8")
    status, text = _on_a_terminal(["validate", "--no-cache"], root)
    assert status == 1  # invalid-id
    assert ESC not in text and "\a" not in text
    assert "evil\\x1b]0;owned\\x07\\x1b[2J" in text
    status, text = _on_a_terminal(["list", "cities", "--no-cache"], root)
    assert "\\x1b" in text and "]0;owned" in text
    assert ESC + "]0;owned" not in text and "\a" not in text
