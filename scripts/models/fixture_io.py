"""Writes model fixtures (model.onnx, inputs.json, expected.json) that the Swift tests read.

JSON layout, per input or output name:
  tensors: {"kind": "tensor", "dtype": "float32", "shape": [...], "data": [...flat...]}
  ZipMap:  {"kind": "map_sequence", "key_type": "int64"|"string", "data": [{label: prob}, ...]}
Non-finite floats are written as the strings "nan", "inf", "-inf" (JSON has no such numbers).
"""
import json
import os

import numpy as np
import onnxruntime as ort


def _number(v):
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if np.isnan(f):
            return "nan"
        if np.isinf(f):
            return "inf" if f > 0 else "-inf"
        return f
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, bytes):
        return v.decode("utf-8")
    return v


def encode_value(value):
    """One runtime value (numpy array or ZipMap's list of dicts) as fixture JSON."""
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            key_type = "string" if isinstance(next(iter(value[0].keys())), str) else "int64"
            return {"kind": "map_sequence", "key_type": key_type,
                    "data": [{str(k): _number(v) for k, v in row.items()} for row in value]}
        raise ValueError("unsupported list output")
    array = np.asarray(value)
    dtype = "string" if array.dtype.kind in ("U", "O", "S") else str(array.dtype)
    return {"kind": "tensor", "dtype": dtype, "shape": list(array.shape),
            "data": [_number(v) for v in array.reshape(-1).tolist()]}


def write_fixture(directory, model, inputs, note=""):
    """Saves `model`, runs onnxruntime on `inputs` (name -> numpy array) and saves its outputs."""
    os.makedirs(directory, exist_ok=True)
    data = model.SerializeToString()
    with open(os.path.join(directory, "model.onnx"), "wb") as f:
        f.write(data)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])
    outputs = session.run(None, inputs)
    names = [o.name for o in session.get_outputs()]
    with open(os.path.join(directory, "inputs.json"), "w") as f:
        json.dump({k: encode_value(v) for k, v in inputs.items()}, f, separators=(",", ":"))
    expected = {n: encode_value(v) for n, v in zip(names, outputs)}
    if note:
        expected["_note"] = note
    with open(os.path.join(directory, "expected.json"), "w") as f:
        json.dump(expected, f, separators=(",", ":"))
    return outputs
