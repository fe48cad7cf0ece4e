#!/usr/bin/env python3
"""The worker a user would write instead of Augur: redis-py and onnxruntime, for pipeline_bench.sh's setup (c).

Each process joins the consumer group, reads requests in batches (XREADGROUP COUNT --batch BLOCK), stacks the
rows of the batch into one array, runs the model once with onnxruntime (one intra-op thread), and writes one
result per request to its reply_to followed by the XACKs, all in one pipeline. The results carry the same
fields as Augur's: id, model, version, outputs (V2 outputs JSON) or error, latency_us. Runs until SIGTERM.

    python_worker.py --port 6379 --model logreg=/path/logreg.onnx [--model …] [--processes 2] [--batch 256]
"""

import argparse
import json
import multiprocessing
import os
import signal
import socket
import time

V2_TYPES = {"float32": "FP32", "float64": "FP64", "int64": "INT64", "int32": "INT32", "bool": "BOOL"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--model", action="append", required=True, help="NAME=PATH.onnx (repeatable)")
    parser.add_argument("--stream", default="augur:requests")
    parser.add_argument("--group", default="augur")
    parser.add_argument("--batch", type=int, default=256, help="most requests read at once (XREADGROUP COUNT)")
    parser.add_argument("--block-ms", type=int, default=100)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    return parser.parse_args()


def error_fields(cid, model, code, message, entry_id):
    return {"id": cid, "model": model, "error": json.dumps({"code": code, "message": message}),
            "latency_us": latency_us(entry_id)}


def latency_us(entry_id):
    return str(max(0, int(time.time() * 1e6) - int(entry_id.split(b"-")[0]) * 1000))


def parse_rows(inputs, width):
    """A row or rows of numbers, or V2 inputs (the first input's data), as float32 rows of `width`."""
    import numpy as np

    value = json.loads(inputs)
    if isinstance(value, dict):
        value = value["inputs"]
    if value and isinstance(value[0], dict):
        value = value[0]["data"]
    return np.asarray(value, dtype=np.float32).reshape(-1, width)


def v2_outputs(names, arrays, row):
    """The V2 outputs of one request: row `row` of each output."""
    outputs = []
    for name, array in zip(names, arrays):
        part = array[row:row + 1]
        outputs.append({"name": name, "datatype": V2_TYPES.get(str(part.dtype), "FP32"),
                        "shape": list(part.shape), "data": part.ravel().tolist()})
    return json.dumps(outputs)


def work(args, models):
    import numpy as np
    import onnxruntime as ort
    import redis

    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a benchmark worker: stopping mid-batch is fine
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    sessions = {}
    for name, path in models.items():
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        sessions[name] = (session, session.get_inputs()[0].name, [o.name for o in session.get_outputs()],
                          session.get_inputs()[0].shape[1])
    r = redis.Redis(host=args.host, port=args.port)
    consumer = f"py-{socket.gethostname()}-{os.getpid()}"
    os.write(1, f"{consumer} ready\n".encode())  # one write: the processes share the output
    while True:
        got = r.xreadgroup(args.group, consumer, {args.stream: ">"}, count=args.batch, block=args.block_ms)
        if not got:
            continue
        entries = got[0][1]
        pipe = r.pipeline(transaction=False)
        by_model = {}
        for entry_id, fields in entries:
            cid = fields.get(b"id", entry_id).decode()
            model = fields.get(b"model", b"").decode()
            reply_to = fields.get(b"reply_to", b"augur:results")
            if model not in sessions:
                pipe.xadd(reply_to, error_fields(cid, model, "unknown_model", f"no model {model}", entry_id))
                continue
            try:
                row = parse_rows(fields[b"inputs"], sessions[model][3])
            except (KeyError, ValueError, TypeError, IndexError) as error:
                pipe.xadd(reply_to, error_fields(cid, model, "bad_input_shape", str(error), entry_id))
                continue
            by_model.setdefault(model, []).append((entry_id, cid, reply_to, row))
        for model, requests in by_model.items():
            session, input_name, output_names, _ = sessions[model]
            rows = np.concatenate([request[3] for request in requests])
            arrays = session.run(output_names, {input_name: rows})
            for index, (entry_id, cid, reply_to, _) in enumerate(requests):
                pipe.xadd(reply_to, {"id": cid, "model": model, "version": "1",
                                     "outputs": v2_outputs(output_names, arrays, index),
                                     "latency_us": latency_us(entry_id)})
        pipe.xack(args.stream, args.group, *[entry_id for entry_id, _ in entries])
        pipe.execute()


def main():
    import redis

    args = parse_args()
    models = dict(m.split("=", 1) for m in args.model)
    try:
        redis.Redis(host=args.host, port=args.port).xgroup_create(args.stream, args.group, id="$", mkstream=True)
    except redis.ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise
    workers = [multiprocessing.Process(target=work, args=(args, models)) for _ in range(args.processes)]
    for w in workers:
        w.start()
    signal.signal(signal.SIGTERM, lambda *_: [w.terminate() for w in workers])
    for w in workers:
        w.join()


if __name__ == "__main__":
    main()
