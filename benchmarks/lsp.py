"""Time the language server as an editor meets it: python benchmarks/lsp.py [--size N]

On a generated registry (benchmarks/.registries/N, made by generate.py), it
times a warm `citynet validate` for comparison, then starts `citynet lsp`,
and measures: the answer to `initialize`; start-up, from launch to the first
diagnostics of an opened file (answered from validate's outcome in the index
when the file is unchanged); the load, from launch to the answer of the first
request (a hover, which waits for the registry); and, once loaded, the diagnostics
after each edit of a city, an agreement, a membership and an organisation given a
rule to recount (a typo in a reference, then its fix).
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import registry, run, tool  # noqa: E402


class Server:
    """`citynet lsp` in a subprocess, spoken to with Content-Length framed JSON-RPC."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.process = subprocess.Popen([tool("citynet"), "lsp"], cwd=root, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.ids = 0

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict[str, Any]:
        stream = self.process.stdout
        assert stream is not None
        length = 0
        while (header := stream.readline()) not in (b"\r\n", b""):
            if header.lower().startswith(b"content-length:"):
                length = int(header.split(b":")[1])
        return json.loads(stream.read(length))

    def request(self, method: str, params: Any) -> Any:
        self.ids += 1
        self.send({"id": self.ids, "method": method, "params": params})
        while (message := self.receive()).get("id") != self.ids or "method" in message:
            pass
        return message.get("result")

    def diagnostics(self, uri: str) -> list[Any]:
        while True:
            message = self.receive()
            if (message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == uri):
                return message["params"]["diagnostics"]

    def stop(self) -> None:
        self.request("shutdown", None)
        self.send({"method": "exit"})
        self.process.wait(timeout=60)


def measure(root: Path, edits: int) -> dict[str, Any]:
    data = root / "data"
    files = {folder: sorted((data / folder).iterdir())[len(list((data / folder).iterdir())) // 2]
             for folder in ("cities", "agreements", "memberships", "organisations")}
    started = time.perf_counter()
    server = Server(root)
    server.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
    initialize = time.perf_counter() - started
    server.send({"method": "initialized", "params": {}})
    results: dict[str, Any] = {"initialize": initialize}
    for index, (folder, path) in enumerate(files.items()):
        uri, text = path.as_uri(), path.read_text(encoding="utf-8")
        if folder == "organisations":  # a rule to check: each edit then recounts its members
            text = text.replace("sources:", RULE + "sources:", 1)
        server.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
        server.diagnostics(uri)
        if index == 0:
            results["start-up"] = time.perf_counter() - started
            results["start-up CPU"] = _cpu(server.process.pid)
            server.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": {"line": 0, "character": 0}})
            results["loaded"] = time.perf_counter() - started
        broken = _break(folder, text)
        times = []
        for version in range(2, 2 + edits):
            changed = broken if version % 2 == 0 else text
            start = time.perf_counter()
            server.send({"method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": changed}]}})
            found = server.diagnostics(uri)
            times.append(time.perf_counter() - start)
            assert any(d["code"] in ("dangling-ref", "schema") for d in found) == (
                version % 2 == 0), (folder, found)
        results[folder] = times
    server.stop()
    return results


def _cpu(pid: int) -> tuple[float, float]:
    """CPU seconds so far of the server and of any helper it forked (its children), from
    /proc."""
    def seconds(each: int, first: int = 11) -> float:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")

    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    ended = seconds(pid, 13)  # children it has waited for
    return seconds(pid), ended + sum(seconds(int(child)) for child in children)


RULE = "rules:\n  max_members_per_country:\n    limit: 1\n    capital_included: true\n"


def _break(folder: str, text: str) -> str:
    """The text with a typo: its first reference made to dangle (a `dangling-ref`), or, in a
    kind that refers to nothing, an unknown key (`schema`)."""
    import yaml

    from citynet.model.kinds import KINDS, values_at

    data = yaml.safe_load(text)
    refs = [ref for path, _ in KINDS[folder].refs for ref in values_at(data, path)]
    if not refs:
        return text + "contry: XX\n"
    written = re.compile(rf"(?m)(:\s+|-\s+|\[\s*|,\s*){re.escape(refs[0])}(?=\s*($|,|\]))")
    return written.sub(lambda m: f"{m[1]}{refs[0]}x", text, count=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="server runs (medians reported)")
    options = parser.parse_args()
    root = registry(options.size)
    citynet = tool("citynet")
    subprocess.run([citynet, "validate"], cwd=root, stdout=subprocess.DEVNULL)
    warm = run([citynet, "validate"], root, repeat=3)
    runs = [measure(root, options.edits) for _ in range(options.repeat)]

    def median(name: str) -> float:
        return statistics.median(r[name] for r in runs)

    starts = ", ".join(f"{r['start-up']:.2f}" for r in runs)
    print(f"{options.size:,} records, {os.cpu_count()} cores, {options.repeat} server runs\n")
    print("| measure | seconds |")
    print("|---|---|")
    print(f"| warm `citynet validate` (for comparison) | {warm.wall:.2f} (CPU {warm.cpu:.2f}) |")
    print(f"| `initialize` answered | {median('initialize'):.2f} |")
    print(f"| start-up: launch to the first file's diagnostics | {median('start-up'):.2f} "
          f"({starts}) |")
    server_cpu = statistics.median(r["start-up CPU"][0] for r in runs)
    helper_cpu = statistics.median(r["start-up CPU"][1] for r in runs)
    print(f"| start-up CPU: the server (a helper it forked, while it runs) | {server_cpu:.2f} "
          f"({helper_cpu:.2f}) |")
    print(f"| registry loaded: launch to the first request answered | {median('loaded'):.2f} |")
    for folder in ("cities", "agreements", "memberships", "organisations"):
        times = [t for r in runs for t in r[folder]]
        print(f"| an edit of one of the {folder}: diagnostics, median (max) | "
              f"{statistics.median(times) * 1000:.0f} ms ({max(times) * 1000:.0f} ms) |")


if __name__ == "__main__":
    main()
