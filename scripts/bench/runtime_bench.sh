#!/usr/bin/env bash
# runtime_bench.sh — times Augur's ONNX runtime against onnxruntime (Python, one intra-op thread) on the same
# models and batches, in the same run, and prints per-row time ratios and the peak memory of holding each model.
# A benchmark, not a test: it fails only when a model does not run or Augur's outputs disagree with onnxruntime's.
#
# Models (made by scripts/models/make_bench_models.py into a temp dir): logistic regression (20 features),
# random forest (100 trees, depth 8), XGBoost (100 trees), MLP 64-64-64 and a small 1D CNN; batches 1, 32, 512.
# Targets: Augur/onnxruntime p50 ratio <= 2.0 on every row, <= 1.0 on the tree-model rows.
#
# Environment (defaults in brackets):
#   AUGUR_BIN      the augur executable [built here: swift build -c release --scratch-path .build-native with
#                  AUGUR_NATIVE=1, i.e. with the AVX2/FMA kernels; build with AUGUR_NATIVE=0 for the portable one]
#   AUGUR_PYTHON   python with numpy, onnxruntime, scikit-learn, skl2onnx, onnxmltools, xgboost [python3]
#                  (scripts/requirements-models.txt)
#   BENCH_ROUNDS   rounds per row, alternating the runtimes; the median is shown [3]
#   BENCH_SCALE    multiplies the runs per round (2000 / 500 / 60 for batch 1 / 32 / 512) [1]
#   BENCH_MODELS   reuse models already written to this directory instead of making them
#   BENCH_OUT      also write the rows as CSV to this file
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
PYTHON=${AUGUR_PYTHON:-python3}
if [[ -z "${AUGUR_BIN:-}" ]]; then
    echo "runtime_bench: building augur (release, AUGUR_NATIVE=1) in .build-native" >&2
    (cd "$root" && AUGUR_NATIVE=1 swift build -c release --product augur --scratch-path .build-native >&2)
    AUGUR_BIN="$root/.build-native/release/augur"
fi

if [[ ! -x "$AUGUR_BIN" ]]; then
    echo "runtime_bench: no augur executable at $AUGUR_BIN (build with 'AUGUR_NATIVE=1 swift build -c release' for AVX2/FMA kernels, or set AUGUR_BIN)" >&2
    exit 2
fi
AUGUR_BIN=$(cd "$(dirname "$AUGUR_BIN")" && pwd)/$(basename "$AUGUR_BIN")

models=${BENCH_MODELS:-}
if [[ -z "$models" ]]; then
    models=$(mktemp -d -t augur-runtime-bench.XXXXXX)
    trap 'rm -rf "$models"' EXIT
    "$PYTHON" "$root/scripts/models/make_bench_models.py" "$models" >&2
fi

args=("$models" --augur "$AUGUR_BIN" --rounds "${BENCH_ROUNDS:-3}" --scale "${BENCH_SCALE:-1}")
[[ -n "${BENCH_OUT:-}" ]] && args+=(--csv "$BENCH_OUT")
exec "$PYTHON" "$here/runtime_bench.py" "${args[@]}"
