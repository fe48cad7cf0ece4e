#!/usr/bin/env python3
"""A deterministic Redis Streams scenario, recorded as normalised JSON lines.

Run it against Redis and against the Augur broker with the same arguments and diff the outputs
(run_compat.sh does both). It flushes the server (FLUSHALL) first, so point it only at a throwaway server.

    python3 streams_compat.py --port 6379 --output redis.jsonl

The scenario runs twice, over RESP2 and over RESP3 (redis-py protocol=3); see compat_session.py for what is
normalised and why. Steps tagged "since-7.2"/"since-7.4" or "approx" may legitimately differ (a newer Redis
feature, or trimming with `~`, whose exact result the Redis documentation leaves to the implementation);
compat_diff.py reports them as warnings. The reference is Redis 7.0 (Debian's 7.0.15 here).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from compat_session import IdRegistry, Session  # noqa: E402
from scenario_groups import claiming, groups_setup, pending_and_acks, reading_groups  # noqa: E402
from scenario_server import arity, connection_commands, keyspace  # noqa: E402
from scenario_streams import (  # noqa: E402
    deleting_and_trimming,
    xadd_and_ids,
    xadd_trimming,
    xinfo_views,
    xrange_queries,
    xread_and_blocking,
)


def run(session):
    session.call("FLUSHALL")
    connection_commands(session)
    xadd_and_ids(session)
    xadd_trimming(session)
    xrange_queries(session)
    xread_and_blocking(session)
    groups_setup(session)
    reading_groups(session)
    pending_and_acks(session)
    claiming(session)
    deleting_and_trimming(session)
    xinfo_views(session)
    keyspace(session)
    arity(session)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--output", required=True, help="where to write the JSON lines")
    parser.add_argument("--protocols", default="2,3", help="comma-separated RESP versions to run (default 2,3)")
    parser.add_argument("--keep-lag", action="store_true", help="compare XINFO lag values instead of normalising them")
    args = parser.parse_args()
    ids = IdRegistry()
    with open(args.output, "w") as out:
        for protocol in (int(p) for p in args.protocols.split(",")):
            session = Session(args.port, protocol, out, ids, keep_lag=args.keep_lag, host=args.host)
            try:
                run(session)
            finally:
                session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
