# Regenerates numpy_argsort.json with numpy 1.24 (Debian 12's python3-numpy):
#   /usr/bin/python3 lib/npsort/testdata/gen_numpy_argsort.py > lib/npsort/testdata/numpy_argsort.json
import json, sys
import numpy as np

rs = np.random.RandomState(5)
cases = []
for n, levels in [(1, 3), (2, 2), (17, 3), (40, 5), (100, 4), (1000, 10), (5000, 3), (300, 300)]:
    a = rs.randint(0, levels, size=n).astype(float)
    cases.append({"keys": a.tolist(), "idx": np.argsort(a).tolist()})
a = np.array([1.0, np.nan, 0.5, 0.5, np.nan, 2.0] * 20)
cases.append({"keys": [None if x != x else x for x in a.tolist()], "idx": np.argsort(a).tolist()})
ints = rs.randint(0, 6, size=2000)
json.dump({"float": cases, "int": {"keys": ints.tolist(), "idx": np.argsort(ints).tolist()}}, sys.stdout)
