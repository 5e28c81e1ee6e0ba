#!/usr/bin/env python3
"""Prints the failed tests of TRX result files, earliest first, the first lines of each error: CI shows only the end of a
run's output, and the first failure is the one that explains the others. Called by run-tests.sh before its totals."""
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
LIMIT = 6


def failures(path):
    root = ET.parse(path).getroot()
    for result in root.iter(NS + "UnitTestResult"):
        if result.get("outcome") != "Failed":
            continue
        message = result.find(f"{NS}Output/{NS}ErrorInfo/{NS}Message")
        text = (message.text or "").strip() if message is not None else ""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        first = " | ".join(lines[:3]) or "(no message)"
        yield result.get("startTime") or "", result.get("testName") or "?", first


def main(paths):
    found = sorted(f for path in paths for f in failures(path))
    if not found:
        return
    print(f"failed tests, earliest first ({min(len(found), LIMIT)} of {len(found)}):")
    for start, name, first in found[:LIMIT]:
        print(f"  {start[11:19]} {name.split('.', 2)[-1][:160]}")
        print(f"           {first[:400]}")


if __name__ == "__main__":
    main(sys.argv[1:])
