#!/usr/bin/env python3
"""Compares two streams_compat.py outputs step by step.

    compat_diff.py REFERENCE.jsonl CANDIDATE.jsonl

Exits 1 when any untagged step differs (or the scenarios diverge), printing each difference with both replies.
Steps tagged by the scenario ("since-7.2", "since-7.4", "approx") may legitimately differ between Redis versions
or implementations: their differences are printed as warnings and do not fail the comparison.
"""

import json
import sys


def load(path):
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    reference, candidate = load(sys.argv[1]), load(sys.argv[2])
    failures = warnings = 0
    for index in range(max(len(reference), len(candidate))):
        want = reference[index] if index < len(reference) else None
        got = candidate[index] if index < len(candidate) else None
        if want is None or got is None or want["cmd"] != got["cmd"] or want["proto"] != got["proto"]:
            print(f"scenario diverged at line {index + 1}:\n  reference: {json.dumps(want)}\n  candidate: {json.dumps(got)}")
            return 1
        if want["reply"] == got["reply"]:
            continue
        tag = want.get("tag")
        label = f"warning ({tag})" if tag else "MISMATCH"
        print(f"{label} RESP{want['proto']} step {want['step']}: {' '.join(want['cmd'])}")
        print(f"  reference: {json.dumps(want['reply'])}")
        print(f"  candidate: {json.dumps(got['reply'])}")
        if tag:
            warnings += 1
        else:
            failures += 1
    print(f"{len(reference)} steps compared: {failures} mismatches, {warnings} tagged differences")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
