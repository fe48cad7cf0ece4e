"""Times Augur's ONNX runtime against onnxruntime on the same models, inputs and batch sizes, in one run.

A benchmark, not a test: it prints a table and exits non-zero only when a model fails to run or Augur's
outputs disagree with onnxruntime's. Called by runtime_bench.sh, which makes the models first.

For each model and batch size (1, 32, 512), alternating the two runtimes for --rounds rounds:
  Augur:        `augur run MODEL.onnx --input rows.json --warmup W --repeat N --timing` (the model is run
                N times in-process; the line it prints to stderr gives mean and p50 per run);
  onnxruntime:  an InferenceSession with intra_op_num_threads=1, inter_op_num_threads=1 (sequential),
                W untimed then N timed `session.run` calls on the same float32 batch.
The median over rounds of each side's p50 and mean is shown, with the ratio Augur / onnxruntime.

Memory: the peak resident set (VmHWM) of a process that loads the model and runs it once on one row,
and its growth over the process before loading (Augur: at process start; onnxruntime: after importing
numpy and onnxruntime).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

MODELS = ["logreg", "random_forest", "xgboost", "mlp", "cnn1d"]
TREE_MODELS = {"random_forest", "xgboost"}
BATCHES = [1, 32, 512]


def repeats_for(batch, scale):
    return max(5, int({1: 2000, 32: 500, 512: 60}[batch] * scale))


def ort_session(path):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def time_ort(session, batch, warmup, repeat):
    feed = {session.get_inputs()[0].name: batch}
    for _ in range(warmup):
        session.run(None, feed)
    times = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        session.run(None, feed)
        times.append(time.perf_counter_ns() - start)
    return statistics.mean(times) / 1000, statistics.median(times) / 1000


def time_augur(augur, model_path, rows_path, warmup, repeat):
    result = subprocess.run(
        [augur, "run", model_path, "--input", rows_path, "--warmup", str(warmup), "--repeat", str(repeat), "--timing"],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"augur run {model_path} failed: {result.stderr.strip()}")
    fields = dict(re.findall(r"(\w+)=(-?[\d.]+)", result.stderr))
    return float(fields["mean_us"]), float(fields["p50_us"]), json.loads(result.stdout), fields


def max_difference(augur_response, ort_outputs, ort_names):
    """Largest absolute difference over the floating-point outputs both runtimes return."""
    import numpy as np

    worst = 0.0
    by_name = {o["name"]: o for o in augur_response["outputs"]}
    for name, value in zip(ort_names, ort_outputs):
        value = np.asarray(value)
        if name not in by_name or value.dtype.kind != "f":
            continue
        mine = np.asarray([np.nan if x is None else x for x in by_name[name]["data"]], dtype=np.float64)
        worst = max(worst, float(np.max(np.abs(mine - value.astype(np.float64).ravel()))))
    return worst


ORT_MEMORY_PROBE = r"""
import sys, numpy as np, onnxruntime as ort
def kb(field):
    for line in open('/proc/self/status'):
        if line.startswith(field + ':'):
            return int(line.split()[1])
before = kb('VmRSS')
o = ort.SessionOptions(); o.intra_op_num_threads = 1; o.inter_op_num_threads = 1
s = ort.InferenceSession(sys.argv[1], o, providers=['CPUExecutionProvider'])
x = np.load(sys.argv[2])[:1]
s.run(None, {s.get_inputs()[0].name: x})
print(before, kb('VmHWM'))
"""


def memory(augur, python, model_path, npy_path, rows1_path):
    _, _, _, fields = time_augur(augur, model_path, rows1_path, 0, 1)
    augur_peak, augur_before = int(fields["peak_rss_kb"]), int(fields["rss_before_load_kb"])
    out = subprocess.run([python, "-c", ORT_MEMORY_PROBE, model_path, npy_path], capture_output=True, text=True, check=True)
    ort_before, ort_peak = map(int, out.stdout.split())
    return augur_peak, augur_peak - augur_before, ort_peak, ort_peak - ort_before


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models_dir", help="directory written by make_bench_models.py")
    parser.add_argument("--augur", default=".build/release/augur")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the run counts")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--csv", help="also write the rows as CSV here")
    args = parser.parse_args()

    import numpy as np
    import onnxruntime as ort

    print(f"onnxruntime {ort.__version__} (1 intra-op thread, sequential); augur {args.augur}; "
          f"{args.rounds} rounds, median shown; times are per run in microseconds")
    rows, failures, memory_rows = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for name in MODELS:
            model_path = os.path.join(args.models_dir, f"{name}.onnx")
            npy_path = os.path.join(args.models_dir, f"{name}.input.npy")
            data = np.load(npy_path).astype(np.float32)
            session = ort_session(model_path)
            names = [o.name for o in session.get_outputs()]
            row_files = {}
            for batch in BATCHES:
                path = os.path.join(tmp, f"{name}-{batch}.json")
                with open(path, "w") as f:
                    json.dump(data[:batch].tolist(), f)
                row_files[batch] = path
            for batch in BATCHES:
                x = np.ascontiguousarray(data[:batch])
                repeat = repeats_for(batch, args.scale)
                a_means, a_p50s, o_means, o_p50s = [], [], [], []
                difference = 0.0
                for _ in range(args.rounds):
                    mean, p50, response, _ = time_augur(args.augur, model_path, row_files[batch], args.warmup, repeat)
                    a_means.append(mean)
                    a_p50s.append(p50)
                    mean, p50 = time_ort(session, x, args.warmup, repeat)
                    o_means.append(mean)
                    o_p50s.append(p50)
                    difference = max(difference, max_difference(response, session.run(None, {session.get_inputs()[0].name: x}), names))
                row = dict(model=name, batch=batch, runs=repeat,
                           augur_p50=statistics.median(a_p50s), ort_p50=statistics.median(o_p50s),
                           augur_mean=statistics.median(a_means), ort_mean=statistics.median(o_means),
                           max_diff=difference)
                row["ratio_p50"] = row["augur_p50"] / row["ort_p50"]
                row["ratio_mean"] = row["augur_mean"] / row["ort_mean"]
                limit = 1.0 if name in TREE_MODELS else 2.0
                row["target"] = limit
                row["ok"] = row["ratio_p50"] <= limit
                if difference > 1e-3:
                    failures.append(f"{name} batch {batch}: outputs differ from onnxruntime by {difference:g}")
                rows.append(row)
                print(f"  {name:14} batch {batch:4}: augur p50 {row['augur_p50']:10.2f}  onnxruntime p50 {row['ort_p50']:10.2f}"
                      f"  ratio {row['ratio_p50']:.2f}", flush=True)
            memory_rows.append((name, *memory(args.augur, sys.executable, model_path, npy_path, row_files[1])))

    print()
    header = f"{'model':14} {'batch':>5} {'runs':>5} {'augur p50':>11} {'ort p50':>11} {'ratio':>6} {'augur mean':>11} {'ort mean':>11} {'ratio':>6} {'target':>7} {'max |diff|':>10}"
    print(header)
    print("-" * len(header))
    for r in rows:
        flag = "" if r["ok"] else "  OVER"
        print(f"{r['model']:14} {r['batch']:>5} {r['runs']:>5} {r['augur_p50']:>11.2f} {r['ort_p50']:>11.2f} {r['ratio_p50']:>6.2f}"
              f" {r['augur_mean']:>11.2f} {r['ort_mean']:>11.2f} {r['ratio_mean']:>6.2f} {'<= ' + str(r['target']):>7} {r['max_diff']:>10.2g}{flag}")
    print()
    print("peak memory holding each model (VmHWM after loading it and running one row; growth over the process before loading)")
    header = f"{'model':14} {'augur peak MiB':>15} {'augur +load MiB':>16} {'ort peak MiB':>13} {'ort +load MiB':>14}"
    print(header)
    print("-" * len(header))
    for name, a_peak, a_delta, o_peak, o_delta in memory_rows:
        print(f"{name:14} {a_peak / 1024:>15.1f} {a_delta / 1024:>16.1f} {o_peak / 1024:>13.1f} {o_delta / 1024:>14.1f}")
    over = [r for r in rows if not r["ok"]]
    print()
    print(f"{len(rows) - len(over)} of {len(rows)} rows within target (p50 ratio <= 2.0, <= 1.0 for tree models)")
    if args.csv:
        with open(args.csv, "w") as f:
            keys = list(rows[0].keys())
            f.write(",".join(keys) + "\n")
            for r in rows:
                f.write(",".join(str(r[k]) for k in keys) + "\n")
    for failure in failures:
        print("ERROR:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
