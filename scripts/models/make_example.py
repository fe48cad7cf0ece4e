"""Builds the example model repository shipped in models/: a logistic regression on the iris data set,
exported with skl2onnx and published with `augur model publish` (so model.json, its checksum and its
reference statistics come from Augur itself).

Usage (from the repository root, after `swift build -c release`):
  $AUGUR_PYTHON scripts/models/make_example.py [--models models] [--augur .build/release/augur]

It also writes scripts/models/iris_input.json, two rows to try with `augur run iris --input ...`.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default=os.path.join(root, "models"))
    parser.add_argument("--augur", default=os.environ.get("AUGUR_BIN", os.path.join(root, ".build/release/augur")))
    parser.add_argument("--version", type=int, default=1)
    args = parser.parse_args()

    import numpy as np
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from skl2onnx import to_onnx

    iris = load_iris()
    X = iris.data.astype(np.float32)
    y = np.array(iris.target_names)[iris.target]  # string labels: setosa, versicolor, virginica
    model = LogisticRegression(max_iter=1000).fit(X, y)
    onx = to_onnx(model, X[:1], target_opset={"": 17, "ai.onnx.ml": 3}, options={id(model): {"zipmap": False}})
    onx.doc_string = "Logistic regression on the iris data set (scikit-learn), the Augur example model."

    target = os.path.join(args.models, "iris", str(args.version))
    if os.path.exists(target):
        shutil.rmtree(target)  # regenerate in place: the example is rebuilt, not versioned
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "iris.onnx")
        with open(path, "wb") as f:
            f.write(onx.SerializeToString())
        reference = os.path.join(tmp, "reference.json")
        with open(reference, "w") as f:
            json.dump(X.tolist(), f)
        subprocess.run(
            [args.augur, "model", "publish", path, "--name", "iris", "--version", str(args.version),
             "--models", args.models, "--reference", reference,
             "--metadata", "dataset=iris", "--metadata", "estimator=sklearn.linear_model.LogisticRegression",
             "--metadata", "features=sepal_length,sepal_width,petal_length,petal_width"],
            check=True)

    with open(os.path.join(root, "scripts", "models", "iris_input.json"), "w") as f:
        json.dump([[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]], f)
        f.write("\n")
    expected = model.predict(np.array([[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]], dtype=np.float32))
    print("scikit-learn predicts", list(expected), "for scripts/models/iris_input.json")


if __name__ == "__main__":
    sys.exit(main())
