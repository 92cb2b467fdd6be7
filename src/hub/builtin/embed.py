#!/usr/bin/env python3
"""Writes an assembler file that embeds files in .rodata with .incbin.

usage: embed.py OUTPUT.S SYMBOL=FILE...

Each SYMBOL gets SYMBOL_begin and SYMBOL_end labels around the bytes of FILE (read by the
assembler when it runs, so the build re-runs this step whenever FILE changes).
"""
import os
import sys


def main() -> None:
    out, pairs = sys.argv[1], sys.argv[2:]
    lines = []
    for pair in pairs:
        sym, path = pair.split("=", 1)
        path = os.path.abspath(path).replace("\\", "\\\\").replace('"', '\\"')
        lines += [
            ".section .rodata",
            ".balign 16",
            f".global {sym}_begin",
            f".type {sym}_begin, @object",
            f"{sym}_begin:",
            f'.incbin "{path}"',
            f".global {sym}_end",
            f".type {sym}_end, @object",
            f"{sym}_end:",
        ]
    lines.append('.section .note.GNU-stack,"",@progbits')
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
