"""Trains small, seeded scikit-learn / XGBoost / LightGBM models, exports them to ONNX and writes
test fixtures (model.onnx, inputs.json, expected.json = onnxruntime's outputs) under
Tests/AugurRuntimeTests/Fixtures/models/<name>/.

Usage: $AUGUR_PYTHON scripts/models/make_models.py [output_dir]
Needs scikit-learn, skl2onnx, onnxmltools, xgboost, lightgbm, onnxruntime, numpy.
"""
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fixture_io import write_fixture  # noqa: E402

from sklearn.datasets import make_classification, make_regression  # noqa: E402
from sklearn.ensemble import (GradientBoostingClassifier, GradientBoostingRegressor,  # noqa: E402
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import SVC, SVR, OneClassSVM, LinearSVC  # noqa: E402
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor  # noqa: E402
from skl2onnx import to_onnx  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(ROOT, "Tests", "AugurRuntimeTests", "Fixtures", "models")
OPSETS = {"": 17, "ai.onnx.ml": 3}
ROWS = 16


def classification(classes, features=6, seed=0):
    X, y = make_classification(n_samples=300, n_features=features, n_informative=4, n_redundant=1,
                               n_classes=classes, n_clusters_per_class=1, random_state=seed)
    return X.astype(np.float32), y


def regression(features=5, seed=0):
    X, y = make_regression(n_samples=300, n_features=features, noise=5.0, random_state=seed)
    return X.astype(np.float32), y.astype(np.float32)


def sklearn_onnx(model, X, zipmap=True):
    options = None if zipmap else {id(model): {"zipmap": False}}
    return to_onnx(model, X[:1], target_opset=OPSETS, options=options)


def add_sklearn(fixtures, name, model, X, classifier):
    batch = {"X": X[:ROWS]}
    if classifier:
        fixtures.append((name, sklearn_onnx(model, X, zipmap=False), batch))
        fixtures.append((name + "_zipmap", sklearn_onnx(model, X, zipmap=True), batch))
    else:
        fixtures.append((name, sklearn_onnx(model, X), batch))


def build(out):
    from onnxmltools import convert_lightgbm, convert_xgboost
    from onnxmltools.convert.common.data_types import FloatTensorType
    import lightgbm
    import xgboost

    fixtures = []
    Xb, yb = classification(2, seed=1)
    Xm, ym = classification(3, seed=2)
    Xr, yr = regression(seed=3)

    add_sklearn(fixtures, "logreg_binary", LogisticRegression(max_iter=500).fit(Xb, yb), Xb, True)
    add_sklearn(fixtures, "logreg_multiclass", LogisticRegression(max_iter=500).fit(Xm, ym), Xm, True)
    add_sklearn(fixtures, "linear_regression", LinearRegression().fit(Xr, yr), Xr, False)
    add_sklearn(fixtures, "ridge", Ridge(alpha=0.5).fit(Xr, yr), Xr, False)
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).fit(Xm * 10 + 3, ym)
    add_sklearn(fixtures, "scaler_logreg", pipeline, Xm * 10 + 3, True)
    add_sklearn(fixtures, "decision_tree", DecisionTreeClassifier(max_depth=4, random_state=0).fit(Xm, ym), Xm, True)
    add_sklearn(fixtures, "decision_tree_regressor", DecisionTreeRegressor(max_depth=4, random_state=0).fit(Xr, yr), Xr, False)
    add_sklearn(fixtures, "random_forest", RandomForestClassifier(n_estimators=5, max_depth=4, random_state=0).fit(Xm, ym), Xm, True)
    add_sklearn(fixtures, "random_forest_binary", RandomForestClassifier(n_estimators=5, max_depth=3, random_state=0).fit(Xb, yb), Xb, True)
    add_sklearn(fixtures, "random_forest_regressor", RandomForestRegressor(n_estimators=5, max_depth=4, random_state=0).fit(Xr, yr), Xr, False)
    add_sklearn(fixtures, "gradient_boosting", GradientBoostingClassifier(n_estimators=8, max_depth=3, random_state=0).fit(Xm, ym), Xm, True)
    add_sklearn(fixtures, "gradient_boosting_binary", GradientBoostingClassifier(n_estimators=8, max_depth=3, random_state=0).fit(Xb, yb), Xb, True)
    add_sklearn(fixtures, "gradient_boosting_regressor", GradientBoostingRegressor(n_estimators=8, max_depth=3, random_state=0).fit(Xr, yr), Xr, False)
    add_sklearn(fixtures, "mlp_classifier", MLPClassifier(hidden_layer_sizes=(8,), max_iter=300, random_state=0).fit(Xm, ym), Xm, True)
    add_sklearn(fixtures, "svc_rbf_proba", SVC(probability=True, random_state=0).fit(Xm, ym), Xm, True)
    add_sklearn(fixtures, "svc_linear_binary", SVC(kernel="linear").fit(Xb[:120], yb[:120]), Xb, True)
    add_sklearn(fixtures, "svc_poly_multiclass", SVC(kernel="poly", degree=3).fit(Xm[:120], ym[:120]), Xm, True)
    add_sklearn(fixtures, "linear_svc", LinearSVC().fit(Xm, ym), Xm, False)
    add_sklearn(fixtures, "svr_rbf", SVR().fit(Xr[:120], yr[:120]), Xr, False)
    add_sklearn(fixtures, "one_class_svm", OneClassSVM(gamma=0.1).fit(Xr[:120]), Xr, False)
    labels = np.array(["ant", "bee", "cat"])[ym]
    add_sklearn(fixtures, "random_forest_strings", RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0).fit(Xm, labels), Xm, True)

    initial = [("X", FloatTensorType([None, Xm.shape[1]]))]
    xgb_c = xgboost.XGBClassifier(n_estimators=6, max_depth=3, random_state=0).fit(Xm, ym)
    fixtures.append(("xgboost_classifier", convert_xgboost(xgb_c, initial_types=initial, target_opset=15), {"X": Xm[:ROWS]}))
    xgb_b = xgboost.XGBClassifier(n_estimators=6, max_depth=3, random_state=0).fit(Xb, yb)
    fixtures.append(("xgboost_binary", convert_xgboost(xgb_b, initial_types=initial, target_opset=15), {"X": Xb[:ROWS]}))
    initial_r = [("X", FloatTensorType([None, Xr.shape[1]]))]
    xgb_r = xgboost.XGBRegressor(n_estimators=6, max_depth=3, random_state=0).fit(Xr, yr)
    fixtures.append(("xgboost_regressor", convert_xgboost(xgb_r, initial_types=initial_r, target_opset=15), {"X": Xr[:ROWS]}))
    lgb_c = lightgbm.LGBMClassifier(n_estimators=6, num_leaves=7, random_state=0, verbose=-1).fit(Xm, ym)
    fixtures.append(("lightgbm_classifier", convert_lightgbm(lgb_c, initial_types=initial, zipmap=False), {"X": Xm[:ROWS]}))
    fixtures.append(("lightgbm_classifier_zipmap", convert_lightgbm(lgb_c, initial_types=initial, zipmap=True), {"X": Xm[:ROWS]}))
    lgb_b = lightgbm.LGBMClassifier(n_estimators=6, num_leaves=7, random_state=0, verbose=-1).fit(Xb, yb)
    fixtures.append(("lightgbm_binary", convert_lightgbm(lgb_b, initial_types=initial, zipmap=False), {"X": Xb[:ROWS]}))
    lgb_r = lightgbm.LGBMRegressor(n_estimators=6, num_leaves=7, random_state=0, verbose=-1).fit(Xr, yr)
    fixtures.append(("lightgbm_regressor", convert_lightgbm(lgb_r, initial_types=initial_r), {"X": Xr[:ROWS]}))

    # A few rows with missing values for the boosters, whose trees route NaN explicitly.
    Xnan = Xm[:ROWS].copy()
    Xnan[::3, 1] = np.nan
    Xnan[1::4, 4] = np.nan
    fixtures.append(("xgboost_classifier_missing", convert_xgboost(xgb_c, initial_types=initial, target_opset=15), {"X": Xnan}))
    fixtures.append(("lightgbm_classifier_missing", convert_lightgbm(lgb_c, initial_types=initial, zipmap=False), {"X": Xnan}))

    for name, model, inputs in fixtures:
        write_fixture(os.path.join(out, name), model, inputs)
        print("wrote", name)


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT)
