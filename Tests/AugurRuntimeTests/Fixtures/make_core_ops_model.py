"""Writes core_ops.onnx: a model built with onnx's own helpers, so the Swift decoder is checked
against files written by the reference implementation. Run with $AUGUR_PYTHON (needs onnx)."""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

here = os.path.dirname(os.path.abspath(__file__))
scale = numpy_helper.from_array(np.array([1.5, -2.0, 0.25], dtype=np.float32), name="scale")
nodes = [
    helper.make_node("Identity", ["X"], ["x_copy"], name="copy"),
    helper.make_node("Dropout", ["x_copy"], ["x_kept"], name="dropout"),
    helper.make_node("Cast", ["x_kept"], ["Y"], name="to_int", to=TensorProto.INT64),
    helper.make_node("Shape", ["X"], ["S"], name="shape"),
    helper.make_node("Constant", [], ["K"], name="const", value=helper.make_tensor("k", TensorProto.STRING, [2], [b"a", b"b"])),
    helper.make_node("Identity", ["scale"], ["W"], name="weights"),
]
graph = helper.make_graph(
    nodes,
    "core_ops",
    [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 3])],
    [
        helper.make_tensor_value_info("Y", TensorProto.INT64, ["N", 3]),
        helper.make_tensor_value_info("S", TensorProto.INT64, [2]),
        helper.make_tensor_value_info("K", TensorProto.STRING, [2]),
        helper.make_tensor_value_info("W", TensorProto.FLOAT, [3]),
    ],
    initializer=[scale],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="augur-fixture")
helper.set_model_props(model, {"purpose": "decoder test"})
onnx.checker.check_model(model)
onnx.save(model, os.path.join(here, "core_ops.onnx"))
