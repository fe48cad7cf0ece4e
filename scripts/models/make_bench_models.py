"""Writes the benchmark models (not committed) to a directory given as argument:

  logreg.onnx         LogisticRegression, 20 features, 3 classes (no ZipMap)
  random_forest.onnx  RandomForestClassifier, 100 trees, depth 8, 20 features, 3 classes
  xgboost.onnx        XGBClassifier, 100 trees (depth 6), 20 features, 3 classes
  mlp.onnx            MLPClassifier 64-64-64, 20 features, 3 classes
  cnn1d.onnx          Conv1D → Relu → MaxPool → Conv1D → Relu → GlobalAveragePool → Flatten → Gemm
                      → Softmax, built with onnx.helper (input [N, 4, 64])

and, for each, <name>.input.npy holding a 512-row float32 batch. Usage:
  $AUGUR_PYTHON scripts/models/make_bench_models.py <output_dir>
"""
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")


def sklearn_models(out, X, y):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    from skl2onnx import to_onnx

    opsets = {"": 17, "ai.onnx.ml": 3}
    models = {
        "logreg": LogisticRegression(max_iter=1000),
        "random_forest": RandomForestClassifier(n_estimators=100, max_depth=8, random_state=0),
        "mlp": MLPClassifier(hidden_layer_sizes=(64, 64, 64), max_iter=200, random_state=0),
    }
    for name, model in models.items():
        model.fit(X, y)
        onx = to_onnx(model, X[:1], target_opset=opsets, options={id(model): {"zipmap": False}})
        save(out, name, onx, X[:512])


def xgboost_model(out, X, y):
    import xgboost
    from onnxmltools import convert_xgboost
    from onnxmltools.convert.common.data_types import FloatTensorType

    model = xgboost.XGBClassifier(n_estimators=100, max_depth=6, random_state=0).fit(X, y)
    onx = convert_xgboost(model, initial_types=[("X", FloatTensorType([None, X.shape[1]]))], target_opset=15)
    save(out, "xgboost", onx, X[:512])


def cnn1d(out):
    from onnx import TensorProto as TP
    from onnx import helper as h
    from onnx import numpy_helper as nh

    rng = np.random.default_rng(0)
    w1 = (rng.normal(size=(16, 4, 5)) * 0.2).astype(np.float32)
    b1 = (rng.normal(size=16) * 0.1).astype(np.float32)
    w2 = (rng.normal(size=(32, 16, 3)) * 0.1).astype(np.float32)
    b2 = (rng.normal(size=32) * 0.1).astype(np.float32)
    wf = (rng.normal(size=(32, 5)) * 0.3).astype(np.float32)
    bf = (rng.normal(size=5) * 0.1).astype(np.float32)
    inits = [nh.from_array(a, n) for a, n in [(w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2"), (wf, "wf"), (bf, "bf")]]
    nodes = [
        h.make_node("Conv", ["X", "w1", "b1"], ["c1"], kernel_shape=[5], pads=[2, 2]),
        h.make_node("Relu", ["c1"], ["r1"]),
        h.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[2], strides=[2]),
        h.make_node("Conv", ["p1", "w2", "b2"], ["c2"], kernel_shape=[3], pads=[1, 1]),
        h.make_node("Relu", ["c2"], ["r2"]),
        h.make_node("GlobalAveragePool", ["r2"], ["g"]),
        h.make_node("Flatten", ["g"], ["f"]),
        h.make_node("Gemm", ["f", "wf", "bf"], ["logits"]),
        h.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
    ]
    graph = h.make_graph(nodes, "cnn1d", [h.make_tensor_value_info("X", TP.FLOAT, ["N", 4, 64])],
                         [h.make_tensor_value_info("probabilities", TP.FLOAT, ["N", 5])], inits)
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 17)])
    model.ir_version = 8
    save(out, "cnn1d", model, rng.normal(size=(512, 4, 64)).astype(np.float32))


def save(out, name, model, batch):
    with open(os.path.join(out, f"{name}.onnx"), "wb") as f:
        f.write(model.SerializeToString())
    np.save(os.path.join(out, f"{name}.input.npy"), batch)
    print("wrote", name)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_bench_models.py <output_dir>")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=4000, n_features=20, n_informative=12, n_classes=3, random_state=0)
    X = X.astype(np.float32)
    sklearn_models(out, X, y)
    xgboost_model(out, X, y)
    cnn1d(out)


if __name__ == "__main__":
    main()
