#!/usr/bin/python3
"""The benchmark registry: every case's Python side, its README row and its
target, and the driver that times Go and Python alternately.

  bench_cases.py run CASE [--repeat N] [--archive A] [--home H] [--scale D]
      times the Python side of CASE (scikit-learn 1.2, SciPy, NumPy) and
      prints one JSON object with the keys scripts/bench (the Go side)
      prints: case, side, times, values.
  bench_cases.py drive --go-bin BIN [--rounds R] [--repeat N] [--readme FILE] [CASE ...]
      alternates the Go and the Python side of each case for R rounds (Go
      first in odd rounds, Python first in even ones, so both see the same
      swings of a shared machine), keeps each side's best time, checks that
      the values agree, prints the tables and, with --readme, writes them
      between README's "<!-- bench:begin -->" and "<!-- bench:end -->" (the
      corpus cases) and "<!-- bench-scale:begin -->" … "<!-- bench-scale:end -->"
      (the scale cases); each table is rewritten whole, from one run.
  bench_cases.py list
      prints the cases' names.

scripts/bench.sh is the command to use: it builds scripts/bench and calls
drive. Setup (loading the corpus, vectorising, reading an .npz) is never
timed; each side's peak resident memory is measured around its whole run.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings

LESSON = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]
REMOVE = ("headers", "footers", "quotes")


class Env:
    """Loads and keeps the inputs the cases share (the Go side's env)."""

    def __init__(self, archive, home, scale):
        self.archive, self.home, self.scale = archive, home, scale
        self.posts, self.mats = {}, {}

    def fetch(self, sel, cached=True):
        from sklearn.datasets import _twenty_newsgroups as tn

        def fetch_local(remote, dirname=None):  # no network: copy the local archive
            dst = os.path.join(dirname, remote.filename)
            shutil.copyfile(self.archive, dst)
            return dst

        tn._fetch_remote = fetch_local
        os.makedirs(self.home, exist_ok=True)
        if cached and sel in self.posts:
            return self.posts[sel]
        kw = {"lesson": dict(subset="train", categories=LESSON, remove=REMOVE),
              "train": dict(subset="train", remove=REMOVE),
              "all": dict(subset="all", remove=REMOVE),
              "allraw": dict(subset="all", remove=())}[sel]
        self.posts[sel] = tn.fetch_20newsgroups(data_home=self.home, **kw).data
        return self.posts[sel]

    def matrix(self, sel, vec):
        key = sel + "-" + vec
        if key not in self.mats:
            self.mats[key] = vectorize(vec, self.fetch(sel))
        return self.mats[key]

    def scale_matrix(self, name):
        import scipy.sparse as sp
        path = os.path.join(self.scale, name + ".npz")
        if not os.path.exists(path):
            raise SystemExit(f"bench: {path} is missing; write it with: /usr/bin/python3 scripts/gen_scale.py {self.scale}")
        if name not in self.mats:
            self.mats[name] = sp.load_npz(path).tocsr()
        return self.mats[name]


def vectorize(vec, docs):
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    cls = TfidfVectorizer if vec == "tfidf" else CountVectorizer
    return cls(stop_words="english").fit_transform(docs)


def load_case(sel):
    def setup(e):
        e.fetch(sel)  # builds scikit-learn's cache once
        return lambda: {"n_docs": len(e.fetch(sel, cached=False))}
    return setup


def vec_case(sel, vec):
    def setup(e):
        docs = e.fetch(sel)

        def run():
            x = vectorize(vec, docs)
            return {"shape": list(x.shape), "nnz": int(x.nnz), "sum": float(x.sum())}
        return run
    return setup


def full_case(sel, vec):
    def setup(e):
        from scipy import linalg
        x = e.matrix(sel, vec).toarray()
        return lambda: {"s_head": [float(v) for v in linalg.svd(x, full_matrices=False)[1][:5]]}
    return setup


def rsvd_case(get, k, n_iter=None, dense=False):
    def setup(e):
        from sklearn.utils.extmath import randomized_svd
        x = get(e)
        if dense:
            x = x.toarray()
        kw = {} if n_iter is None else {"n_iter": n_iter}
        return lambda: {"s_head": [float(v) for v in randomized_svd(x, k, random_state=0, **kw)[1][:5]]}
    return setup


def corpus(sel, vec):
    return lambda e: e.matrix(sel, vec)


def scale(name):
    return lambda e: e.scale_matrix(name)


def nmf_case(get, k):
    def setup(e):
        from sklearn.decomposition import NMF
        x = get(e)

        def run():
            est = NMF(n_components=k, random_state=1)
            est.fit_transform(x)
            return {"reconstruction_err": float(est.reconstruction_err_), "n_iter": int(est.n_iter_)}
        return run
    return setup


def minibatch_case(get, k, batch=None, init=None):
    def setup(e):
        from sklearn.decomposition import MiniBatchNMF
        x = get(e)
        kw = {}
        if batch:
            kw["batch_size"] = batch
        if init:
            kw["init"] = init

        def run():
            est = MiniBatchNMF(n_components=k, random_state=1, **kw)
            est.fit_transform(x)
            return {"reconstruction_err": float(est.reconstruction_err_), "n_iter": int(est.n_iter_), "n_steps": int(est.n_steps_)}
        return run
    return setup


def read_case(name):
    def setup(e):
        def run():
            e.mats.pop(name, None)
            x = e.scale_matrix(name)
            return {"shape": list(x.shape), "nnz": int(x.nnz), "sum": float(x.sum())}
        return run
    return setup


SGD_PY_STEPS = 3  # the dense numpy steps take about a second each: time 3, scale to 50


def sgd_case(e):
    """The lesson's numpy cells (dense W·H − M every step)."""
    import numpy as np
    M = e.matrix("lesson", "tfidf")
    m, n = M.shape
    d, lam, lr, mu = 5, 1e3, 1e-2, 1e-6

    def penalty(A):
        return np.where(A >= mu, 0, np.minimum(A - mu, 0))

    def run():
        rs = np.random.RandomState(0)
        W = np.abs(rs.normal(scale=0.01, size=(m, d)))
        H = np.abs(rs.normal(scale=0.01, size=(d, n)))
        t0 = time.perf_counter()
        for _ in range(SGD_PY_STEPS):
            R = W @ H - M
            dW, dH = R @ H.T + penalty(W) * lam, W.T @ R + penalty(H) * lam
            W -= lr * dW
            H -= lr * dH
        return {"_seconds": (time.perf_counter() - t0) * 50 / SGD_PY_STEPS}
    return run


# The registry: name → README step, README case, target (Go/Python at most),
# the Python side. scripts/bench/main.go has the same names.
CASES = {
    "load-lesson": ("load (from cache)", "lesson: 4 categories, stripped (2,034 posts)", 0.3, load_case("lesson")),
    "load-train": ("load (from cache)", "train, 20 categories, stripped (11,314)", None, load_case("train")),
    "vec-lesson-count": ("vectorize", "lesson, counts", 0.3, vec_case("lesson", "count")),
    "vec-lesson-tfidf": ("vectorize", "lesson, tf-idf", 0.3, vec_case("lesson", "tfidf")),
    "vec-all-count": ("vectorize", "all 18,846 posts, stripped, counts", 0.3, vec_case("all", "count")),
    "vec-all-tfidf": ("vectorize", "all 18,846 posts, stripped, tf-idf", 0.3, vec_case("all", "tfidf")),
    "full-lesson-count": ("full SVD", "lesson counts 2034×26576 (SciPy `linalg.svd`, dense)", 1.0, full_case("lesson", "count")),
    "rsvd-lesson-count": ("randomized SVD k=5", "lesson counts, sparse", 0.5, rsvd_case(corpus("lesson", "count"), 5)),
    "rsvd-lesson-count-dense": ("randomized SVD k=5", "lesson counts, dense", 0.5, rsvd_case(corpus("lesson", "count"), 5, dense=True)),
    "rsvd-train-tfidf": ("randomized SVD k=20", "20 categories' tf-idf 11314×101322", 0.5, rsvd_case(corpus("train", "tfidf"), 20)),
    "nmf-lesson-count": ("NMF k=5 (cd, nndsvda)", "lesson counts", 0.5, nmf_case(corpus("lesson", "count"), 5)),
    "nmf-lesson-tfidf": ("NMF k=5 (cd, nndsvda)", "lesson tf-idf", 0.5, nmf_case(corpus("lesson", "tfidf"), 5)),
    "nmf-train-tfidf": ("NMF k=20 (cd, nndsvda)", "20 categories' tf-idf", 0.5, nmf_case(corpus("train", "tfidf"), 20)),
    "sgd-lesson-tfidf": ("SGD NMF, 50 steps", "lesson tf-idf (numpy: the lesson's dense code; 3 steps timed, scaled to 50)", 0.01, sgd_case),
    "minibatch-lesson-tfidf": ("MiniBatchNMF k=5", "lesson tf-idf, defaults (batch 1024, nndsvda)", 1.0, minibatch_case(corpus("lesson", "tfidf"), 5)),
    "minibatch-lesson-tfidf-b256": ("MiniBatchNMF k=5", "lesson tf-idf, batch 256, random init", 1.0, minibatch_case(corpus("lesson", "tfidf"), 5, 256, "random")),
    "rsvd-scale-1e7": ("randomized SVD k=10, n_iter=2", "10⁶×10⁵, 10⁷ Zipf draws (`gen_scale.py`)", 0.2, rsvd_case(scale("X-1e7"), 10, n_iter=2)),
    "rsvd-scale-1e8": ("randomized SVD k=10, n_iter=2", "10⁶×10⁵, 10⁸ Zipf draws (`gen_scale.py`)", 0.2, rsvd_case(scale("X-1e8"), 10, n_iter=2)),
    "nmf-scale-1e7": ("NMF k=10 (cd, nndsvda)", "10⁶×10⁵, 10⁷ Zipf draws", 0.3, nmf_case(scale("X-1e7"), 10)),
    "minibatch-scale-1e8": ("MiniBatchNMF k=10", "10⁶×10⁵, 10⁸ Zipf draws, defaults (batch 1024, nndsvda)", 1.0, minibatch_case(scale("X-1e8"), 10)),
    "read-scale-1e7": ("read .npz (`save_npz`, compressed)", "10⁶×10⁵, 10⁷ Zipf draws (scipy `load_npz`)", None, read_case("X-1e7")),
    "read-scale-1e8": ("read .npz (`save_npz`, compressed)", "10⁶×10⁵, 10⁸ Zipf draws (scipy `load_npz`)", None, read_case("X-1e8")),
}
# The cases a plain drive runs; the scale ones need gen_scale.py's files.
DEFAULT = [c for c in CASES if "scale" not in c]


def run_case(args):
    warnings.simplefilter("ignore")
    if args.case not in CASES:
        raise SystemExit(f"bench_cases.py: unknown case {args.case!r}; want one of {', '.join(CASES)}")
    e = Env(args.archive, args.home, args.scale)
    run = CASES[args.case][3](e)
    times, vals = [], {}
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        vals = run()
        times.append(vals.pop("_seconds", time.perf_counter() - t0))
    print(json.dumps({"case": args.case, "side": "python", "times": times, "values": vals}), flush=True)


def timed(cmd):
    """Runs cmd under /usr/bin/time; returns its JSON line and peak RSS (MB)."""
    with tempfile.NamedTemporaryFile("r") as f:
        p = subprocess.run(["/usr/bin/time", "-o", f.name, "-f", "%M"] + cmd, stdout=subprocess.PIPE, text=True)
        rss = f.read().strip().splitlines()
    if p.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed (exit {p.returncode})")
    return json.loads(p.stdout.strip().splitlines()[-1]), int(rss[-1]) / 1024 if rss else float("nan")


def agreement(a, b):
    """Largest relative difference between two values dicts (∞ on mismatch)."""
    worst = 0.0
    for k in set(a) & set(b):
        x, y = a[k], b[k]
        xs, ys = (x, y) if isinstance(x, list) else ([x], [y])
        if len(xs) != len(ys):
            return float("inf")
        for u, v in zip(xs, ys):
            if isinstance(u, list):
                if u != v:
                    return float("inf")
                continue
            if u == v:
                continue
            worst = max(worst, abs(u - v) / max(abs(v), 1e-300))
    return worst


def drive(args):
    cases = args.cases or DEFAULT
    for c in cases:
        if c not in CASES:
            raise SystemExit(f"bench: unknown case {c!r}; want one of {', '.join(CASES)}")
    common = ["--archive", args.archive, "--home", args.home, "--scale", args.scale]
    best = {}
    load = lambda: open("/proc/loadavg").read().split()[:3]
    print(f"load average before: {' '.join(load())}", file=sys.stderr)
    for r in range(args.rounds):
        for c in cases:
            go = [args.go_bin, "-case", c, "-repeat", str(args.repeat), "-archive", args.archive, "-scale", args.scale]
            py = [sys.executable, os.path.abspath(__file__), "run", c, "--repeat", str(args.repeat)] + common
            order = [("go", go), ("python", py)] if r % 2 == 0 else [("python", py), ("go", go)]
            for side, cmd in order:
                print(f"round {r + 1}/{args.rounds}: {c} ({side})", file=sys.stderr, flush=True)
                res, rss = timed(cmd)
                t = min(res["times"])
                key = (c, side)
                if key not in best or t < best[key][0]:
                    best[key] = (t, res["values"], rss)
                else:
                    best[key] = (best[key][0], best[key][1], max(best[key][2], rss))
    after = load()
    how = (f"<!-- made by: bash scripts/bench.sh --rounds {args.rounds} --repeat {args.repeat} {' '.join(args.cases or [])}".rstrip()
           + f"; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} CPUs ({cpu_model()}); load average {' '.join(after)} after -->")
    tables = {}
    for block in sorted({block_of(c) for c in cases}):
        tables[block] = table_of([c for c in cases if block_of(c) == block], best)
        print(tables[block])
    print(how)
    if args.readme:
        text = open(args.readme).read()
        for block, table in tables.items():
            missing = [c for c in CASES if block_of(c) == block and c not in cases]
            if missing:
                raise SystemExit(f"bench: --readme rewrites README's {block} table whole; run its other cases too ({' '.join(missing)}) or drop --readme")
            begin, end = f"<!-- {block}:begin -->", f"<!-- {block}:end -->"
            if begin not in text or end not in text:
                raise SystemExit(f"bench: {args.readme} has no {begin} … {end} block to replace")
            text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda m: begin + "\n" + how + "\n" + table + "\n" + end, text, flags=re.S)
        tmp = args.readme + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, args.readme)
        print(f"bench: wrote the {' and '.join(tables)} table(s) into {args.readme}", file=sys.stderr)


def block_of(case):
    """README's table for a case: the scale cases (gen_scale.py's matrices)
    have their own, between "<!-- bench-scale:begin -->" and "<!-- bench-scale:end -->",
    so each table can be remade alone."""
    return "bench-scale" if "scale" in case else "bench"


def table_of(cases, best):
    """The Markdown table of the cases' best times, ratios, agreement and memory."""
    rows = ["| step | case | Go (s) | Python (s) | Go/Python | target | met | values agree to | peak memory Go / Python (MB) |",
            "|---|---|---|---|---|---|---|---|---|"]
    for c in cases:
        step, label, target, _ = CASES[c]
        (tg, vg, mg), (tp, vp, mp) = best[(c, "go")], best[(c, "python")]
        ratio = tg / tp
        met = "" if target is None else ("yes" if ratio <= target else "no")
        agree = agreement(vg, vp)
        agree_s = "—" if not (set(vg) & set(vp)) else ("exact" if agree == 0 else f"{agree:.1e}")
        rows.append(f"| {step} | {label} | {tg:.3g} | {tp:.3g} | {ratio:.2g} | {'—' if target is None else '≤ ' + str(target)} | {met} | {agree_s} | {mg:.0f} / {mp:.0f} |")
    return "\n".join(rows)


def cpu_model():
    """The processor's name as /proc/cpuinfo gives it ("unknown" elsewhere)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    default_scale = os.path.join(os.environ.get("TMPDIR") or "/tmp", "topicmodel-scale")
    default_home = os.path.join(os.environ.get("TMPDIR") or "/tmp", "topicmodel-bench-sklearn")
    for name in ("run", "drive"):
        p = sub.add_parser(name)
        p.add_argument("--archive", default=os.environ.get("TOPICMODEL_ARCHIVE", ""))
        p.add_argument("--home", default=os.environ.get("SKLEARN_BENCH_HOME", default_home))
        p.add_argument("--scale", default=default_scale)
        p.add_argument("--repeat", type=int, default=3)
    sub.choices["run"].add_argument("case")
    d = sub.choices["drive"]
    d.add_argument("--go-bin", required=True)
    d.add_argument("--rounds", type=int, default=1)
    d.add_argument("--readme")
    d.add_argument("cases", nargs="*")
    sub.add_parser("list")
    args = ap.parse_args()
    if args.cmd == "list":
        print("\n".join(CASES))
    elif args.cmd == "run":
        run_case(args)
    else:
        drive(args)


if __name__ == "__main__":
    main()
