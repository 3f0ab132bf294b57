#!/usr/bin/env python3
"""Reference values for io.strec.encoder.store transforms, computed independently with numpy/LAPACK.

Run from this directory:  python3 transforms_reference.py
It writes transforms_reference.json beside itself, which TransformsReferenceTest reads.

Conventions, the same as the Java code (and documented there):
  * the data are float32 values (Java fits on float[][]), widened to float64 for all arithmetic;
  * covariance and std use the population estimate (divide by n, numpy bias=True / ddof=0);
  * eigenvalues descending; each eigenvector signed so its largest-|.| component is positive;
  * standardize: (x - mean) / std;
  * whitening (ZCA): (x - mean) @ V diag(1/sqrt(lambda + eps)) V^T;
  * pca: (x - mean) @ V[:, :k]; whitened pca also divides column j by sqrt(lambda_j + eps).
Probe rows are vectors outside the training data, transformed with the fitted parameters.
"""
import json
import os

import numpy as np

MATRIX = [
    [1.00, -1.55, 0.35, 2.32, -0.27],
    [-0.98, -2.41, 1.86, 2.92, -0.59],
    [1.98, -1.22, 0.75, 2.37, 0.04],
    [2.39, -3.67, -0.50, 1.58, -0.50],
    [-2.68, -3.27, -0.86, 2.94, -0.46],
    [0.63, -5.87, -1.05, 2.86, -0.02],
    [-2.06, -3.48, -0.67, 2.24, -0.12],
    [-0.62, -2.45, 1.37, 2.77, -0.35],
    [1.22, -1.85, -0.70, 2.81, 0.58],
    [-2.09, -1.48, 0.96, 2.57, 0.27],
    [2.52, -3.42, 0.09, 3.42, 0.21],
    [2.37, -1.76, 1.14, 4.14, 0.08],
]
PROBES = [
    [0.20, -0.46, 0.13, -1.19, -0.58],
    [-0.20, 0.90, 1.15, -1.32, -0.79],
    [0.65, -1.99, -0.46, -0.10, 1.26],
]
PCA_K = 3
WHITENING_EPSILON = 0.05


def f32(rows):
    return np.array(rows, dtype=np.float32).astype(np.float64)


def signed_eigh(c):
    values, vectors = np.linalg.eigh(c)  # ascending, columns
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    for j in range(vectors.shape[1]):
        i = int(np.argmax(np.abs(vectors[:, j])))  # first index on ties
        if vectors[i, j] < 0:
            vectors[:, j] = -vectors[:, j]
    return values, vectors


def main():
    x = f32(MATRIX)
    probes = f32(PROBES)
    mean = x.mean(axis=0)
    cov = np.cov(x, rowvar=False, bias=True)
    values, vectors = signed_eigh(cov)

    std = x.std(axis=0, ddof=0)

    def standardize(v):
        return (v - mean) / std

    def zca(eps):
        w = vectors @ np.diag(1.0 / np.sqrt(values + eps)) @ vectors.T
        return lambda v: (v - mean) @ w

    top = vectors[:, :PCA_K]

    def pca(v):
        return (v - mean) @ top

    def pca_whitened(v):
        return pca(v) / np.sqrt(values[:PCA_K])

    out = {
        "generator": "transforms_reference.py, numpy " + np.__version__,
        "matrix": x.tolist(),
        "probes": probes.tolist(),
        "mean": mean.tolist(),
        "covariance": cov.tolist(),
        "eigenvalues": values.tolist(),
        "eigenvectors": vectors.T.tolist(),  # rows
        "standardized": standardize(x).tolist(),
        "standardized_probes": standardize(probes).tolist(),
        "whitened": zca(0.0)(x).tolist(),
        "whitened_probes": zca(0.0)(probes).tolist(),
        "whitening_epsilon": WHITENING_EPSILON,
        "whitened_epsilon": zca(WHITENING_EPSILON)(x).tolist(),
        "pca_k": PCA_K,
        "pca": pca(x).tolist(),
        "pca_probes": pca(probes).tolist(),
        "pca_whitened": pca_whitened(x).tolist(),
        "pca_whitened_probes": pca_whitened(probes).tolist(),
        "pca_explained_variance_ratio": float(values[:PCA_K].sum() / values.sum()),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "transforms_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
